import { Task } from '@lit/task';
import { html, nothing } from 'lit';
import type { BffClient } from '../api/bff-client.ts';
import type { Connector, Endpoint } from '../api/types.ts';
import { confirmDialog, openDialog } from './dialog.ts';
import { facts, nameOf } from './facts.ts';
import type { Ui } from './host.ts';
import { heading, logo, when } from './parts.ts';

/** What the list of connections not saved yet needs (see {@link draftRows}). */
export interface DraftsHost extends Pick<Ui, 't' | 'can' | 'announce' | 'fail' | 'emit'> {
  drafts: () => readonly Endpoint[];
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<BffClient, 'deleteEndpoint'>;
  /** Goes on with a draft's configuring steps, up to its Save. */
  resume: (endpoint: Endpoint) => void;
  removed: (endpointId: string) => void;
}

/**
 * Connections made but not saved: they deliver nothing, and go after a day. Each can be finished
 * (the configuring steps, without connecting again) or removed at once (nothing was sent to it).
 */
export function draftRows(host: DraftsHost) {
  const { t } = host;
  const drafts = host.drafts();
  if (!drafts.length) return nothing;
  const manage = host.can('ManageEndpoint');
  const remove = async (e: Endpoint) => {
    try {
      await host.client().deleteEndpoint(e.id);
      host.removed(e.id);
      host.emit('cp-endpoint-deleted', { endpointId: e.id });
      host.announce(t('removed'));
    } catch (err) {
      host.fail(err);
    }
  };
  return html`<section class="drafts" aria-labelledby="drafts-title">
    <h3 id="drafts-title">${t('draftsTitle')}</h3>
    <p class="muted">${t('draftsHelp')}</p>
    <ul class="endpoints" role="list">
      ${drafts.map((e) => {
        const connector = host.connectorOf(e);
        return html`<li part="draft" class="endpoint">
          ${connector ? logo(connector.logo, connector.kindLogo) : nothing}
          <div class="grow">
            <span class="name" id="draft-${e.id}">${nameOf(e, connector)}</span>
          </div>
          ${when(
            manage,
            () => html`<div class="row">
              <button type="button" part="button" aria-describedby="draft-${e.id}" @click=${() => host.resume(e)}>${t('finishSetup')}</button>
              <button type="button" part="button" class="danger" aria-describedby="draft-${e.id}" @click=${() => remove(e)}>${t('remove')}</button>
            </div>`,
          )}
        </li>`;
      })}
    </ul>
  </section>`;
}

export interface ListHost
  extends Pick<Ui, 't' | 'date' | 'can' | 'announce' | 'fail' | 'emit' | 'find' | 'controllers'>,
    Omit<DraftsHost, 'client'> {
  endpoints: () => readonly Endpoint[];
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<BffClient, 'deleteEndpoint' | 'patchEndpoint' | 'connection'>;
  /** Shows a connection's detail. */
  open: (endpoint: Endpoint) => void;
  /** Edits a connection's events and transformation. */
  edit: (endpoint: Endpoint) => void;
  /** The connection as the BFF now has it. */
  saved: (endpoint: Endpoint) => void;
  removed: (endpointId: string) => void;
}

/** The state of an endpoint in words: active, paused, disabled and why, or failing since when and why. */
export function statusOf(
  { t, date }: Pick<Ui, 't' | 'date'>,
  e: Endpoint,
): { label: string; tone: 'ok' | 'off' | 'bad' } {
  if (e.disabledReason) return { label: t('disabledWhy', { reason: e.disabledReason }), tone: 'bad' };
  if (e.disabled) return { label: t('paused'), tone: 'off' };
  if (e.failSince) {
    const since = date(e.failSince);
    return {
      label: e.failReason ? t('failingWhy', { reason: e.failReason, date: since }) : t('failing', { date: since }),
      tone: 'bad',
    };
  }
  return { label: t('active'), tone: 'ok' };
}

/** The application's connections, with pause/resume, edit, delete (confirmed) and the delivery log. */
export class ListView {
  readonly #host: ListHost;
  /** The connection the open confirmation is about. */
  #pending: Endpoint | undefined;
  /** What each connection is connected with, by endpoint id: read once, as it changes only by connecting again. */
  readonly #hints = new Map<string, Record<string, string>>();
  /** Whether the list was shown: until then no hint is read (the picker may open on the catalog and stay there). */
  #shown = false;

  constructor(host: ListHost) {
    this.#host = host;
    // A controller of the picker's: it reads the hints of connections it has not seen whenever the list changes.
    new Task(host.controllers, {
      args: () => [
        this.#shown
          ? host
              .endpoints()
              .map((e) => e.id)
              .join()
          : '',
      ],
      task: async ([ids], { signal }) => {
        const missing = ids.split(',').filter((id) => id && !this.#hints.has(id));
        // A hint that cannot be read leaves only its lines out: the rest of the list stands.
        const read = await Promise.allSettled(missing.map((id) => host.client().connection(id, signal)));
        read.forEach((r, i) => {
          if (r.status === 'fulfilled') this.#hints.set(missing[i] as string, r.value.hint);
        });
      },
    });
  }

  render() {
    const host = this.#host;
    const { t } = host;
    const endpoints = host.endpoints();
    // The picker reads the connections again on opening the list; that update reads their hints.
    this.#shown = true;
    return html`${heading(t('tabList'))}
    ${endpoints.length === 0 ? html`<p>${t('noConnections')}</p>` : nothing}
    ${draftRows(host)}
    <ul class="endpoints" role="list">
      ${endpoints.map((e) => this.#row(e))}
    </ul>
    ${
      host.can('ManageEndpoint')
        ? confirmDialog('confirm', t('confirmRemove'), [t('cancel'), t('remove')], 'delete', (ev) =>
            this.#onConfirmClosed(ev),
          )
        : nothing
    }`;
  }

  #row(e: Endpoint) {
    const host = this.#host;
    const { t } = host;
    const connector = host.connectorOf(e);
    const status = statusOf(host, e);
    return html`<li part="endpoint" class="endpoint">
      ${connector ? logo(connector.logo, connector.kindLogo) : nothing}
      <div class="grow">
        <button type="button" part="button" class="link name" @click=${() => host.open(e)}>${nameOf(e, connector)}</button>
        <span part="badge" class="badge ${status.tone}">${status.label}</span>
        ${facts(t, e, connector, this.#hints.get(e.id) ?? {})}
      </div>
      ${
        host.can('ManageEndpoint')
          ? html`<div class="row">
              <button type="button" part="button" @click=${() => this.#setPaused(e, !e.disabled)}>${e.disabled ? t('resume') : t('pause')}</button>
              <button type="button" part="button" @click=${() => host.edit(e)}>${t('edit')}</button>
              <button type="button" part="button" class="danger" @click=${() => this.#confirmDelete(e)}>${t('remove')}</button>
            </div>`
          : nothing
      }
    </li>`;
  }

  async #confirmDelete(e: Endpoint) {
    this.#pending = e;
    openDialog(await this.#host.find<HTMLDialogElement>('#confirm'));
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
