import { html } from 'lit';
import type { ConnectorPicker } from '../connector-picker/connector-picker.ts';
import { heading, logo, when } from './parts.ts';

/** The vendor's connectors, with a search box once there are more than six. */
export function catalogView(p: ConnectorPicker) {
  const all = p.connectors ?? [];
  const q = p.query.trim().toLowerCase();
  const shown = q ? all.filter((c) => `${c.name} ${c.kindName} ${c.description}`.toLowerCase().includes(q)) : all;
  return html`${heading(p.t('tabAdd'))}
    ${when(!p.can('ManageEndpoint'), () => html`<p>${p.t('readOnly')}</p>`)}
    ${when(
      all.length > 6,
      () => html`<input type="search" part="search" class="search" aria-label=${p.t('search')} placeholder=${p.t('search')}
        .value=${p.query} @input=${(e: Event) => {
          p.query = (e.target as HTMLInputElement).value;
        }} />`,
    )}
    ${when(all.length === 0, () => html`<p>${p.t('none')}</p>`)}
    ${when(shown.length === 0 && all.length > 0, () => html`<p>${p.t('noMatch', { q: p.query })}</p>`)}
    <ul class="grid" role="list">
      ${shown.map(
        (c) => html`<li>
          <button type="button" part="connector" class="card" ?disabled=${!p.can('ManageEndpoint')} @click=${() => p.pick(c)}>
            ${logo(c.logo, c.kindLogo)}<span class="name">${c.name}</span>
            ${when(c.description || c.kindName !== c.name, () => html`<span class="muted">${c.description || c.kindName}</span>`)}
          </button>
        </li>`,
      )}
    </ul>`;
}
