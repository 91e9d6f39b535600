import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import type { BffClient } from '../api/bff-client.ts';
import type { Attempt, Connector, Counted, Endpoint, EventType } from '../api/types.ts';
import { messagesSent } from './background-task.ts';
import { confirmDialog, openDialog } from './dialog.ts';
import { facts, nameOf } from './facts.ts';
import type { Ui } from './host.ts';
import { statusOf } from './list.ts';
import { back, heading, when } from './parts.ts';

export interface DetailHost
  extends Pick<Ui, 't' | 'date' | 'can' | 'announce' | 'fail' | 'emit' | 'go' | 'update' | 'find' | 'controllers'> {
  eventTypes: () => readonly EventType[];
  /** The application's connections as last read: the view notes when each was turned off. */
  endpoints: () => readonly Endpoint[];
  /** The connection as last read from the BFF (the picker reads them again on each opening). */
  endpointById: (id: string) => Endpoint | undefined;
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<
    BffClient,
    | 'attempts'
    | 'connection'
    | 'resend'
    | 'sendExample'
    | 'recover'
    | 'recoverCount'
    | 'replayMissing'
    | 'replayMissingCount'
    | 'backgroundTask'
    | 'patchEndpoint'
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

/** What "resend failed" or "send missed messages" counted, waiting for the customer to confirm. */
interface Offer extends Counted {
  since: string;
}

/**
 * A connection turned off (paused by the customer, disabled by Patchbay) as this picker saw it:
 * the Endpoint answer says when only while it is off (enabling it again moves `updatedAt` on and
 * clears `failSince`), so the view keeps it for the offer once it is on again.
 */
interface Off {
  /** When it was turned off: its `updatedAt` when first seen off (an edit while it is off moves that on). */
  since: string;
  /** Since when every delivery to it had failed, if so: where "Resend failed" starts once it is on again. */
  failSince: string | null;
  /** Still off when last seen. */
  off: boolean;
}

const DAY_MS = 86_400_000;
/** How far back the BFF counts failed messages (its RECOVER_WINDOW_MS). */
const RECOVER_DAYS = 90;

/** `at` as a `datetime-local` input writes it: local time, to the minute. */
const localInput = (at: number) => new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** A time as a form's start, not before `earliest` (`datetime-local` values parse as local time). */
const startAt = (at: number, earliest: string) => localInput(Math.max(at, Date.parse(earliest)));

/** The start a form was submitted with, as the BFF reads times. */
const sinceOf = (ev: Event) => new Date(String(new FormData(ev.target as HTMLFormElement).get('since'))).toISOString();

/**
 * One connection: its delivery log with resend, recover-since, the messages it missed while it was
 * off and a test event; its settings are a view of their own.
 */
export class DetailView {
  readonly #host: DetailHost;
  #visit: Visit | undefined;
  #recovery: Offer | undefined;
  /** The missed messages counted, waiting for the customer to confirm in the dialog. */
  #replay: Offer | undefined;
  /** A recovery or a replay is being sent: the buttons that would start another wait for its end. */
  #busy = false;
  /** Ends the following of a recovery or replay when the picker leaves the page. */
  #following = new AbortController();
  /** The connections seen turned off, by id, until their missed messages are sent. */
  readonly #off = new Map<string, Off>();
  /** How many messages it missed since it was turned off, counted on opening (and when it is seen off). */
  readonly #missed: Task<[Visit | undefined, string | undefined], { visit: Visit; since: string; messages: number }>;
  /** The delivery log, loaded on each opening and again a little after each action. */
  readonly #log: Task<[Visit | undefined], { visit: Visit; attempts: Attempt[] }>;
  /** What the connection is connected with (channel, masked key…); nothing shows if it cannot be told. */
  readonly #hint: Task<[Visit | undefined], { visit: Visit; hint: Record<string, string> }>;

  constructor(host: DetailHost) {
    this.#host = host;
    // Before the tasks, so that their arguments read what this update saw.
    host.controllers.addController({
      hostUpdate: () => this.#watch(),
      // A recovery or replay still followed is left to finish on its own: its result is not said.
      hostDisconnected: () => {
        this.#following.abort();
        this.#following = new AbortController();
      },
    });
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
    // Not said if it cannot be counted (too many requests, say): the offer and its own count stand.
    this.#missed = new Task(host.controllers, {
      args: () => [this.#visit, this.#visit && this.#off.get(this.#visit.endpoint.id)?.since],
      task: async ([visit, since], { signal }) =>
        visit && since && host.can('CreateAttempts')
          ? {
              visit,
              since,
              messages: (await host.client().replayMissingCount(visit.endpoint.id, since, signal)).messages,
            }
          : initialState,
    });
  }

  /** Notes each connection seen turned off, and when it is seen on again. */
  #watch(): void {
    for (const e of this.#host.endpoints()) {
      const seen = this.#off.get(e.id);
      if (e.disabled && !seen?.off) this.#off.set(e.id, { since: e.updatedAt, failSince: e.failSince, off: true });
      else if (!e.disabled && seen?.off) seen.off = false;
    }
  }

  enter(endpoint: Endpoint): void {
    this.#visit = {
      endpoint,
      since: localInput(Date.now() - DAY_MS),
      earliest: localInput(Date.now() - RECOVER_DAYS * DAY_MS + 60_000),
    };
    this.#recovery = undefined;
    this.#replay = undefined;
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
    ${when(replay, () => this.#missedSection(e, visit))}
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
      <input id="since" name="since" type="datetime-local" required min=${visit.earliest} value=${this.#recoverStart(e, visit)} />
      <button part="button">${t('recover')}</button>
    </form>
    ${
      recovery
        ? html`<div class="row confirm" role="group" aria-labelledby="recover-count">
          <p id="recover-count">${recovery.messages ? t('recoverCount', { n: recovery.messages }) : t('recoverNone')}</p>
          ${when(recovery.messages, () => html`<button type="button" part="button" class="primary" ?disabled=${this.#busy} aria-busy=${this.#busy ? 'true' : 'false'} @click=${() => this.#recover(e, recovery)}>${t('recoverSend', { n: recovery.messages })}</button>`)}
          <button type="button" part="button" @click=${() => {
            this.#recovery = undefined;
            this.#host.update();
          }}>${t('cancel')}</button>
        </div>`
        : nothing
    }`;
  }

  /** A day back; for a connection that was failing when it was turned off, from when it started failing if earlier. */
  #recoverStart(e: Endpoint, visit: Visit): string {
    const off = this.#off.get(e.id);
    const failSince = !e.disabled && off?.failSince ? Date.parse(off.failSince) : Number.POSITIVE_INFINITY;
    return startAt(Math.min(failSince, Date.parse(visit.since)), visit.earliest);
  }

  /**
   * What it missed while it was off (messages are not sent to a connection that is off, nor kept
   * for it): while off, since when and what resuming does; once on, a count from a start (when it
   * was turned off, if the picker saw it off, else a day back) and the replay, after a confirmation.
   */
  #missedSection(e: Endpoint, visit: Visit) {
    const { t, date, can } = this.#host;
    const off = this.#off.get(e.id);
    const counted = this.#missed.value;
    const missed = counted?.visit === visit && counted.since === off?.since ? counted.messages : undefined;
    const replay = this.#replay;
    // Messages from before it was made were never meant for it: the BFF would count them as missed.
    const earliest = startAt(Date.parse(e.createdAt), visit.earliest);
    return html`<section class="missed" aria-labelledby="missed-title">
      <h3 id="missed-title" tabindex="-1">${t('missedTitle')}</h3>
      ${when(
        off,
        () =>
          html`<p id="missed-state">${t(e.disabled ? 'offSince' : 'wasOff', { date: date(off?.since ?? '') })}${
            missed === undefined ? '' : ` ${t(missed ? 'missedSoFar' : 'missedNoneSoFar', { n: missed })}`
          }</p>`,
      )}
      ${
        e.disabled
          ? html`<p class="muted">${t('onResume')}${off?.failSince ? ` ${t('failedBefore')}` : ''}</p>
            ${when(can('ManageEndpoint'), () => html`<p><button type="button" part="button" ?disabled=${this.#busy} @click=${() => this.#resume(e)}>${t('resume')}</button></p>`)}`
          : html`<form class="row replay" @submit=${(ev: Event) => this.#countMissed(e, ev)}>
            <label for="missed-since">${t('missedSince')}</label>
            <input id="missed-since" name="since" type="datetime-local" required min=${earliest} value=${startAt(off ? Date.parse(off.since) : Date.parse(visit.since), earliest)} />
            <button part="button" ?disabled=${this.#busy} aria-busy=${this.#busy ? 'true' : 'false'}>${t('sendMissed')}</button>
          </form>`
      }
      ${confirmDialog(
        'replay-dialog',
        replay ? t('missedConfirm', { n: replay.messages, date: date(replay.since) }) : '',
        [t('cancel'), t('missedSend', { n: replay?.messages ?? 0 })],
        'replay',
        (ev) => this.#onReplayClosed(e, ev),
        'primary',
      )}
    </section>`;
  }

  /** Runs what the customer asked for, and says how it went. */
  async #act(work: () => Promise<string | undefined>) {
    const host = this.#host;
    try {
      const said = await work();
      if (said) host.announce(said);
      else host.update();
    } catch (err) {
      // The picker left the page while it followed a task: nobody to tell.
      if (err instanceof DOMException && err.name === 'AbortError') return;
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

  /** Starts a background task that sends messages and follows it to its end; nothing else is started meanwhile. */
  #sendAll(work: () => Promise<string>) {
    this.#busy = true;
    this.#host.announce(this.#host.t('sendingMessages'));
    return this.#deliver(async () => {
      try {
        return await work();
      } finally {
        this.#busy = false;
      }
    });
  }

  /** First how many would go (the BFF counts them), then the customer confirms. */
  #count(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const since = sinceOf(ev);
    return this.#act(async () => {
      const counted = await this.#host.client().recoverCount(e.id, since);
      this.#recovery = { since, until: counted.until, messages: counted.messages };
      return this.#host.t(counted.messages ? 'recoverCount' : 'recoverNone', { n: counted.messages });
    });
  }

  #recover(e: Endpoint, r: Offer) {
    return this.#sendAll(async () => {
      const client = this.#host.client();
      const n = await messagesSent(client, await client.recover(e.id, r.since, r.until), this.#following.signal);
      this.#recovery = undefined;
      return this.#host.t('recovered', { n });
    });
  }

  /** Turns it on again, then offers what it missed while it was off. */
  #resume(e: Endpoint) {
    const host = this.#host;
    return this.#act(async () => {
      host.saved(await host.client().patchEndpoint(e.id, { disabled: false }));
      host.emit('cp-endpoint-updated', { endpointId: e.id });
      const since = this.#off.get(e.id)?.since ?? e.updatedAt;
      const none = await this.#offer(e, since);
      return none && `${host.t('resumed')} ${none}`;
    });
  }

  #countMissed(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const since = sinceOf(ev);
    return this.#act(() => this.#offer(e, since));
  }

  /** Counts the messages it missed since then and asks to send them; answers what to say if there are none. */
  async #offer(e: Endpoint, since: string): Promise<string | undefined> {
    const counted = await this.#host.client().replayMissingCount(e.id, since);
    if (!counted.messages) return this.#host.t('missedNone');
    this.#replay = { since, ...counted };
    this.#host.update();
    openDialog(await this.#host.find<HTMLDialogElement>('#replay-dialog'));
    return undefined;
  }

  #onReplayClosed(e: Endpoint, ev: Event) {
    const dialog = ev.target as HTMLDialogElement;
    const replay = this.#replay;
    this.#replay = undefined;
    // Resume, which opened it, is gone (the connection is on): focus would stay in the closed dialog.
    const active = (dialog.getRootNode() as ShadowRoot).activeElement;
    if (!active || dialog.contains(active))
      void this.#host.find<HTMLElement>('#missed-title').then((title) => title?.focus());
    if (dialog.returnValue !== 'replay' || !replay) return this.#host.update();
    return this.#sendAll(async () => {
      const client = this.#host.client();
      const n = await messagesSent(
        client,
        await client.replayMissing(e.id, replay.since, replay.until),
        this.#following.signal,
      );
      this.#off.delete(e.id);
      return this.#host.t('replayed', { n });
    });
  }
}
