import { html } from 'lit';
import type { Connector } from '../api/types.ts';
import type { Ui } from './host.ts';
import { heading, logo, when } from './parts.ts';

export interface CatalogHost extends Pick<Ui, 't' | 'can' | 'update'> {
  connectors: () => readonly Connector[];
  /** The customer chose a connector to connect. */
  pick: (connector: Connector) => void;
}

/** The vendor's connectors, with a search box once there are more than six. */
export class CatalogView {
  readonly #host: CatalogHost;
  #query = '';

  constructor(host: CatalogHost) {
    this.#host = host;
  }

  render() {
    const { t, can, connectors, pick } = this.#host;
    const all = connectors();
    const q = this.#query.trim().toLowerCase();
    const shown = q ? all.filter((c) => `${c.name} ${c.kindName} ${c.description}`.toLowerCase().includes(q)) : all;
    const manage = can('ManageEndpoint');
    return html`${heading(t('tabAdd'))}
    ${when(!manage, () => html`<p>${t('readOnly')}</p>`)}
    ${when(
      all.length > 6,
      () => html`<input type="search" part="search" class="search" aria-label=${t('search')} placeholder=${t('search')}
        .value=${this.#query} @input=${(e: Event) => {
          this.#query = (e.target as HTMLInputElement).value;
          this.#host.update();
        }} />`,
    )}
    ${when(all.length === 0, () => html`<p>${t('none')}</p>`)}
    ${when(shown.length === 0 && all.length > 0, () => html`<p>${t('noMatch', { q: this.#query })}</p>`)}
    <ul class="grid" role="list">
      ${shown.map(
        (c) => html`<li>
          <button type="button" part="connector" class="card" ?disabled=${!manage} @click=${() => pick(c)}>
            ${logo(c.logo, c.kindLogo)}<span class="name">${c.name}</span>
            ${when(c.description || c.kindName !== c.name, () => html`<span class="muted">${c.description || c.kindName}</span>`)}
          </button>
        </li>`,
      )}
    </ul>`;
  }
}
