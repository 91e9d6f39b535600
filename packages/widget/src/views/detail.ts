import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import type { BffClient } from '../api/bff-client.ts';
import type { Attempt, Connector, Endpoint, EventType } from '../api/types.ts';
import { facts, nameOf } from './facts.ts';
import type { Ui } from './host.ts';
import { statusOf } from './list.ts';
import { back, heading, when } from './parts.ts';

export interface DetailHost
  extends Pick<Ui, 't' | 'date' | 'can' | 'announce' | 'fail' | 'go' | 'update' | 'find' | 'controllers'> {
  eventTypes: () => readonly EventType[];
  /** The connection as last read from the BFF (the picker reads them again on each opening). */
  endpointById: (id: string) => Endpoint | undefined;
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<
    BffClient,
    'attempts' | 'connection' | 'resend' | 'sendExample' | 'recover' | 'recoverCount' | 'patchEndpoint'
  >;
  /** The connection as the BFF now has it. */
  saved: (endpoint: Endpoint) => void;
  /** Reads the application's connections again: deliveries change their state. */
  reload: () => Promise<void>;
  /** Shows an attempt in full (what was sent, what came back): the message log's attempt view. */
  openAttempt: (attempt: Attempt) => void;
  /** The connection's settings (URL, headers, secret, stats…). */
  settings: (endpoint: Endpoint) => void;
}

/** One opening of the detail view: what its loads are for, so that none shows another's answer. */
interface Visit {
  readonly endpoint: Endpoint;
  /** The recover form's start: a day ago, as a `datetime-local` value (local time). */
  readonly since: string;
  /** The earliest start the BFF counts from (90 days back, less a minute for the time the form is open). */
  readonly earliest: string;
}

/** What "resend failed" counted, waiting for the customer to confirm. */
interface Recovery {
  since: string;
  until: string;
  messages: number;
}

const DAY_MS = 86_400_000;
/** How far back the BFF counts failed messages (its RECOVER_WINDOW_MS). */
const RECOVER_DAYS = 90;

/** `at` as a `datetime-local` input writes it: local time, to the minute. */
const localInput = (at: number) => new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** One connection: its delivery log with resend, recover-since and a test event; its settings are a view of their own. */
export class DetailView {
  readonly #host: DetailHost;
  #visit: Visit | undefined;
  #recovery: Recovery | undefined;
  /** The delivery log, loaded on each opening and again a little after each action. */
  readonly #log: Task<[Visit | undefined], { visit: Visit; attempts: Attempt[] }>;
  /** What the connection is connected with (channel, masked key…); nothing shows if it cannot be told. */
  readonly #hint: Task<[Visit | undefined], { visit: Visit; hint: Record<string, string> }>;

  constructor(host: DetailHost) {
    this.#host = host;
    const args = (): [Visit | undefined] => [this.#visit];
    this.#log = new Task(host.controllers, {
      args,
      task: async ([visit], { signal }) =>
        visit ? { visit, attempts: await host.client().attempts(visit.endpoint.id, signal) } : initialState,
      onError: host.fail,
    });
    this.#hint = new Task(host.controllers, {
      args,
      task: async ([visit], { signal }) =>
        visit ? { visit, hint: (await host.client().connection(visit.endpoint.id, signal)).hint } : initialState,
    });
  }

  enter(endpoint: Endpoint): void {
    this.#visit = {
      endpoint,
      since: localInput(Date.now() - DAY_MS),
      earliest: localInput(Date.now() - RECOVER_DAYS * DAY_MS + 60_000),
    };
    this.#recovery = undefined;
  }

  render() {
    const host = this.#host;
    const { t, can } = host;
    const visit = this.#visit as Visit;
    const e = host.endpointById(visit.endpoint.id) ?? visit.endpoint;
    const connector = host.connectorOf(e);
    const log = this.#log.value?.visit === visit ? this.#log.value.attempts : undefined;
    const hint = this.#hint.value?.visit === visit ? this.#hint.value.hint : {};
    const replay = can('CreateAttempts');
    // Examples come from event types: with none (the vendor has declared none yet) there is nothing to send.
    const testTypes = replay ? (e.eventTypes ?? host.eventTypes().map((type) => type.name)) : [];
    const status = statusOf(host, e);
    return html`${back(t, () => host.go('list'))}
    ${heading(nameOf(e, connector))}
    <p class="status-line"><span part="badge" class="badge ${status.tone}">${status.label}</span></p>
    ${facts(t, e, connector, hint)}
    <p><button type="button" part="button" @click=${() => host.settings(e)}>${t('settings')}</button></p>
    ${when(can('ManageEndpoint'), () => this.#describe(e))}
    ${when(
      testTypes.length,
      () => html`<div class="row">
        <label for="test-type">${t('eventType')}</label>
        <select id="test-type">${testTypes.map((n) => html`<option>${n}</option>`)}</select>
        <button type="button" part="button" @click=${() => this.#sendTest(e)}>${t('sendTest')}</button>
      </div>`,
    )}
    <h3 id="deliveries">${t('deliveries')}</h3>
    ${
      !log?.length
        ? html`<p>${
            log
              ? t('noDeliveries')
              : this.#log.status === TaskStatus.ERROR
                ? html`<button type="button" part="button" @click=${() => this.#log.run()}>${t('retry')}</button>`
                : t('loading')
          }</p>`
        : html`<div class="log-wrap" role="region" tabindex="0" aria-labelledby="deliveries"><table part="log" class="log">
            <thead><tr><th scope="col">${t('when')}</th><th scope="col">${t('message')}</th><th scope="col">${t('status')}</th><th scope="col">${t('code_')}</th>
              <th scope="col">${t('duration')}</th><th scope="col">${t('response')}</th>${replay ? html`<th scope="col"><span class="visually-hidden">${t('resend')}</span></th>` : nothing}</tr></thead>
            <tbody>${log.map((a) => this.#row(e, a, replay))}</tbody>
          </table></div>`
    }
    ${when(replay, () => this.#recoverForm(e, visit))}`;
  }

  /** The customer's own name for the connection, to tell it from others of the same connector. */
  #describe(e: Endpoint) {
    const { t } = this.#host;
    return html`<form class="row describe" @submit=${(ev: Event) => this.#saveDescription(e, ev)}>
      <label for="description">${t('description')}</label>
      <input id="description" name="description" maxlength="4096" value=${e.description} placeholder=${t('descriptionHelp')} />
      <button part="button">${t('save')}</button>
    </form>`;
  }

  #row(e: Endpoint, a: Attempt, replay: boolean) {
    const { t, date } = this.#host;
    return html`<tr>
    <td data-label=${t('when')}><button type="button" part="button" class="link" aria-label=${t('attemptDetails', { date: date(a.timestamp) })} @click=${() => this.#host.openAttempt(a)}>${date(a.timestamp)}</button></td>
    <td data-label=${t('message')}><div><span class="event-type">${a.msg?.eventType ?? ''}</span> <code class="msg-id">${a.msgId}</code></div></td>
    <td data-label=${t('status')}><div class="outcome">
      <span class="badge ${a.statusText === 'success' ? 'ok' : a.statusText === 'fail' ? 'bad' : 'off'}">${t(a.statusText)}</span>
      ${when(a.attempt, () => html`<span class="muted">${t('attemptOf', { n: a.attempt ?? 0, max: a.maxAttempts })}${a.triggerType === 1 ? ` · ${t('byHand')}` : ''}</span>`)}
      ${when(a.retry, () => html`<span class="retry">${this.#retry(a)}</span>`)}
    </div></td>
    <td data-label=${t('code_')}>${a.responseStatusCode || '—'}</td>
    <td data-label=${t('duration')}>${t('ms', { n: a.responseDurationMs })}</td>
    <td data-label=${t('response')}><code class="snippet">${a.response.slice(0, 120)}</code></td>
    ${replay ? html`<td class="resend"><button type="button" part="button" @click=${() => this.#resend(e, a)}>${t('resend')}</button></td>` : nothing}
  </tr>`;
  }

  /** What follows a failed attempt: its retry and when, or why there is none. */
  #retry(a: Attempt) {
    const { t, date } = this.#host;
    switch (a.retry) {
      case 'scheduled':
        return t('retryAt', { date: a.nextAttempt ? date(a.nextAttempt) : '' });
      case 'retried':
        return t('retried');
      case 'settled':
        return t('settled');
      default:
        return t('final');
    }
  }

  #recoverForm(e: Endpoint, visit: Visit) {
    const { t } = this.#host;
    const recovery = this.#recovery;
    return html`<form class="row recover" @submit=${(ev: Event) => this.#count(e, ev)}>
      <label for="since">${t('recoverSince')}</label>
      <input id="since" name="since" type="datetime-local" required min=${visit.earliest} value=${visit.since} />
      <button part="button">${t('recover')}</button>
    </form>
    ${
      recovery
        ? html`<div class="row confirm" role="group" aria-labelledby="recover-count">
          <p id="recover-count">${recovery.messages ? t('recoverCount', { n: recovery.messages }) : t('recoverNone')}</p>
          ${when(recovery.messages, () => html`<button type="button" part="button" class="primary" @click=${() => this.#recover(e, recovery)}>${t('recoverSend', { n: recovery.messages })}</button>`)}
          <button type="button" part="button" @click=${() => {
            this.#recovery = undefined;
            this.#host.update();
          }}>${t('cancel')}</button>
        </div>`
        : nothing
    }`;
  }

  /** Runs what the customer asked for, and says how it went. */
  async #act(work: () => Promise<string | undefined>) {
    const host = this.#host;
    try {
      const said = await work();
      if (said) host.announce(said);
      else host.update();
    } catch (err) {
      host.fail(err);
    }
  }

  /**
   * Sends something to the endpoint; deliveries take a moment, so the log and the connection's
   * state are read again a little later.
   */
  #deliver(work: () => Promise<string>) {
    return this.#act(async () => {
      const said = await work();
      setTimeout(() => {
        void this.#log.run();
        void this.#host.reload();
      }, 1500);
      return said;
    });
  }

  #saveDescription(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const description = String(new FormData(ev.target as HTMLFormElement).get('description') ?? '').trim();
    return this.#act(async () => {
      this.#host.saved(await this.#host.client().patchEndpoint(e.id, { description }));
      return this.#host.t('descriptionSaved');
    });
  }

  #resend(e: Endpoint, a: Attempt) {
    return this.#deliver(async () => {
      await this.#host.client().resend(a.msgId, e.id);
      return this.#host.t('resent');
    });
  }

  #sendTest(e: Endpoint) {
    return this.#deliver(async () => {
      const type = (await this.#host.find<HTMLSelectElement>('#test-type'))?.value ?? '';
      await this.#host.client().sendExample(e.id, type);
      return this.#host.t('testSent');
    });
  }

  /** First how many would go (the BFF counts them), then the customer confirms. */
  #count(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const since = new Date(String(new FormData(ev.target as HTMLFormElement).get('since'))).toISOString();
    return this.#act(async () => {
      const counted = await this.#host.client().recoverCount(e.id, since);
      this.#recovery = { since, until: counted.until, messages: counted.messages };
      return this.#host.t(counted.messages ? 'recoverCount' : 'recoverNone', { n: counted.messages });
    });
  }

  #recover(e: Endpoint, r: Recovery) {
    return this.#deliver(async () => {
      const { messagesSent } = await this.#host.client().recover(e.id, r.since, r.until);
      this.#recovery = undefined;
      return this.#host.t('recovered', { n: messagesSent });
    });
  }
}
