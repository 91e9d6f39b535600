import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import type { BffClient } from '../api/bff-client.ts';
import type { Attempt, Connector, Endpoint, EventType } from '../api/types.ts';
import type { Ui } from './host.ts';
import { statusOf } from './list.ts';
import { back, heading, when } from './parts.ts';

export interface DetailHost
  extends Pick<Ui, 't' | 'date' | 'can' | 'announce' | 'fail' | 'go' | 'update' | 'find' | 'controllers'> {
  eventTypes: () => readonly EventType[];
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<
    BffClient,
    'attempts' | 'connection' | 'resend' | 'sendExample' | 'recover' | 'secret' | 'rotateSecret'
  >;
}

/** One opening of the detail view: what its loads are for, so that none shows another's answer. */
interface Visit {
  readonly endpoint: Endpoint;
}

/** The names of what OAuth connections are made with; form-made ones use their field's label. */
const HINT_LABELS: Record<string, 'channel' | 'account'> = { channel: 'channel', hubId: 'account' };

/** One connection: its delivery log with resend, recover-since, a test event, and (Custom) its signing secret. */
export class DetailView {
  readonly #host: DetailHost;
  #visit: Visit | undefined;
  #secret: string | undefined;
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
    this.#visit = { endpoint };
    this.#secret = undefined;
  }

  render() {
    const host = this.#host;
    const { t, can } = host;
    const visit = this.#visit as Visit;
    const e = visit.endpoint;
    const connector = host.connectorOf(e);
    const log = this.#log.value?.visit === visit ? this.#log.value.attempts : undefined;
    const hint = this.#hint.value?.visit === visit ? this.#hint.value.hint : {};
    const replay = can('CreateAttempts');
    const status = statusOf(host, e);
    return html`${back(t, () => host.go('list'))}
    ${heading(connector?.name ?? e.url)}
    <p><span part="badge" class="badge ${status.tone}">${status.label}</span> <span class="muted">${e.description}</span></p>
    ${when(Object.values(hint).some(Boolean), () => this.#hintList(connector, hint))}
    ${when(
      replay,
      () => html`<div class="row">
        <label for="test-type">${t('eventType')}</label>
        <select id="test-type">${(e.eventTypes ?? host.eventTypes().map((type) => type.name)).map((n) => html`<option>${n}</option>`)}</select>
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
        : html`<div class="scroll" role="region" tabindex="0" aria-labelledby="deliveries"><table part="log" class="log">
            <thead><tr><th scope="col">${t('when')}</th><th scope="col">${t('status')}</th><th scope="col">${t('code_')}</th>
              <th scope="col">${t('duration')}</th><th scope="col">${t('response')}</th>${replay ? html`<th scope="col"><span class="visually-hidden">${t('resend')}</span></th>` : nothing}</tr></thead>
            <tbody>${log.map((a) => this.#row(e, a, replay))}</tbody>
          </table></div>`
    }
    ${when(
      replay,
      () => html`<form class="row" @submit=${(ev: Event) => this.#recover(e, ev)}>
        <label for="since">${t('recoverSince')}</label>
        <input id="since" name="since" type="datetime-local" required />
        <button part="button">${t('recover')}</button>
      </form>`,
    )}
    ${when(connector?.kind === 'Custom' && can('ViewEndpointSecret'), () => this.#secretRow(e))}`;
  }

  #hintList(connector: Connector | undefined, hint: Record<string, string>) {
    const { t } = this.#host;
    const entries = Object.entries(hint).filter(([, value]) => value);
    const label = (key: string) => {
      const known = HINT_LABELS[key];
      return connector?.connect.fields.find((f) => f.name === key)?.label ?? (known ? t(known) : key);
    };
    return html`<dl class="hint" aria-label=${t('connectedWith')}>
    ${entries.map(([key, value]) => html`<dt>${label(key)}</dt><dd><code>${value}</code></dd>`)}
  </dl>`;
  }

  #row(e: Endpoint, a: Attempt, replay: boolean) {
    const { t, date } = this.#host;
    return html`<tr>
    <td>${date(a.timestamp)}</td>
    <td><span class="badge ${a.statusText === 'success' ? 'ok' : a.statusText === 'fail' ? 'bad' : 'off'}">${t(a.statusText)}</span></td>
    <td>${a.responseStatusCode || '—'}</td>
    <td>${t('ms', { n: a.responseDurationMs })}</td>
    <td><code class="snippet">${a.response.slice(0, 120)}</code></td>
    ${replay ? html`<td><button type="button" part="button" @click=${() => this.#resend(e, a)}>${t('resend')}</button></td>` : nothing}
  </tr>`;
  }

  #secretRow(e: Endpoint) {
    const { t, can } = this.#host;
    return html`<h3>${t('secret')}</h3>
    <div class="row">
      <code class="mono">${this.#secret ?? 'whsec_••••••••'}</code>
      <button type="button" part="button" @click=${() =>
        this.#act(async () => {
          this.#secret = (await this.#host.client().secret(e.id)).key;
        })}>${t('reveal')}</button>
      ${when(
        can('ManageEndpointSecret'),
        () =>
          html`<button type="button" part="button" @click=${() =>
            this.#act(async () => {
              await this.#host.client().rotateSecret(e.id);
              this.#secret = undefined;
              return t('rotated');
            })}>${t('rotate')}</button>`,
      )}
    </div>`;
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

  /** Sends something to the endpoint; deliveries take a moment, so the log is read again a little later. */
  #deliver(work: () => Promise<string>) {
    return this.#act(async () => {
      const said = await work();
      setTimeout(() => void this.#log.run(), 1500);
      return said;
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

  #recover(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const since = new FormData(ev.target as HTMLFormElement).get('since');
    return this.#deliver(async () => {
      const { messagesSent } = await this.#host.client().recover(e.id, new Date(String(since)).toISOString());
      return this.#host.t('recovered', { n: messagesSent });
    });
  }
}
