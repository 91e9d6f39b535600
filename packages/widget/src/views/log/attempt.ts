import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import type { AttemptDetail, Message } from '../../api/types.ts';
import { heading, pretty, when } from '../parts.ts';
import { api, copyableId, destinationName, headerList, type LogHost, type LogT, logT, statusBadge } from './shared.ts';

/** Where Back leads from an attempt: its message, or the connection it was opened from. */
export interface AttemptBack {
  label: 'backToMessage' | 'backToConnection';
  go: () => void;
}

interface Visit {
  readonly msg: string;
  readonly id: string;
  readonly back: AttemptBack;
}

/** One attempt: what was sent, what came back, why it was made, and what follows; resend from here. */
export class AttemptView {
  readonly #host: LogHost;
  readonly #toMessage: (msg: string) => void;
  #visit: Visit | undefined;
  readonly #attempt: Task<[Visit | undefined], { visit: Visit; attempt: AttemptDetail; message: Message }>;

  constructor(host: LogHost, toMessage: (msg: string) => void) {
    this.#host = host;
    this.#toMessage = toMessage;
    this.#attempt = new Task(host.controllers, {
      args: () => [this.#visit],
      task: async ([visit], { signal }) => {
        if (!visit) return initialState;
        const [attempt, message] = await Promise.all([
          api(host).attempt(visit.msg, visit.id, signal),
          api(host).message(visit.msg, signal),
        ]);
        return { visit, attempt, message };
      },
      onError: host.fail,
    });
  }

  /** Opens an attempt of message `msg`; Back goes to that message unless `back` says otherwise. */
  enter(msg: string, id: string, back?: AttemptBack): void {
    this.#visit = { msg, id, back: back ?? { label: 'backToMessage', go: () => this.#toMessage(msg) } };
  }

  get page(): string {
    return `messages/${this.#visit?.msg}/attempts/${this.#visit?.id}`;
  }

  render() {
    const host = this.#host;
    const t = logT(host);
    const visit = this.#visit as Visit;
    const loaded = this.#attempt.value?.visit === visit ? this.#attempt.value : undefined;
    const a = loaded?.attempt;
    return html`<button type="button" part="button" class="link" @click=${visit.back.go}>← ${t(visit.back.label)}</button>
    ${heading(a?.attempt ? t('attemptTitle', { n: a.attempt, max: a.maxAttempts }) : t('attemptTitleOld'))}
    ${
      a && loaded
        ? this.#summary(t, a, loaded.message)
        : this.#attempt.status === TaskStatus.ERROR
          ? html`<p><button type="button" part="button" @click=${() => this.#attempt.run()}>${host.t('retry')}</button></p>`
          : html`<p>${host.t('loading')}</p>`
    }`;
  }

  #summary(t: LogT, a: AttemptDetail, message: Message) {
    const host = this.#host;
    const name = destinationName(host, t, a.endpointId);
    const recorded = a.method != null;
    return html`<p class="status-line">${statusBadge(host.t, a.statusText)}</p>
    <dl class="facts">
      <dt>${host.t('destination')}</dt> <dd>${name}</dd>
      <dt>${host.t('message')}</dt> <dd><button type="button" part="button" class="link" @click=${() => this.#toMessage(a.msgId)}>${message.eventType}</button> ${copyableId(host, t, a.msgId)}</dd>
      <dt>${host.t('when')}</dt> <dd>${host.date(a.timestamp)}</dd>
      <dt>${t('trigger')}</dt> <dd>${a.triggerType === 1 ? t('manual') : t('scheduled')}</dd>
      <dt>${host.t('duration')}</dt> <dd>${host.t('ms', { n: a.responseDurationMs })}</dd>
      ${when(a.retry === 'scheduled' && a.nextAttempt, () => html`<dt>${t('nextRetry')}</dt> <dd>${host.date(a.nextAttempt as string)}</dd>`)}
    </dl>
    ${when(
      host.can('CreateAttempts'),
      () =>
        html`<p class="resend-row"><button type="button" part="button" aria-label=${t('resendTo', { name })} @click=${() => this.#resend(a, name)}>${host.t('resend')}</button></p>`,
    )}
    <section part="request" class="exchange" aria-labelledby="request">
      <h3 id="request">${t('request')}</h3>
      <dl class="facts">
        ${when(recorded, () => html`<dt>${t('method')}</dt> <dd><code>${a.method}</code></dd>`)}
        <dt>${t('sentTo')}</dt> <dd><code class="url">${a.url}</code></dd>
      </dl>
      ${
        recorded
          ? html`<h4>${t('headers')}</h4>${headerList(t, a.requestHeaders ?? {})}
            <h4 id="request-body">${t('body')}</h4>${this.#body(t, a.requestBody ?? '', 'request-body')}
            ${when(a.requestBodyTruncated, () => html`<p class="muted">${t('bodyCut')}</p>`)}`
          : html`<p class="muted">${t('notRecorded')}</p>`
      }
    </section>
    <section part="response" class="exchange" aria-labelledby="response">
      <h3 id="response">${host.t('response')}</h3>
      ${
        a.responseStatusCode
          ? html`<dl class="facts"><dt>${t('statusCode')}</dt> <dd><code>${a.responseStatusCode}</code></dd></dl>
            ${when(a.responseHeaders, () => html`<h4>${t('headers')}</h4>${headerList(t, a.responseHeaders ?? {})}`)}
            <h4 id="response-body">${t('body')}</h4>${this.#body(t, a.response, 'response-body')}`
          : html`<p class="muted">${t('noResponse')}</p>${a.response ? this.#body(t, a.response, 'response') : nothing}`
      }
    </section>`;
  }

  #body(t: LogT, body: string, labelledBy: string) {
    return body
      ? html`<pre class="payload" tabindex="0" aria-labelledby=${labelledBy}>${pretty(body)}</pre>`
      : html`<p class="muted">${t('noBody')}</p>`;
  }

  async #resend(a: AttemptDetail, name: string) {
    const host = this.#host;
    try {
      await host.client().resend(a.msgId, a.endpointId);
      host.announce(logT(host)('resentTo', { name }));
    } catch (err) {
      host.fail(err);
    }
  }
}
