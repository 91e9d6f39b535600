import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiError } from '../api/api-error.ts';
import { BffClient } from '../api/bff-client.ts';
import { can, readToken, type TokenClaims } from '../api/token.ts';
import type { Attempt, Connector, Endpoint, EventType, SimulateResult } from '../api/types.ts';
import { dispatchPickerEvent, type PickerEventDetails, type PickerEventType } from '../events/events.ts';
import { type Localized, localize, type MessageKey } from '../i18n/i18n.ts';
import { catalogView } from '../views/catalog.ts';
import { connectView } from '../views/connect.ts';
import { detailView } from '../views/detail.ts';
import { eventsView } from '../views/events.ts';
import { listView } from '../views/list.ts';
import { reviewView } from '../views/review.ts';
import { enterTransform, transformView } from '../views/transform.ts';
import { styles } from './connector-picker.styles.ts';

export type View = 'catalog' | 'connect' | 'events' | 'transform' | 'review' | 'list' | 'detail';

/** The OAuth popup's state while connecting. */
export type OAuthState =
  | { status: 'pending' | 'blocked'; url: string }
  | { status: 'failed'; message: string }
  | undefined;

/**
 * @summary Lets a vendor's customer connect the vendor's webhooks to the tools they use, and
 * watch and replay what was delivered.
 *
 * @attr api-base - Base URL of Patchbay, e.g. `https://hooks.example.com` or `/patchbay`.
 * @attr theme - `light`, `dark`, or `auto` (the default: follows the operating system).
 * @attr locale - `en`, `de` or `fr`; defaults to the element's or the page's `lang`.
 * @prop token - The portal session token. A property, never an attribute: it must not show in the DOM.
 * @prop tokenProvider - An async function answering a fresh token; called before expiry and on a 401.
 * @fires cp-endpoint-created - A connection was made.
 * @fires cp-endpoint-updated - A connection was changed (events, transformation, paused, resumed).
 * @fires cp-endpoint-deleted - A connection was deleted.
 * @fires cp-connect-started - Connecting started (OAuth popup or form).
 * @fires cp-connect-failed - Connecting failed, with the reason.
 * @fires cp-error - Something the widget could not do.
 * @csspart header - The tabs.
 * @csspart tab - One tab.
 * @csspart connector - A connector in the catalog.
 * @csspart search - The catalog search box.
 * @csspart form - A connect form.
 * @csspart field - A form field.
 * @csspart button - Buttons.
 * @csspart primary - The main action of a step.
 * @csspart steps - The step indicator.
 * @csspart endpoint - A connection in the list.
 * @csspart badge - A status badge.
 * @csspart log - The delivery log.
 * @csspart panel - The transformation test panel.
 * @csspart status - The live status line.
 * @csspart error - Error messages.
 * @csspart dialog - Confirmation dialogs.
 * @cssprop --cp-color-accent - Primary colour (buttons, focus, selection).
 * @cssprop --cp-color-on-accent - Text on the accent colour.
 * @cssprop --cp-color-background - Background.
 * @cssprop --cp-color-surface - Cards and panels.
 * @cssprop --cp-color-text - Text.
 * @cssprop --cp-color-muted - Secondary text.
 * @cssprop --cp-color-border - Borders.
 * @cssprop --cp-color-danger - Errors.
 * @cssprop --cp-color-success - Success.
 * @cssprop --cp-radius - Corner radius.
 * @cssprop --cp-space - Base spacing.
 * @cssprop --cp-font-family - Font.
 * @cssprop --cp-font-mono - Code font.
 */
export class ConnectorPicker extends LitElement {
  static override styles = styles;
  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    theme: { type: String, reflect: true },
    locale: { type: String },
    token: { attribute: false },
    tokenProvider: { attribute: false },
    // Internal state. `attribute: false` repeats what `state` implies, for the manifest analyzer.
    view: { state: true, attribute: false },
    connectors: { state: true, attribute: false },
    eventTypes: { state: true, attribute: false },
    endpoints: { state: true, attribute: false },
    loadError: { state: true, attribute: false },
    query: { state: true, attribute: false },
    connector: { state: true, attribute: false },
    endpoint: { state: true, attribute: false },
    selected: { state: true, attribute: false },
    code: { state: true, attribute: false },
    testEvent: { state: true, attribute: false },
    testPayload: { state: true, attribute: false },
    result: { state: true, attribute: false },
    editorReady: { state: true, attribute: false },
    formErrors: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    notice: { state: true, attribute: false },
    problem: { state: true, attribute: false },
    oauth: { state: true, attribute: false },
    creating: { state: true, attribute: false },
    attempts: { state: true, attribute: false },
    secret: { state: true, attribute: false },
    hint: { state: true, attribute: false },
  };

  declare apiBase: string;
  declare theme: 'light' | 'dark' | 'auto';
  declare locale: string | undefined;
  declare token: string | undefined;
  declare tokenProvider: (() => Promise<string>) | undefined;

  declare view: View;
  declare connectors: Connector[] | undefined;
  declare eventTypes: EventType[] | undefined;
  declare endpoints: Endpoint[] | undefined;
  declare loadError: string | undefined;
  declare query: string;
  declare connector: Connector | undefined;
  declare endpoint: Endpoint | undefined;
  declare selected: Set<string>;
  declare code: string;
  declare testEvent: string;
  declare testPayload: string;
  declare result: SimulateResult | ApiError | undefined;
  declare editorReady: boolean;
  declare formErrors: Record<string, string>;
  declare busy: boolean;
  declare notice: string;
  declare problem: string;
  declare oauth: OAuthState;
  /** Whether the endpoint in the flow was just made (created) or is being edited. */
  declare creating: boolean;
  /** The delivery log of the endpoint in the detail view; undefined until asked for. */
  declare attempts: Attempt[] | undefined;
  declare secret: string | undefined;
  /** What the endpoint in the detail view is connected with (channel, masked key…), from the BFF. */
  declare hint: Record<string, string> | undefined;

  #client: BffClient | undefined;
  #clientBase: string | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<string> | undefined;
  #loading = false;
  /** The application whose connections are shown. */
  #shownApp: string | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.apiBase = '';
    this.theme = 'auto';
    this.view = 'catalog';
    this.query = '';
    this.selected = new Set();
    this.code = '';
    this.testEvent = '';
    this.testPayload = '';
    this.editorReady = false;
    this.formErrors = {};
    this.busy = false;
    this.notice = '';
    this.problem = '';
    this.creating = false;
  }

  /** The BFF client for the current `api-base`. */
  get client(): BffClient {
    if (!this.#client || this.#clientBase !== this.apiBase) {
      this.#clientBase = this.apiBase;
      this.#client = new BffClient(
        this.apiBase,
        (refused) => this.#tokenFor(refused),
        () => this.claims?.app ?? '',
      );
    }
    return this.#client;
  }

  get claims(): TokenClaims | undefined {
    return readToken(this.token);
  }

  /** Whether this session may do what `capability` allows. */
  can(capability: string): boolean {
    return can(this.claims, capability);
  }

  get l10n(): Localized {
    const lang = this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang ?? 'en';
    return localize(lang || 'en');
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.l10n.t(key, params);
  }

  emit<K extends PickerEventType>(type: K, detail: PickerEventDetails[K]): void {
    dispatchPickerEvent(this, type, detail);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#scheduleRefresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#refreshTimer);
    this.stopPolling();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token') || changed.has('tokenProvider')) this.#scheduleRefresh();
    if (!this.token && !this.tokenProvider) return;
    // A refreshed token for the same application changes nothing shown; the first token, or one
    // for another application, does.
    const newApp = changed.has('token') && this.claims?.app !== this.#shownApp && !this.#loading;
    if (changed.has('apiBase') || changed.has('tokenProvider') || newApp) void this.load();
  }

  /**
   * The token for a call: the current one, unless it is missing or is the one just refused; then
   * the provider's next one. Calls refused together share one refresh.
   */
  async #tokenFor(refused?: string): Promise<string | undefined> {
    const stale = !this.token || this.token === refused;
    if (!this.tokenProvider || !stale) return this.token;
    this.#refreshing ??= this.tokenProvider().finally(() => {
      this.#refreshing = undefined;
    });
    this.token = await this.#refreshing;
    return this.token;
  }

  /**
   * Asks the provider for a new token a minute before this one expires, but not before half its
   * life nor within a second, so that short sessions do not turn into a refresh loop.
   */
  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    const claims = this.claims;
    if (!this.tokenProvider || !claims?.exp) return;
    const due = Math.max(claims.exp - 60, claims.iat + (claims.exp - claims.iat) / 2) * 1000;
    this.#refreshTimer = setTimeout(() => void this.#tokenFor(this.token), Math.max(1000, due - Date.now()));
  }

  /** Loads what every view needs; a failure is shown with a retry. */
  async load(): Promise<void> {
    this.loadError = undefined;
    this.#loading = true;
    try {
      // The application is named by the token, so there must be one before the calls are made.
      await this.#tokenFor();
      [this.connectors, this.eventTypes, this.endpoints] = await Promise.all([
        this.client.connectors(),
        this.client.eventTypes(),
        this.client.endpoints(),
      ]);
      this.#shownApp = this.claims?.app;
      this.announce(this.t('loaded', { n: this.connectors.length }));
    } catch (err) {
      this.#shownApp = undefined;
      this.loadError = this.describe(err);
      this.fail(err);
    } finally {
      this.#loading = false;
    }
  }

  announce(message: string): void {
    this.problem = '';
    this.notice = message;
  }

  /** Says what went wrong in the alert region and as a `cp-error` event. */
  fail(err: unknown): void {
    const message = this.describe(err);
    this.problem = this.t('failed', { m: message });
    this.emit('cp-error', { code: err instanceof ApiError ? err.code : 'client_error', message });
  }

  describe(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
  }

  /** Moves to a view and puts keyboard focus on its heading, so screen readers follow. */
  async go(view: View): Promise<void> {
    this.view = view;
    this.problem = '';
    if (view === 'detail') {
      this.attempts = undefined;
      this.secret = undefined;
      this.hint = undefined;
      const id = this.endpoint?.id ?? '';
      void this.client
        .connection(id)
        .then((c) => {
          if (this.endpoint?.id === id) this.hint = c.hint;
        })
        .catch(() => undefined);
    }
    if (view === 'transform') enterTransform(this);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2, h3')?.focus();
  }

  connectorOf(endpoint: Endpoint): Connector | undefined {
    return this.connectors?.find((c) => c.id === endpoint.connectorId);
  }

  pick(connector: Connector): void {
    this.connector = connector;
    this.formErrors = {};
    this.oauth = undefined;
    void this.go('connect');
  }

  /** After connecting (or to edit), the next steps work on this endpoint. */
  async continueWith(endpoint: Endpoint, creating: boolean): Promise<void> {
    this.endpoint = endpoint;
    this.creating = creating;
    this.connector = this.connectorOf(endpoint) ?? this.connector;
    this.selected = new Set(endpoint.eventTypes ?? []);
    const saved = this.can('ManageTransformations')
      ? await this.client.transformation(endpoint.id).catch(() => undefined)
      : undefined;
    this.code = saved?.code ?? this.connector?.transformation ?? '';
    this.result = undefined;
    if (creating)
      this.emit('cp-endpoint-created', { endpointId: endpoint.id, connectorId: endpoint.connectorId ?? '' });
    await this.go('events');
  }

  /**
   * Follows an OAuth connect: the sign-in page posts a one-time code to this window, and the
   * claim with it makes the connection. The BFF is polled for the outcome meanwhile, so a
   * refusal at the provider shows even when no message comes.
   */
  startPolling(sessionId: string): void {
    this.stopPolling();
    // One outcome, whichever of the claim and the poll sees it first.
    let settled = false;
    const settle = () => {
      const first = !settled;
      settled = true;
      this.stopPolling();
      return first;
    };
    const done = async (endpoint: Endpoint) => {
      if (!settle()) return;
      this.oauth = undefined;
      this.announce(this.t('connected', { name: this.connector?.kindName ?? '' }));
      this.endpoints = await this.client.endpoints();
      await this.continueWith(this.endpoints.find((e) => e.id === endpoint.id) ?? endpoint, true);
    };
    const failed = (message: string) => {
      if (!settle()) return;
      this.oauth = { status: 'failed', message };
      this.emit('cp-connect-failed', { connectorId: this.connector?.id ?? '', reason: message });
    };
    const check = async () => {
      const session = await this.client.connectSession(sessionId).catch(() => undefined);
      if (!session || session.status === 'pending' || session.status === 'authorized') return;
      if (session.status === 'connected' && session.endpointId) {
        const made = await this.client.endpoint(session.endpointId).catch(() => undefined);
        if (made) await done(made);
      } else failed(session.error ?? '');
    };
    const claim = async (code: string) => {
      // The code works once: no poll or second message may race the claim.
      this.stopPolling();
      try {
        await done(await this.client.claimConnection(sessionId, code));
      } catch (err) {
        failed(this.describe(err));
      }
    };
    this.#poll = setInterval(() => void check(), 1000);
    // Only Patchbay's sign-in page (where the popup was sent) speaks for this connect.
    const signIn = this.oauth && 'url' in this.oauth ? new URL(this.oauth.url, location.href).origin : undefined;
    this.#onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: string; sessionId?: string; status?: string; code?: unknown };
      if (e.origin !== signIn || data?.type !== 'patchbay:oauth' || data.sessionId !== sessionId) return;
      if (data.status === 'authorized' && typeof data.code === 'string') void claim(data.code);
      else void check();
    };
    window.addEventListener('message', this.#onMessage);
  }

  #onMessage: ((e: MessageEvent) => void) | undefined;

  stopPolling(): void {
    clearInterval(this.#poll);
    if (this.#onMessage) window.removeEventListener('message', this.#onMessage);
    this.#onMessage = undefined;
  }

  protected override render() {
    const t = (k: MessageKey, p?: Record<string, string | number>) => this.t(k, p);
    const tab = (view: View, label: string, active: boolean) =>
      html`<button type="button" part="tab button" aria-current=${active ? 'page' : 'false'} @click=${() => this.go(view)}>${label}</button>`;
    const inList = this.view === 'list' || this.view === 'detail';
    let body: unknown;
    if (!this.token && !this.tokenProvider) body = nothing;
    else if (this.loadError) {
      body = html`<div role="alert" part="error" class="error"><p>${t('failed', { m: this.loadError })}</p><button type="button" part="button" @click=${() => this.load()}>${t('retry')}</button></div>`;
    } else if (!this.connectors || !this.eventTypes || !this.endpoints) body = html`<p>${t('loading')}</p>`;
    else {
      const views: Record<View, (p: ConnectorPicker) => unknown> = {
        catalog: catalogView,
        connect: connectView,
        events: eventsView,
        transform: transformView,
        review: reviewView,
        list: listView,
        detail: detailView,
      };
      body = views[this.view](this);
    }
    return html`<section class="root" lang=${this.l10n.lang}>
      <nav part="header" aria-label=${t('tabList')}>${tab('catalog', t('tabAdd'), !inList)}${tab('list', t('tabList'), inList)}</nav>
      ${this.problem ? html`<p role="alert" part="error" class="error">${this.problem}</p>` : nothing}
      <div class="body">${body}</div>
      <p class="visually-hidden" role="status" aria-live="polite" part="status">${this.notice}</p>
    </section>`;
  }
}
