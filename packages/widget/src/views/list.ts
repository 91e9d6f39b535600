import { html, nothing } from 'lit';
import type { BffClient } from '../api/bff-client.ts';
import type { Connector, Endpoint } from '../api/types.ts';
import type { Ui } from './host.ts';
import { heading, logo } from './parts.ts';

export interface ListHost extends Pick<Ui, 't' | 'date' | 'can' | 'announce' | 'fail' | 'emit' | 'find'> {
  endpoints: () => readonly Endpoint[];
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<BffClient, 'deleteEndpoint' | 'patchEndpoint'>;
  /** Shows a connection's detail. */
  open: (endpoint: Endpoint) => void;
  /** Edits a connection's events and transformation. */
  edit: (endpoint: Endpoint) => void;
  /** The connection as the BFF now has it. */
  saved: (endpoint: Endpoint) => void;
  removed: (endpointId: string) => void;
}

/** The state of an endpoint in words: active, paused, disabled and why, or failing since when. */
export function statusOf(
  { t, date }: Pick<Ui, 't' | 'date'>,
  e: Endpoint,
): { label: string; tone: 'ok' | 'off' | 'bad' } {
  if (e.disabledReason) return { label: t('disabledWhy', { reason: e.disabledReason }), tone: 'bad' };
  if (e.disabled) return { label: t('paused'), tone: 'off' };
  if (e.failSince) return { label: t('failing', { date: date(e.failSince) }), tone: 'bad' };
  return { label: t('active'), tone: 'ok' };
}

/** The application's connections, with pause/resume, edit, delete (confirmed) and the delivery log. */
export class ListView {
  readonly #host: ListHost;
  /** The connection the open confirmation is about. */
  #pending: Endpoint | undefined;

  constructor(host: ListHost) {
    this.#host = host;
  }

  render() {
    const host = this.#host;
    const { t } = host;
    const endpoints = host.endpoints();
    const manage = host.can('ManageEndpoint');
    return html`${heading(t('tabList'))}
    ${endpoints.length === 0 ? html`<p>${t('noConnections')}</p>` : nothing}
    <ul class="endpoints" role="list">
      ${endpoints.map((e) => {
        const connector = host.connectorOf(e);
        const status = statusOf(host, e);
        return html`<li part="endpoint" class="endpoint">
          ${connector ? logo(connector.logo, connector.kindLogo) : nothing}
          <div class="grow">
            <button type="button" part="button" class="link name" @click=${() => host.open(e)}>${connector?.name ?? e.url}</button>
            <span class="muted">${e.description}</span>
            <span part="badge" class="badge ${status.tone}">${status.label}</span>
          </div>
          ${
            manage
              ? html`<div class="row">
                  <button type="button" part="button" @click=${() => this.#setPaused(e, !e.disabled)}>${e.disabled ? t('resume') : t('pause')}</button>
                  <button type="button" part="button" @click=${() => host.edit(e)}>${t('edit')}</button>
                  <button type="button" part="button" class="danger" @click=${() => this.#confirmDelete(e)}>${t('remove')}</button>
                </div>`
              : nothing
          }
        </li>`;
      })}
    </ul>
    ${
      manage
        ? html`<dialog part="dialog" aria-labelledby="confirm-text" @close=${(ev: Event) => this.#onConfirmClosed(ev)}>
          <p id="confirm-text">${t('confirmRemove')}</p>
          <form method="dialog" class="row">
            <button value="cancel" part="button" autofocus>${t('cancel')}</button>
            <button value="delete" part="button" class="danger">${t('remove')}</button>
          </form>
        </dialog>`
        : nothing
    }`;
  }

  async #confirmDelete(e: Endpoint) {
    this.#pending = e;
    // A modal dialog: the rest of the page is inert while it is open, and focus returns to the button after.
    (await this.#host.find<HTMLDialogElement>('dialog'))?.showModal();
  }

  async #onConfirmClosed(ev: Event) {
    const host = this.#host;
    const endpoint = this.#pending;
    this.#pending = undefined;
    if ((ev.target as HTMLDialogElement).returnValue !== 'delete' || !endpoint) return;
    try {
      await host.client().deleteEndpoint(endpoint.id);
      host.removed(endpoint.id);
      host.emit('cp-endpoint-deleted', { endpointId: endpoint.id });
      host.announce(host.t('removed'));
    } catch (err) {
      host.fail(err);
    }
  }

  async #setPaused(e: Endpoint, disabled: boolean) {
    const host = this.#host;
    try {
      host.saved(await host.client().patchEndpoint(e.id, { disabled }));
      host.emit('cp-endpoint-updated', { endpointId: e.id });
      host.announce(disabled ? host.t('paused') : host.t('active'));
    } catch (err) {
      host.fail(err);
    }
  }
}
