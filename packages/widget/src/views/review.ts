import { initialState, Task } from '@lit/task';
import { html } from 'lit';
import type { BffClient } from '../api/bff-client.ts';
import type { Endpoint } from '../api/types.ts';
import { facts, nameOf } from './facts.ts';
import type { Draft, Ui } from './host.ts';
import { back, heading, primary, steps, when } from './parts.ts';
import { regressionsFor } from './transform-dry-run.ts';
import { transformTexts } from './transform-texts.ts';

export interface ReviewHost
  extends Pick<Ui, 't' | 'lang' | 'can' | 'go' | 'announce' | 'fail' | 'emit' | 'update' | 'controllers'> {
  draft: () => Readonly<Draft>;
  client: () => Pick<BffClient, 'patchEndpoint' | 'saveTransformation' | 'saveDraft' | 'connection'>;
  /** The connection as saved, for the list. */
  saved: (endpoint: Endpoint) => void;
}

/**
 * Step 4: what will be saved; Save writes the events and the transformation, and makes a new
 * connection (a draft until now) live in the same step.
 */
export class ReviewView {
  readonly #host: ReviewHost;
  #busy = false;
  /** What the connection is connected with (account, channel…), for the one under review. */
  readonly #hint: Task<[Endpoint | undefined], { id: string; hint: Record<string, string> }>;

  constructor(host: ReviewHost) {
    this.#host = host;
    this.#hint = new Task(host.controllers, {
      // Once per connection being configured (there is none before a connect or an edit starts):
      // it changes only by connecting again.
      args: () => [(host.draft() as Readonly<Draft> | undefined)?.endpoint],
      argsEqual: ([before], [now]) => before?.id === now?.id,
      task: async ([endpoint], { signal }) =>
        endpoint ? { id: endpoint.id, hint: (await host.client().connection(endpoint.id, signal)).hint } : initialState,
    });
  }

  render() {
    const { t, can, go } = this.#host;
    const say = transformTexts.t(this.#host);
    const draft = this.#host.draft();
    const { endpoint, connector } = draft;
    const hint = this.#hint.value?.id === endpoint.id ? this.#hint.value.hint : {};
    const transforms = can('ManageTransformations');
    // What will be saved: the events as chosen in this flow, not yet the connection's.
    const chosen = { ...endpoint, eventTypes: draft.selected.size ? [...draft.selected] : null };
    return html`${steps(t, 4)}${heading(t('stepReview'))}
    <h3>${nameOf(endpoint, connector)}</h3>
    ${facts(t, chosen, connector, hint)}
    ${when(
      transforms,
      () =>
        html`<dl class="summary"><dt>${t('stepTransform')}</dt><dd><pre class="mono small">${(draft.code ?? '').split('\n').slice(0, 8).join('\n')}…</pre></dd></dl>`,
    )}
    ${when(
      transforms && regressionsFor(endpoint.id, draft.code),
      () =>
        html`<p role="note" part="warning" class="warning">${say('saveBreaks', { n: regressionsFor(endpoint.id, draft.code) ?? 0 })}</p>`,
    )}
    <div class="actions">${back(t, () => go(transforms ? 'transform' : 'events'))}${primary(t('save'), () => this.#save(), this.#busy)}</div>`;
  }

  async #save() {
    const host = this.#host;
    const { endpoint, selected, code, creating, filter } = host.draft();
    const client = host.client();
    const eventTypes = selected.size ? [...selected] : null;
    const edited = host.can('ManageTransformations') && code?.trim() ? code : undefined;
    this.#busy = true;
    host.update();
    try {
      let updated: Endpoint;
      if (creating) {
        // The filter is in place before the draft goes live, so no message slips past it.
        if (JSON.stringify(filter) !== JSON.stringify(endpoint.filter))
          await client.patchEndpoint(endpoint.id, { filter });
        updated = await client.saveDraft(endpoint.id, { eventTypes, ...(edited ? { code: edited } : {}) });
      } else {
        updated = await client.patchEndpoint(endpoint.id, { eventTypes, filter });
        if (edited) await client.saveTransformation(endpoint.id, edited);
      }
      host.saved(updated);
      // A draft becomes one of the vendor's endpoints only now: that is its creation.
      if (creating)
        host.emit('cp-endpoint-created', { endpointId: endpoint.id, connectorId: endpoint.connectorId ?? '' });
      else host.emit('cp-endpoint-updated', { endpointId: endpoint.id });
      host.announce(host.t('saved'));
      await host.go('list');
    } catch (err) {
      host.fail(err);
    } finally {
      this.#busy = false;
      host.update();
    }
  }
}
