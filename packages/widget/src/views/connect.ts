import { html, nothing, type ReactiveController } from 'lit';
import { ApiError } from '../api/api-error.ts';
import type { BffClient } from '../api/bff-client.ts';
import type { ConnectField, Connector, Endpoint } from '../api/types.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import type { Ui } from './host.ts';
import { back, heading, logo, messageOf, primary, problem, type Said, said, steps, when } from './parts.ts';

export interface ConnectHost extends Pick<Ui, 't' | 'emit' | 'announce' | 'fail' | 'go' | 'update' | 'find'> {
  client: () => Pick<BffClient, 'connect' | 'startOAuth' | 'connectSession' | 'claimConnection' | 'endpoint'>;
  /** The connection is made: the flow goes on with it. */
  connected: (endpoint: Endpoint) => Promise<void>;
}

/** The OAuth popup's state while connecting. */
type OAuthState = { status: 'pending' | 'blocked'; url: string } | { status: 'failed'; err: unknown } | undefined;

/** The refusals the widget says in its own words (`type` of a 422's problem); `{name}` is the service. */
const FIELD_PROBLEMS: Record<string, MessageKey> = {
  'value_error.missing': 'required',
  'value_error.option': 'invalid',
  'value_error.too_long': 'tooLong',
  'value_error.url': 'notServiceUrl',
  'value_error.url.blocked': 'urlBlocked',
  'value_error.url.credentials': 'urlCredentials',
  'value_error.rejected': 'rejected',
  'value_error.unreachable': 'unreachable',
};

/** Step 1: connect — an OAuth popup, or the form the catalog describes. */
export class ConnectView implements ReactiveController {
  readonly #host: ConnectHost;
  #connector: Connector | undefined;
  #formErrors: Record<string, Said> = {};
  /** What the BFF refused that no field of the form stands for: shown above the button. */
  #formProblem: Said[] = [];
  #busy = false;
  #oauth: OAuthState;
  /** Stops following the OAuth connect in progress. */
  #unfollow: (() => void) | undefined;

  constructor(host: ConnectHost) {
    this.#host = host;
  }

  /** Starts over with another connector. */
  enter(connector: Connector): void {
    this.#connector = connector;
    this.#formErrors = {};
    this.#formProblem = [];
    this.#oauth = undefined;
  }

  hostDisconnected(): void {
    this.#stop();
  }

  render() {
    const { t } = this.#host;
    const c = this.#connector as Connector;
    const spec = c.connect;
    return html`${steps(t, 1)}
    <div class="title">${logo(c.logo, c.kindLogo)}${heading(t('connectTo', { name: c.name }))}</div>
    ${when(c.description, () => html`<p>${c.description}</p>`)}
    ${when(
      c.instructionsHtml,
      // The BFF renders the instructions' Markdown to HTML and sanitizes it; set as it is, it costs no directive.
      () => html`<div class="instructions" .innerHTML=${c.instructionsHtml}></div>`,
    )}
    ${when(spec.instructions?.length, () => html`<ol class="instructions">${spec.instructions?.map((s) => html`<li>${s}</li>`)}</ol>`)}
    ${spec.type === 'oauth' ? this.#oauthPanel(c) : this.#form(c)}
    <p>${back(t, () => {
      this.#stop();
      void this.#host.go('catalog');
    })}</p>`;
  }

  #oauthPanel(c: Connector) {
    const { t } = this.#host;
    if (!c.connect.available)
      return html`<p role="alert" part="error" class="error">${t('oauthUnavailable', { name: c.kindName })}</p>`;
    const state = this.#oauth;
    return html`${primary(t('oauthButton', { name: c.kindName }), () => this.#startOAuth(c), state?.status === 'pending')}
    ${state?.status === 'pending' ? html`<p role="status">${t('oauthPending', { name: c.kindName })}</p>` : nothing}
    ${
      state?.status === 'blocked'
        ? html`<p role="alert" part="error">${t('popupBlocked')}
          <a href=${state.url} target="_blank" rel="opener">${t('openManually')}</a></p>`
        : nothing
    }
    ${state?.status === 'failed' ? html`<p role="alert" part="error" class="error">${problem(t, state.err)}</p>` : nothing}`;
  }

  async #startOAuth(c: Connector) {
    const host = this.#host;
    host.emit('cp-connect-started', { connectorId: c.id, method: 'oauth' });
    // The window opens at once, in the click, so that popup blockers let it through.
    const popup = window.open('about:blank', 'patchbay-oauth', 'popup=yes,width=600,height=720');
    try {
      const { sessionId, startUrl } = await host.client().startOAuth(c.id);
      if (popup) popup.location.href = startUrl;
      this.#oauth = { status: popup ? 'pending' : 'blocked', url: startUrl };
      host.update();
      this.#follow(c, sessionId, new URL(startUrl, location.href).origin);
    } catch (err) {
      popup?.close();
      this.#failed(c, err);
    }
  }

  #failed(c: Connector, err: unknown) {
    this.#oauth = { status: 'failed', err };
    this.#host.update();
    this.#host.emit('cp-connect-failed', { connectorId: c.id, reason: messageOf(err) });
  }

  /**
   * Follows an OAuth connect: the sign-in page (at `signIn`, the origin the popup was sent to)
   * posts a one-time code to this window, and the claim with it makes the connection. The BFF is
   * polled for the outcome meanwhile, so a refusal at the provider shows even when no message comes.
   */
  #follow(c: Connector, sessionId: string, signIn: string) {
    this.#stop();
    const client = this.#host.client();
    // One outcome, whichever of the claim and the poll sees it first.
    let settled = false;
    const settle = () => {
      const first = !settled;
      settled = true;
      this.#stop();
      return first;
    };
    const done = async (endpoint: Endpoint) => {
      if (!settle()) return;
      this.#oauth = undefined;
      this.#host.announce(this.#host.t('connected', { name: c.kindName }));
      await this.#host.connected(endpoint);
    };
    const failed = (err: unknown) => {
      if (settle()) this.#failed(c, err);
    };
    const check = async () => {
      const session = await client.connectSession(sessionId).catch(() => undefined);
      if (!session || session.status === 'pending' || session.status === 'authorized') return;
      if (session.status === 'connected' && session.endpointId) {
        const made = await client.endpoint(session.endpointId).catch(() => undefined);
        if (made) await done(made);
      } else {
        // Said by its code: the widget's own sentence, and the provider's words beside it when it refused.
        failed(new ApiError(0, { code: session.errorCode ?? 'connect_failed', detail: session.error ?? '' }));
      }
    };
    const claim = async (code: string) => {
      // The code works once: no poll or second message may race the claim.
      this.#stop();
      try {
        await done(await client.claimConnection(sessionId, code));
      } catch (err) {
        failed(err);
      }
    };
    const poll = setInterval(() => void check(), 1000);
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: string; sessionId?: string; status?: string; code?: unknown };
      if (e.origin !== signIn || data?.type !== 'patchbay:oauth' || data.sessionId !== sessionId) return;
      if (data.status === 'authorized' && typeof data.code === 'string') void claim(data.code);
      else void check();
    };
    window.addEventListener('message', onMessage);
    this.#unfollow = () => {
      clearInterval(poll);
      window.removeEventListener('message', onMessage);
    };
  }

  #stop() {
    this.#unfollow?.();
    this.#unfollow = undefined;
  }

  #field(f: ConnectField) {
    const id = `f-${f.name}`;
    const error = this.#formErrors[f.name];
    const described = [f.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const control =
      f.type === 'select'
        ? html`<select id=${id} name=${f.name} ?required=${f.required} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described || nothing}>
          ${f.options?.map((o) => html`<option value=${o.value} ?selected=${o.value === f.default}>${o.label}</option>`)}
        </select>`
        : html`<input id=${id} name=${f.name} type=${f.type} ?required=${f.required} .value=${f.default ?? ''}
          placeholder=${f.placeholder ?? nothing} autocomplete="off" aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described || nothing} />`;
    return html`<div class="field" part="field">
    <label for=${id}>${f.label}${f.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
    ${control}
    ${when(f.help, () => html`<small id="${id}-help" class="muted">${f.help}</small>`)}
    ${error ? html`<small id="${id}-error" class="error" part="error">${said(error)}</small>` : nothing}
  </div>`;
  }

  #form(c: Connector) {
    const { t } = this.#host;
    const busy = this.#busy;
    return html`<form part="form" novalidate @submit=${(e: Event) => this.#submit(c, e)}>
    ${c.connect.fields.map((f) => this.#field(f))}
    ${when(this.#formProblem.length, () => html`<p role="alert" part="error" class="error">${this.#formProblem.map((p) => html`${said(p)} `)}</p>`)}
    <button type="submit" part="button primary" class="primary" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>
      ${busy ? t('checking', { name: c.kindName }) : t('connect')}
    </button>
  </form>`;
  }

  async #submit(c: Connector, e: Event) {
    e.preventDefault();
    const host = this.#host;
    const values = Object.fromEntries(new FormData(e.target as HTMLFormElement)) as Record<string, string>;
    // What the browser can tell at once, it tells here; the server checks the rest with the service.
    const errors: Record<string, Said> = {};
    for (const f of c.connect.fields) {
      const value = (values[f.name] ?? '').trim();
      if (f.required && !value) errors[f.name] = { text: host.t('required') };
      else if (value && f.pattern && !new RegExp(f.pattern).test(value))
        errors[f.name] = { text: f.help ?? host.t('invalid') };
    }
    this.#formProblem = [];
    if (Object.keys(errors).length) return this.#showErrors(errors);
    this.#formErrors = {};
    this.#busy = true;
    host.update();
    host.emit('cp-connect-started', { connectorId: c.id, method: 'form' });
    try {
      const endpoint = await host.client().connect(c.id, values);
      host.announce(host.t('connected', { name: c.kindName }));
      await host.connected(endpoint);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) await this.#refused(c, err);
      else host.fail(err);
      host.emit('cp-connect-failed', { connectorId: c.id, reason: messageOf(err) });
    } finally {
      this.#busy = false;
      host.update();
    }
  }

  /**
   * A 422 from the BFF: each problem at the field it names (`["body", "credentials", <field>]`),
   * and every problem naming no field of this form above the button, so none goes unseen.
   */
  async #refused(c: Connector, err: ApiError) {
    const { t } = this.#host;
    const fields = new Map(c.connect.fields.map((f) => [f.name, f]));
    const atFields: Record<string, Said> = {};
    const elsewhere: Said[] = [];
    for (const { loc, msg, type } of err.fields) {
      const field = loc[0] === 'body' && loc[1] === 'credentials' && loc.length === 3 ? String(loc[2]) : '';
      const known = type ? FIELD_PROBLEMS[type] : undefined;
      // In the customer's language: a pattern refused says the field's help (already translated),
      // a refusal the widget has no words for says so and quotes the server apart.
      const own =
        type === 'value_error.pattern'
          ? fields.get(field)?.help
          : type === 'value_error.url.credentials' && fields.has('password')
            ? t('urlCredentialsFields')
            : known && t(known, { name: c.kindName });
      const problem: Said = own ? { text: own } : { text: t('invalid'), detail: msg };
      if (fields.has(field) && !atFields[field]) atFields[field] = problem;
      else if (!fields.has(field)) elsewhere.push(problem);
    }
    this.#formProblem = elsewhere;
    // The alert is announced as it appears; focus goes to a refused field if there is one.
    await this.#showErrors(atFields);
  }

  async #showErrors(errors: Record<string, Said>) {
    this.#formErrors = errors;
    this.#host.update();
    (await this.#host.find('[aria-invalid="true"]'))?.focus();
  }
}
