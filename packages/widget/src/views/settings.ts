import { initialState, Task } from '@lit/task';
import { html, nothing } from 'lit';
import { ApiError } from '../api/api-error.ts';
import type { BffClient } from '../api/bff-client.ts';
import type { Answer, Body, Connector, Endpoint, EventType } from '../api/types.ts';
import { confirmDialog, openDialog } from './dialog.ts';
import { nameOf } from './facts.ts';
import type { Ui } from './host.ts';
import styles from './settings.css?inline';
import { sheet } from './sheet.ts';

const settingsSheet = sheet(styles);

import { back, heading, when } from './parts.ts';
import { en, type SettingsKey } from './settings-en.ts';
import { chart, periods } from './stats-chart.ts';
import { chunkTexts } from './texts.ts';

/** The settings' own strings (and their charts'), in their chunk; German and French fetched when first needed. */
export const settingsTexts = chunkTexts<SettingsKey>(en, (language) =>
  (language === 'de' ? import('./settings-de.ts') : import('./settings-fr.ts')).then(
    (module: Record<string, typeof en>) => module[language] as typeof en,
  ),
);

export const loadTexts = settingsTexts.loadLocale;

export type Say = ReturnType<typeof settingsTexts.t>;

export interface SettingsHost
  extends Pick<
    Ui,
    't' | 'lang' | 'locale' | 'can' | 'announce' | 'fail' | 'emit' | 'update' | 'find' | 'adopt' | 'controllers'
  > {
  eventTypes: () => readonly EventType[];
  endpointById: (id: string) => Endpoint | undefined;
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<BffClient, 'patchEndpoint' | 'transformation' | 'secret' | 'rotateSecret' | 'request' | 'appPath'>;
  /** The connection as the BFF now has it. */
  saved: (endpoint: Endpoint) => void;
  /** Back to the connection's detail. */
  detail: (endpoint: Endpoint) => void;
  /** The transformation's code, in its own view. */
  editCode: (endpoint: Endpoint) => void;
}

/** The calls only the settings make, in their chunk. */
export const settingsCalls = (c: Pick<BffClient, 'request' | 'appPath'>) => ({
  headers: (endpoint: string, signal?: AbortSignal) =>
    c.request<Answer<'v1.endpoint.get-headers'>>('GET', c.appPath(`/endpoint/${endpoint}/headers`), undefined, signal),
  /** Merges `headers` into the endpoint's and removes `deleteHeaders`. */
  patchHeaders: (endpoint: string, body: Body<'v1.endpoint.patch-headers'>) =>
    c.request<unknown>('PATCH', c.appPath(`/endpoint/${endpoint}/headers`), body),
  /** Replaces the transformation's variables (its `env`); the code stays. */
  saveVariables: (endpoint: string, variables: Record<string, string>) =>
    c.request<unknown>('PATCH', c.appPath(`/endpoint/${endpoint}/transformation`), { variables }),
  /** Connects the endpoint again with its connector's form: the way it moves to another origin. */
  reconnect: (endpoint: string, credentials: Record<string, string>) =>
    c.request<Endpoint>('PUT', `/portal/v1/endpoints/${endpoint}/connection`, { credentials }),
  /** The endpoint's last 7 days, hour by hour. */
  series: (endpoint: string, signal?: AbortSignal) =>
    c.request<Answer<'portal.endpoint.stats-series'>>(
      'GET',
      `/portal/v1/endpoints/${endpoint}/stats/series`,
      undefined,
      signal,
    ),
});

/** One opening of the view: what its loads are for, so that none shows another's answer. */
interface Visit {
  readonly endpoint: Endpoint;
}

/** A key and value of a map the customer edits (custom headers, transformation variables). */
interface Pair {
  name: string;
  value: string;
}

/**
 * A URL to edit: a text area, so that a long one (customers' often are) wraps where it can be
 * read whole rather than scroll out of sight; Enter saves, as in a one-line field.
 */
const urlInput = (
  id: string,
  name: string,
  value: string,
  a: { invalid: boolean; described: string; required?: boolean },
) =>
  html`<textarea id=${id} name=${name} class="url-input" rows="2" spellcheck="false" autocomplete="off" inputmode="url"
    ?required=${a.required} .value=${value} aria-invalid=${a.invalid ? 'true' : 'false'} aria-describedby=${a.described || nothing}
    @keydown=${(ev: KeyboardEvent) => {
      if (ev.key !== 'Enter') return;
      ev.preventDefault();
      (ev.target as HTMLTextAreaElement).form?.requestSubmit();
    }}></textarea>`;

/** The fields of the endpoint the general form saves, by the name the BFF's problems give them. */
const FIELDS = ['url', 'description', 'eventTypes', 'channels', 'throttleRate'] as const;
type Field = (typeof FIELDS)[number];
type Patch = Parameters<BffClient['patchEndpoint']>[1];

/**
 * One connection's settings: where it delivers (a new origin asks for the credentials again),
 * its name, events, channels, rate, custom headers (sensitive ones write-only), the
 * transformation's variables, its signing secret and its last days as a chart. What the session
 * may not change it sees, without inputs.
 */
export class SettingsView {
  readonly #host: SettingsHost;
  #visit: Visit | undefined;
  /** The problems of the last save, by field (the general form's, a header's, a variable's). */
  #errors: Record<string, string> = {};
  /** Set when a new URL needs the credentials again: the URL, and the problem of the last try. */
  #reconnect: { url: string; errors: Record<string, string> } | undefined;
  #secret: string | undefined;
  #busy = false;
  readonly #headers: Task<[Visit | undefined], { visit: Visit; headers: Pair[]; sensitive: string[] }>;
  readonly #variables: Task<[Visit | undefined], { visit: Visit; variables: Pair[] }>;
  readonly #series: Task<[Visit | undefined], { visit: Visit; series: Answer<'portal.endpoint.stats-series'> }>;
  readonly #calls: () => ReturnType<typeof settingsCalls>;

  constructor(host: SettingsHost) {
    this.#host = host;
    host.adopt(settingsSheet);
    this.#calls = () => settingsCalls(host.client());
    const args = (): [Visit | undefined] => [this.#visit];
    const pairs = (map: Record<string, string>) => Object.entries(map).map(([name, value]) => ({ name, value }));
    this.#headers = new Task(host.controllers, {
      args,
      task: async ([visit], { signal }) => {
        if (!visit) return initialState;
        const read = await this.#calls().headers(visit.endpoint.id, signal);
        return { visit, headers: pairs(read.headers), sensitive: read.sensitive };
      },
      onError: host.fail,
    });
    this.#variables = new Task(host.controllers, {
      args,
      task: async ([visit], { signal }) => {
        // The variables are the transformation's: read (and written) with ManageTransformations only.
        if (!visit || !host.can('ManageTransformations')) return initialState;
        const read = await host.client().transformation(visit.endpoint.id, signal);
        return { visit, variables: pairs(read.variables) };
      },
      onError: host.fail,
    });
    this.#series = new Task(host.controllers, {
      args,
      task: async ([visit], { signal }) =>
        visit ? { visit, series: await this.#calls().series(visit.endpoint.id, signal) } : initialState,
      onError: host.fail,
    });
  }

  enter(endpoint: Endpoint): void {
    this.#visit = { endpoint };
    this.#errors = {};
    this.#reconnect = undefined;
    this.#secret = undefined;
  }

  /** Another application's session: nothing of this one's connection stays, nor is read again. */
  leave(): void {
    this.#visit = undefined;
    this.#reconnect = undefined;
    this.#secret = undefined;
    this.#errors = {};
  }

  /** The endpoint shown, as last read. */
  get endpoint(): Endpoint | undefined {
    return this.#visit && (this.#host.endpointById(this.#visit.endpoint.id) ?? this.#visit.endpoint);
  }

  render() {
    const host = this.#host;
    const say = settingsTexts.t(host);
    const e = this.endpoint as Endpoint;
    const connector = host.connectorOf(e);
    return html`    ${back(host.t, () => host.detail(e))}
    ${heading(say('settingsOf', { name: nameOf(e, connector) }))}
    ${host.can('ManageEndpoint') ? this.#general(say, e) : this.#readOnly(say, e)}
    ${when(this.#reconnect && connector, () => this.#credentials(say, e, connector as Connector))}
    ${this.#headersSection(say, e)}
    ${when(host.can('ManageTransformations'), () => this.#variablesSection(say, e))}
    ${when(host.can('ViewEndpointSecret'), () => this.#secretSection(say, e))}
    ${this.#stats(say)}`;
  }

  /** A field's problem, tied to its input. */
  #error(name: string) {
    const msg = this.#errors[name];
    // The server's words (English), marked as such.
    return msg ? html`<small id="err-${name}" class="error" part="error" lang="en">${msg}</small>` : nothing;
  }

  /** The id of the field's problem, when it has one. */
  #invalid(name: string) {
    return this.#errors[name] ? { described: `err-${name}` } : undefined;
  }

  #input(name: Field | 'rate', label: string, value: string, extra: { type?: string; help?: string } = {}) {
    const invalid = this.#invalid(name === 'rate' ? 'throttleRate' : name);
    const described = [extra.help ? `help-${name}` : '', invalid?.described ?? ''].filter(Boolean).join(' ');
    const id = `s-${name}`;
    return html`<div class="field" part="field">
      <label for=${id}>${label}</label>
      ${
        extra.type === 'url'
          ? urlInput(id, name, value, { invalid: !!invalid, described })
          : html`<input id=${id} name=${name} type=${extra.type ?? 'text'} .value=${value} autocomplete="off"
            min=${extra.type === 'number' ? '1' : nothing} max=${extra.type === 'number' ? '65535' : nothing}
            aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${described || nothing} />`
      }
      ${when(extra.help, () => html`<small id="help-${name}" class="muted">${extra.help}</small>`)}
      ${this.#error(name === 'rate' ? 'throttleRate' : name)}
    </div>`;
  }

  #general(say: Say, e: Endpoint) {
    const types = this.#host.eventTypes();
    const chosen = new Set(e.eventTypes ?? []);
    const invalidTypes = this.#invalid('eventTypes');
    return html`<form part="form" class="settings-form" novalidate aria-labelledby="general-title" @submit=${(ev: Event) => this.#saveGeneral(e, ev)}>
      <h3 id="general-title">${this.#host.t('connection')}</h3>
      ${this.#input('url', say('url'), e.url, { type: 'url', help: say('urlHelp') })}
      ${this.#input('description', this.#host.t('description'), e.description)}
      <fieldset aria-describedby=${invalidTypes?.described ?? nothing}>
        <legend>${this.#host.t('events')}</legend>
        <label class="check"><input type="checkbox" name="allEvents" .checked=${!e.eventTypes?.length}
          @change=${() => this.#host.update()} /> ${this.#host.t('allEvents')}</label>
        ${types.map(
          (
            type,
          ) => html`<label class="check"><input type="checkbox" name="eventTypes" value=${type.name} .checked=${chosen.has(type.name)} />
            <code>${type.name}</code></label>`,
        )}
        ${this.#error('eventTypes')}
      </fieldset>
      ${this.#input('channels', this.#host.t('channels'), (e.channels ?? []).join(', '), { help: say('channelsHelp') })}
      ${this.#input('rate', say('rate'), e.throttleRate ? String(e.throttleRate) : '', { type: 'number', help: say('rateHelp') })}
      <label class="check"><input type="checkbox" name="enabled" .checked=${!e.disabled} /> ${say('enabled')}</label>
      <p><button part="button primary" class="primary" ?disabled=${this.#busy}>${say('saveSettings')}</button></p>
    </form>`;
  }

  /** What a session that may not change the connection sees of it: the values, no inputs. */
  #readOnly(say: Say, e: Endpoint) {
    const { t } = this.#host;
    return html`<h3>${this.#host.t('connection')}</h3>
    <dl class="facts settings-facts">
      <dt>${say('url')}</dt><dd><code class="url">${e.url}</code></dd>
      <dt>${t('description')}</dt><dd>${e.description || '—'}</dd>
      <dt>${t('events')}</dt><dd>${e.eventTypes?.length ? e.eventTypes.join(', ') : t('allEvents')}</dd>
      <dt>${this.#host.t('channels')}</dt><dd>${e.channels?.length ? e.channels.join(', ') : '—'}</dd>
      <dt>${say('rate')}</dt><dd>${e.throttleRate ? say('perSecond', { n: e.throttleRate }) : say('noLimit')}</dd>
      <dt>${say('enabled')}</dt><dd>${e.disabled ? say('no') : say('yes')}</dd>
    </dl>`;
  }

  /** The connector's form again, for a URL on another origin: the credentials go there only if given for it. */
  #credentials(say: Say, e: Endpoint, c: Connector) {
    const state = this.#reconnect as { url: string; errors: Record<string, string> };
    if (c.connect.type === 'oauth')
      return html`<p role="alert" part="error" class="error">${say('reconnectOAuth', { name: c.kindName })}</p>`;
    // A form without a URL (an API key): the service decides where it delivers, and it is not there.
    if (!c.connect.fields.some((f) => f.type === 'url'))
      return html`<p role="alert" part="error" class="error">${say('fixedService', { name: c.kindName })}</p>`;
    return html`<form part="form" class="panel" novalidate aria-labelledby="again-title" @submit=${(ev: Event) => this.#connectAgain(e, ev)}>
      <h3 id="again-title">${say('credentialsAgain')}</h3>
      <p id="again-help">${say('credentialsAgainHelp', { name: c.kindName })}</p>
      ${c.connect.fields.map((f) => {
        const id = `again-${f.name}`;
        const error = state.errors[f.name];
        const value = f.type === 'url' ? state.url : '';
        return html`<div class="field" part="field">
          <label for=${id}>${f.label}${f.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
          ${
            f.type === 'select'
              ? html`<select id=${id} name=${f.name}>${f.options?.map((o) => html`<option value=${o.value} ?selected=${o.value === f.default}>${o.label}</option>`)}</select>`
              : f.type === 'url'
                ? urlInput(id, f.name, value, {
                    invalid: !!error,
                    described: error ? `${id}-error` : '',
                    required: f.required,
                  })
                : html`<input id=${id} name=${f.name} type=${f.type} .value=${value} ?required=${f.required} autocomplete="off"
                  aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing} />`
          }
          ${when(f.help, () => html`<small class="muted">${f.help}</small>`)}
          ${when(error, () => html`<small id="${id}-error" class="error" part="error" lang="en">${error}</small>`)}
        </div>`;
      })}
      <div class="row">
        <button part="button primary" class="primary" ?disabled=${this.#busy}>${say('connectAgain')}</button>
        <button type="button" part="button" @click=${() => {
          this.#reconnect = undefined;
          // The panel goes: focus goes back to the URL that asked for it.
          void this.#focusAfter('#s-url');
        }}>${this.#host.t('cancel')}</button>
      </div>
    </form>`;
  }

  /** Rows of a map: each value editable, a sensitive one write-only (shown as set, replaced or removed). */
  #pairs(prefix: string, pairs: Pair[], sensitive: string[], editable: boolean, say: Say) {
    if (!editable) {
      if (!pairs.length && !sensitive.length) return html`<p class="muted">${this.#host.t('noneListed')}</p>`;
      return html`<dl class="facts">
        ${pairs.map((p) => html`<dt><code>${p.name}</code></dt><dd><code>${p.value}</code></dd>`)}
        ${sensitive.map((name) => html`<dt><code>${name}</code></dt><dd>${say('setHidden')}</dd>`)}
      </dl>`;
    }
    const row = (name: string, value: string | null, i: number) => {
      const id = `${prefix}-${i}`;
      const error = this.#errors[`${prefix}:${name}`];
      return html`<li class="pair" part="field">
        <input type="hidden" name="name" value=${name} />
        <label for=${id}><code>${name}</code></label>
        <input id=${id} name="value" .value=${value ?? ''} autocomplete="off"
          type=${value === null ? 'password' : 'text'}
          placeholder=${value === null ? say('setHiddenReplace') : nothing}
          aria-describedby=${[value === null ? `${id}-set` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing}
          aria-invalid=${error ? 'true' : 'false'} />
        ${when(value === null, () => html`<small id="${id}-set" class="muted">${say('setHidden')}</small>`)}
        <label class="check"><input type="checkbox" name="remove" value=${name} /> ${say('removeNamed', { name })}</label>
        ${when(error, () => html`<small id="${id}-error" class="error" part="error" lang="en">${error}</small>`)}
      </li>`;
    };
    const newError = this.#errors[`${prefix}:new`];
    return html`<ul role="list" class="pairs">
      ${pairs.map((p, i) => row(p.name, p.value, i))}
      ${sensitive.map((name, i) => row(name, null, pairs.length + i))}
    </ul>
    <div class="add">
      <div class="field" part="field">
        <label for="${prefix}-new-name">${say('newName')}</label>
        <input id="${prefix}-new-name" name="newName" autocomplete="off" aria-invalid=${newError ? 'true' : 'false'}
          aria-describedby=${newError ? `${prefix}-new-error` : nothing} />
      </div>
      <div class="field" part="field">
        <label for="${prefix}-new-value">${say('newValue')}</label>
        <input id="${prefix}-new-value" name="newValue" autocomplete="off" />
      </div>
    </div>
    ${when(newError, () => html`<small id="${prefix}-new-error" class="error" part="error" lang="en">${newError}</small>`)}`;
  }

  #headersSection(say: Say, e: Endpoint) {
    const visit = this.#visit as Visit;
    const read = this.#headers.value?.visit === visit ? this.#headers.value : undefined;
    const editable = this.#host.can('ManageEndpoint');
    return html`<section aria-labelledby="headers-title">
      <h3 id="headers-title">${say('headers')}</h3>
      ${when(editable, () => html`<p class="muted">${say('headersHelp')}</p>`)}
      ${
        read
          ? html`<form novalidate part="form" @submit=${(ev: Event) => this.#saveHeaders(e, ev)}>
            ${this.#pairs('h', read.headers, read.sensitive, editable, say)}
            ${when(editable, () => html`<button part="button">${say('saveHeaders')}</button>`)}
          </form>`
          : html`<p>${this.#host.t('loading')}</p>`
      }
    </section>`;
  }

  #variablesSection(say: Say, e: Endpoint) {
    const visit = this.#visit as Visit;
    const read = this.#variables.value?.visit === visit ? this.#variables.value : undefined;
    return html`<section aria-labelledby="variables-title">
      <h3 id="variables-title">${say('variables')}</h3>
      <p class="muted">${say('variablesHelp')}
        <button type="button" part="button" class="link" @click=${() => this.#host.editCode(e)}>${say('editCode')}</button></p>
      ${
        read
          ? html`<form novalidate part="form" @submit=${(ev: Event) => this.#saveVariables(e, ev)}>
            ${this.#pairs('v', read.variables, [], true, say)}
            <button part="button">${say('saveVariables')}</button>
          </form>`
          : html`<p>${this.#host.t('loading')}</p>`
      }
    </section>`;
  }

  #secretSection(say: Say, e: Endpoint) {
    const { t, can } = this.#host;
    const shown = this.#secret;
    return html`<section aria-labelledby="secret-title">
      <h3 id="secret-title">${t('secret')}</h3>
      <p class="muted">${say('secretHelp')}</p>
      <div class="row">
        <code class="mono" id="secret-value">${shown ?? 'whsec_••••••••'}</code>
        ${
          shown
            ? html`<button type="button" part="button" @click=${() => this.#copy(shown, say)}>${this.#host.t('copy')}</button>
              <button type="button" part="button" id="secret-toggle" @click=${() => {
                this.#secret = undefined;
                void this.#focusAfter('#secret-toggle');
              }}>${say('hide')}</button>`
            : html`<button type="button" part="button" id="secret-toggle" @click=${async () => {
                await this.#act(async () => {
                  this.#secret = (await this.#host.client().secret(e.id)).key;
                  return say('secretShown');
                }, false);
                // Show makes way for Copy and Hide: focus goes to Hide, in its place.
                await this.#focusAfter('#secret-toggle');
              }}>${t('reveal')}</button>`
        }
        ${when(can('ManageEndpointSecret'), () => html`<button type="button" part="button" @click=${() => this.#confirmRotate()}>${t('rotate')}</button>`)}
      </div>
      ${when(can('ManageEndpointSecret'), () =>
        confirmDialog('rotate-dialog', say('rotateConfirm'), [t('cancel'), t('rotate')], 'rotate', (ev) =>
          this.#onRotateClosed(e, ev, say),
        ),
      )}
    </section>`;
  }

  #stats(say: Say) {
    const visit = this.#visit as Visit;
    const read = this.#series.value?.visit === visit ? this.#series.value.series : undefined;
    const body = () => {
      if (!read) return html`<p>${this.#host.t('loading')}</p>`;
      const { hours, days } = periods(read, this.#host.locale());
      return html`<div class="charts">${chart(this.#host.t, say, 'day', say('last24h'), hours)}${chart(this.#host.t, say, 'week', say('last7d'), days)}</div>`;
    };
    return html`<section aria-labelledby="stats-title">
      <h3 id="stats-title">${this.#host.t('deliveries')}</h3>
      ${body()}
      <button type="button" part="button" @click=${() => this.#series.run()}>${say('refresh')}</button>
    </section>`;
  }

  /** Runs what the customer asked for, and says how it went; a change is the vendor's `cp-endpoint-updated`. */
  async #act(work: () => Promise<string | undefined>, changes = true) {
    const host = this.#host;
    this.#busy = true;
    host.update();
    try {
      const said = await work();
      if (said) host.announce(said);
      if (said && changes) host.emit('cp-endpoint-updated', { endpointId: (this.#visit as Visit).endpoint.id });
    } catch (err) {
      host.fail(err);
    } finally {
      this.#busy = false;
      host.update();
    }
  }

  /**
   * A refusal, said in the alert, and each problem whose place `at` knows (from its `loc`,
   * `["body", <field>, …]`) at that field, the first of them focused.
   */
  async #refused(err: unknown, at: (loc: (string | number)[]) => string | undefined) {
    const host = this.#host;
    const errors: Record<string, string> = {};
    if (err instanceof ApiError) {
      for (const f of err.fields) {
        const key = at(f.loc);
        if (key && !errors[key]) errors[key] = f.msg;
      }
    }
    this.#errors = errors;
    host.fail(err);
    if (Object.keys(errors).length) (await host.find('[aria-invalid="true"]'))?.focus();
  }

  /**
   * What the general form changes of `e`: each field whose value differs from the endpoint's. The
   * event types only when a checkbox changed, and with those the session cannot see (feature
   * flagged: no checkbox) kept.
   */
  #changes(e: Endpoint, element: HTMLFormElement): Patch {
    const form = new FormData(element);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const all = form.get('allEvents') !== null;
    const chosen = form.getAll('eventTypes').map(String);
    const visible = this.#host.eventTypes().map((type) => type.name);
    const subscribed = e.eventTypes ?? [];
    const hidden = subscribed.filter((name) => !visible.includes(name));
    const events = all ? [] : [...chosen, ...hidden];
    const boxesChanged =
      all !== !subscribed.length ||
      JSON.stringify(chosen) !== JSON.stringify(visible.filter((name) => subscribed.includes(name)));
    const channels = text('channels')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const rate = text('rate');
    const patch = {
      url: text('url'),
      description: text('description'),
      ...(boxesChanged ? { eventTypes: events.length ? events : null } : {}),
      channels: channels.length ? channels : null,
      throttleRate: rate ? Number(rate) : null,
      disabled: form.get('enabled') === null,
    };
    // No event types and an empty list both mean every event.
    const now = { ...e, eventTypes: subscribed.length ? subscribed : null };
    return Object.fromEntries(
      Object.entries(patch).filter(
        ([key, value]) => JSON.stringify(value) !== JSON.stringify(now[key as keyof Endpoint] ?? null),
      ),
    ) as Patch;
  }

  /** "Saved: URL, description." for the fields `changed` has. */
  #savedFields(say: Say, changed: object) {
    return say('settingsSaved', {
      fields: Object.keys(changed)
        .map((k) => say(`field_${k}` as 'field_url'))
        .join(', '),
    });
  }

  #saveGeneral(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const say = settingsTexts.t(this.#host);
    const changed = this.#changes(e, ev.target as HTMLFormElement);
    if (!Object.keys(changed).length) {
      this.#host.announce(say('nothingChanged'));
      return;
    }
    return this.#act(async () => {
      try {
        const saved = await this.#host.client().patchEndpoint(e.id, changed);
        this.#errors = {};
        this.#reconnect = undefined;
        this.#host.saved(saved);
        // Turned on again: nothing it missed while off is sent unless the customer asks, in its detail.
        const offer = changed.disabled === false && this.#host.can('CreateAttempts') ? ` ${say('missedOffer')}` : '';
        return `${this.#savedFields(say, changed)}${offer}`;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'reconnect_required') {
          this.#errors = {};
          this.#reconnect = { url: String(changed.url), errors: {} };
          this.#host.update();
          // Where the form can take the credentials again, it is said and focused; else its alert says why not.
          const field = await this.#host.find<HTMLElement>('.panel textarea, .panel input');
          if (field) {
            field.focus();
            // Said, not a change: nothing was saved yet.
            this.#host.announce(say('credentialsNeeded'));
          }
          return undefined;
        }
        await this.#refused(err, (loc) => (loc[0] === 'body' ? String(loc[1]) : undefined));
        return undefined;
      }
    });
  }

  #connectAgain(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const say = settingsTexts.t(this.#host);
    const values = Object.fromEntries(new FormData(ev.target as HTMLFormElement)) as Record<string, string>;
    const state = this.#reconnect as { url: string; errors: Record<string, string> };
    return this.#act(async () => {
      let moved: Endpoint;
      try {
        moved = await this.#calls().reconnect(e.id, values);
      } catch (err) {
        const errors: Record<string, string> = {};
        if (err instanceof ApiError)
          for (const f of err.fields) if (f.loc[1] === 'credentials' && f.loc[2]) errors[String(f.loc[2])] = f.msg;
        state.url = values.url ?? state.url;
        state.errors = errors;
        this.#host.fail(err);
        this.#host.update();
        (await this.#host.find('.panel [aria-invalid="true"]'))?.focus();
        return undefined;
      }
      this.#reconnect = undefined;
      this.#host.saved(moved);
      // The general form's other edits of the submit that asked for the credentials are saved now
      // too (the URL has moved with them), so that none is lost without a word.
      const general = await this.#host.find<HTMLFormElement>('form.settings-form');
      const rest: Patch = Object.fromEntries(
        Object.entries(general ? this.#changes(moved, general) : {}).filter(([key]) => key !== 'url'),
      );
      await this.#focusAfter('#s-url');
      if (!Object.keys(rest).length) return say('reconnected');
      try {
        this.#host.saved(await this.#host.client().patchEndpoint(e.id, rest));
        this.#errors = {};
        return `${say('reconnected')} ${this.#savedFields(say, rest)}`;
      } catch (err) {
        // Moved, but the other edits were refused: the alert and their fields say so, and they stay to correct.
        this.#host.emit('cp-endpoint-updated', { endpointId: e.id });
        await this.#refused(err, (loc) => (loc[0] === 'body' ? String(loc[1]) : undefined));
        return undefined;
      }
    });
  }

  /** Focus on `selector` once rendered: where a control that removed itself (or its panel) had it. */
  async #focusAfter(selector: string) {
    this.#host.update();
    (await this.#host.find(selector))?.focus();
  }

  /** After a save: the new pair's inputs are emptied (they are the customer's, not bound to what was read). */
  #cleared(form: HTMLFormElement) {
    for (const input of form.querySelectorAll<HTMLInputElement>('input[name^="new"]')) input.value = '';
  }

  /** What the map form says: the values to write (non-empty), the names to remove, a new pair. */
  #readPairs(form: FormData, keepEmpty: boolean) {
    const names = form.getAll('name').map(String);
    const values = form.getAll('value').map(String);
    const remove = new Set(form.getAll('remove').map(String));
    const write: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = values[i] ?? '';
      if (!remove.has(name) && (value || keepEmpty)) write[name] = value;
    });
    const newName = String(form.get('newName') ?? '').trim();
    if (newName) write[newName] = String(form.get('newValue') ?? '');
    return { write, remove: [...remove], newName };
  }

  #saveHeaders(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const say = settingsTexts.t(this.#host);
    // A sensitive header left empty keeps its value: it is never read back to be written again.
    const form = ev.target as HTMLFormElement;
    const { write, remove, newName } = this.#readPairs(new FormData(form), false);
    return this.#act(async () => {
      try {
        await this.#calls().patchHeaders(e.id, { headers: write, deleteHeaders: remove });
        this.#errors = {};
        this.#cleared(form);
        await this.#headers.run();
        return say('headersSaved', { n: Object.keys(write).length, removed: remove.length });
      } catch (err) {
        await this.#refused(err, (loc) =>
          loc[1] === 'headers' ? `h:${loc[2] === newName ? 'new' : String(loc[2] ?? 'new')}` : undefined,
        );
        return undefined;
      }
    });
  }

  #saveVariables(e: Endpoint, ev: Event) {
    ev.preventDefault();
    const say = settingsTexts.t(this.#host);
    const form = ev.target as HTMLFormElement;
    const { write, newName } = this.#readPairs(new FormData(form), true);
    return this.#act(async () => {
      try {
        await this.#calls().saveVariables(e.id, write);
        this.#errors = {};
        this.#cleared(form);
        await this.#variables.run();
        return say('variablesSaved', { n: Object.keys(write).length });
      } catch (err) {
        await this.#refused(err, (loc) =>
          loc[1] === 'variables' ? `v:${loc[2] === newName ? 'new' : String(loc[2] ?? 'new')}` : undefined,
        );
        return undefined;
      }
    });
  }

  async #copy(secret: string, say: Say) {
    try {
      await navigator.clipboard.writeText(secret);
      this.#host.announce(say('copied'));
    } catch {
      // No clipboard (permissions, an insecure page): the secret stays shown, selected, to copy by hand.
      const code = await this.#host.find('#secret-value');
      if (code) getSelection()?.selectAllChildren(code);
      this.#host.announce(say('copyByHand'));
    }
  }

  async #confirmRotate() {
    openDialog(await this.#host.find<HTMLDialogElement>('#rotate-dialog'));
  }

  #onRotateClosed(e: Endpoint, ev: Event, say: Say) {
    if ((ev.target as HTMLDialogElement).returnValue !== 'rotate') return;
    return this.#act(async () => {
      await this.#host.client().rotateSecret(e.id);
      this.#secret = undefined;
      return say('rotatedOld');
    });
  }
}
