import { html, nothing } from 'lit';
import type { Endpoint } from '../api/types.ts';
import type { ConnectorPicker } from '../connector-picker/connector-picker.ts';
import { heading, logo } from './parts.ts';

/** The state of an endpoint in words: active, paused, disabled and why, or failing since when. */
export function statusOf(p: ConnectorPicker, e: Endpoint): { label: string; tone: 'ok' | 'off' | 'bad' } {
  if (e.disabledReason) return { label: p.t('disabledWhy', { reason: e.disabledReason }), tone: 'bad' };
  if (e.disabled) return { label: p.t('paused'), tone: 'off' };
  if (e.failSince) return { label: p.t('failing', { date: p.l10n.date(e.failSince) }), tone: 'bad' };
  return { label: p.t('active'), tone: 'ok' };
}

/** The application's connections, with pause/resume, edit, delete (confirmed) and the delivery log. */
export function listView(p: ConnectorPicker) {
  const endpoints = p.endpoints ?? [];
  const manage = p.can('ManageEndpoint');
  return html`${heading(p.t('tabList'))}
    ${endpoints.length === 0 ? html`<p>${p.t('noConnections')}</p>` : nothing}
    <ul class="endpoints" role="list">
      ${endpoints.map((e) => {
        const connector = p.connectorOf(e);
        const status = statusOf(p, e);
        return html`<li part="endpoint" class="endpoint">
          ${connector ? logo(connector.logo, connector.kindLogo) : nothing}
          <div class="grow">
            <button type="button" part="button" class="link name" @click=${() => open(p, e)}>${connector?.name ?? e.url}</button>
            <span class="muted">${e.description}</span>
            <span part="badge" class="badge ${status.tone}">${status.label}</span>
          </div>
          ${
            manage
              ? html`<div class="row">
                  <button type="button" part="button" @click=${() => setPaused(p, e, !e.disabled)}>${e.disabled ? p.t('resume') : p.t('pause')}</button>
                  <button type="button" part="button" @click=${() => p.continueWith(e, false)}>${p.t('edit')}</button>
                  <button type="button" part="button" class="danger" @click=${() => confirmDelete(p, e)}>${p.t('remove')}</button>
                </div>`
              : nothing
          }
        </li>`;
      })}
    </ul>
    ${
      manage
        ? html`<dialog part="dialog" aria-labelledby="confirm-text" @close=${(ev: Event) => onConfirmClosed(p, ev)}>
          <p id="confirm-text">${p.t('confirmRemove')}</p>
          <form method="dialog" class="row">
            <button value="cancel" part="button" autofocus>${p.t('cancel')}</button>
            <button value="delete" part="button" class="danger">${p.t('remove')}</button>
          </form>
        </dialog>`
        : nothing
    }`;
}

/** The connection each picker's open confirmation is about. */
const pending = new WeakMap<ConnectorPicker, Endpoint>();

function confirmDelete(p: ConnectorPicker, e: Endpoint) {
  pending.set(p, e);
  // A modal dialog: the rest of the page is inert while it is open, and focus returns to the button after.
  p.renderRoot.querySelector('dialog')?.showModal();
}

async function onConfirmClosed(p: ConnectorPicker, ev: Event) {
  const dialog = ev.target as HTMLDialogElement;
  const endpoint = pending.get(p);
  pending.delete(p);
  if (dialog.returnValue !== 'delete' || !endpoint) return;
  try {
    await p.client.deleteEndpoint(endpoint.id);
    p.endpoints = (p.endpoints ?? []).filter((x) => x.id !== endpoint.id);
    p.emit('cp-endpoint-deleted', { endpointId: endpoint.id });
    p.announce(p.t('removed'));
  } catch (err) {
    p.fail(err);
  }
}

async function setPaused(p: ConnectorPicker, e: Endpoint, disabled: boolean) {
  try {
    const updated = await p.client.patchEndpoint(e.id, { disabled });
    p.endpoints = (p.endpoints ?? []).map((x) => (x.id === e.id ? updated : x));
    p.emit('cp-endpoint-updated', { endpointId: e.id });
    p.announce(disabled ? p.t('paused') : p.t('active'));
  } catch (err) {
    p.fail(err);
  }
}

function open(p: ConnectorPicker, e: Endpoint) {
  p.endpoint = e;
  p.connector = p.connectorOf(e);
  void p.go('detail');
}
