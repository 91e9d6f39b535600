import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import type { Attempt, Destination, Message } from '../../api/types.ts';
import { back, heading, when } from '../parts.ts';
import {
  api,
  copy,
  copyableId,
  destinationName,
  isScheduled,
  type LogHost,
  type LogT,
  logT,
  messageBadge,
  scheduledBadge,
  statusBadge,
} from './shared.ts';

export interface MessageNav {
  back: () => void;
  openAttempt: (attempt: Attempt) => void;
}

const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The message's state from its destinations', as the list has it (the BFF's one definition there):
 * failed over pending (or sending) over delivered (a transformation's cancel included); none: sent nowhere.
 */
const worst = (destinations: Destination[]) =>
  destinations.length === 0
    ? null
    : destinations.some((d) => d.status === 2)
      ? 2
      : destinations.some((d) => d.status === 1 || d.status === 3)
        ? 1
        : 0;

/** One opening of a message, so that no load shows another's answer. */
interface Visit {
  readonly id: string;
}

/** One message: its payload, where it went and how each delivery stands (resend to one), and every attempt. */
export class MessageView {
  readonly #host: LogHost;
  readonly #nav: MessageNav;
  #visit: Visit = { id: '' };
  readonly #message: Task<[Visit], { visit: Visit; message: Message }>;
  /** Destinations and attempts: read again after a resend. */
  readonly #deliveries: Task<[Visit], { visit: Visit; destinations: Destination[]; attempts: Attempt[] }>;

  constructor(host: LogHost, nav: MessageNav) {
    this.#host = host;
    this.#nav = nav;
    const args = (): [Visit] => [this.#visit];
    this.#message = new Task(host.controllers, {
      args,
      task: async ([visit], { signal }) =>
        visit.id ? { visit, message: await api(host).message(visit.id, signal) } : initialState,
      onError: host.fail,
    });
    this.#deliveries = new Task(host.controllers, {
      args,
      task: async ([visit], { signal }) => {
        if (!visit.id) return initialState;
        const [destinations, attempts] = await Promise.all([
          api(host).destinations(visit.id, signal),
          api(host).attempts(visit.id, signal),
        ]);
        return { visit, destinations, attempts };
      },
      onError: host.fail,
    });
  }

  enter(id: string): void {
    this.#visit = { id };
  }

  get page(): string {
    return `messages/${this.#visit.id}`;
  }

  render() {
    const host = this.#host;
    const t = logT(host);
    const visit = this.#visit;
    const message = this.#message.value?.visit === visit ? this.#message.value.message : undefined;
    const deliveries = this.#deliveries.value?.visit === visit ? this.#deliveries.value : undefined;
    return html`${back(host.t, this.#nav.back)}
    ${heading(message?.eventType ?? host.t('message'))}
    ${
      message
        ? html`<p class="status-line">${deliveries ? messageBadge(host, t, message, worst(deliveries.destinations)) : nothing}</p>
      <dl class="facts">
        <dt>${t('messageId')}</dt> <dd>${copyableId(host, t, message.id)}</dd>
        ${when(message.eventId, () => html`<dt>${t('eventId')}</dt> <dd><code>${message.eventId}</code></dd>`)}
        <dt>${host.t('when')}</dt> <dd>${host.date(message.timestamp)}</dd>
        ${when(message.deliverAt, () => html`<dt>${t('scheduledFor')}</dt> <dd><time datetime=${message.deliverAt}>${host.date(message.deliverAt as string)}</time></dd>`)}
        <dt>${host.t('channels')}</dt> <dd>${message.channels?.length ? message.channels.join(', ') : host.t('noneListed')}</dd>
        <dt>${t('tags')}</dt> <dd>${message.tags?.length ? message.tags.join(', ') : host.t('noneListed')}</dd>
      </dl>
      <div class="title-row"><h3 id="payload">${host.t('payload')}</h3>
        <button type="button" part="button copy" class="copy" @click=${() => copy(host, t, prettyJson(message.payload))}>${t('copyPayload')}</button></div>
      <pre part="payload" class="payload" tabindex="0" aria-labelledby="payload">${prettyJson(message.payload)}</pre>`
        : this.#loading(this.#message.status)
    }
    <h3 id="destinations">${t('destinations')}</h3>
    ${deliveries ? this.#destinations(t, deliveries.destinations, message) : this.#loading(this.#deliveries.status)}
    <h3 id="attempts">${t('attempts')}</h3>
    ${deliveries ? this.#attempts(t, deliveries.attempts, deliveries.destinations) : nothing}`;
  }

  #loading(status: TaskStatus) {
    const host = this.#host;
    return status === TaskStatus.ERROR
      ? html`<p><button type="button" part="button" @click=${() => {
          void this.#message.run();
          void this.#deliveries.run();
        }}>${host.t('retry')}</button></p>`
      : html`<p>${host.t('loading')}</p>`;
  }

  /** Each destination and how its delivery stands: scheduled while the message waits for its deliverAt. */
  #destinations(t: LogT, destinations: Destination[], message: Message | undefined) {
    const host = this.#host;
    if (!destinations.length) return html`<p>${t('noDestination')}</p>`;
    const resend = host.can('CreateAttempts');
    return html`<ul class="endpoints destinations" role="list" aria-labelledby="destinations">${destinations.map(
      (d) => {
        const name = destinationName(host, t, d.id, d);
        return html`<li part="destination" class="endpoint">
        <div class="grow">
          <span class="name" id="dest-${d.id}">${name}</span>
          ${
            message && isScheduled(message, d.status)
              ? scheduledBadge(host, t, message.deliverAt as string)
              : html`${statusBadge(host.t, d.statusText)}
          ${when(d.nextAttempt, () => html`<span class="muted">${t('nextRetry')}: ${host.date(d.nextAttempt as string)}</span>`)}`
          }
        </div>
        ${when(
          resend,
          () => html`<button type="button" part="button" aria-label=${t('resendTo', { name })}
            @click=${() => this.#resend(d.id, name)}>${host.t('resend')}</button>`,
        )}
      </li>`;
      },
    )}</ul>`;
  }

  #attempts(t: LogT, attempts: Attempt[], destinations: Destination[]) {
    const host = this.#host;
    if (!attempts.length) return html`<p>${t('noAttempts')}</p>`;
    return html`<div class="log-wrap" role="region" tabindex="0" aria-labelledby="attempts"><table part="log attempts" class="log">
      <thead><tr><th scope="col">${host.t('when')}</th><th scope="col">${host.t('destination')}</th><th scope="col">${host.t('status')}</th>
        <th scope="col">${host.t('code_')}</th><th scope="col"><span class="visually-hidden">${t('details')}</span></th></tr></thead>
      <tbody>${attempts.map(
        (a) => html`<tr>
          <td data-label=${host.t('when')}>${host.date(a.timestamp)}</td>
          <td data-label=${host.t('destination')}>${destinationName(
            host,
            t,
            a.endpointId,
            destinations.find((d) => d.id === a.endpointId),
          )}</td>
          <td data-label=${host.t('status')}><div class="outcome">${statusBadge(host.t, a.statusText)}
            ${when(a.attempt, () => html`<span class="muted">${host.t('attemptOf', { n: a.attempt ?? 0, max: a.maxAttempts })}${a.triggerType === 1 ? ` · ${host.t('byHand')}` : ''}</span>`)}</div></td>
          <td data-label=${host.t('code_')}>${a.responseStatusCode || '—'}</td>
          <td class="resend"><button type="button" part="button" class="link" aria-label=${host.t('attemptDetails', { date: host.date(a.timestamp) })}
            @click=${() => this.#nav.openAttempt(a)}>${t('details')}</button></td>
        </tr>`,
      )}</tbody>
    </table></div>`;
  }

  async #resend(endpointId: string, name: string) {
    const host = this.#host;
    try {
      await host.client().resend(this.#visit.id, endpointId);
      host.announce(logT(host)('resentTo', { name }));
      // The new attempt is made by the worker a moment later.
      setTimeout(() => void this.#deliveries.run(), 1500);
    } catch (err) {
      host.fail(err);
    }
  }
}
