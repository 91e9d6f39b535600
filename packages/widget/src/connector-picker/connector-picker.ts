import { initialState, Task, TaskStatus } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues, unsafeCSS } from 'lit';
import { ApiError } from '../api/api-error.ts';
import type { Connector, Endpoint, EventType } from '../api/types.ts';
import { dispatchPickerEvent } from '../events/events.ts';
import { type Localized, loadLocale, localize } from '../i18n/i18n.ts';
import { CatalogView } from '../views/catalog.ts';
import type { EventCatalogView } from '../views/event-catalog.ts';
import type { Draft, Ui, ViewName } from '../views/host.ts';
import type { Log } from '../views/log.ts';
import type { DetailView, ListView } from '../views/manage.ts';
import { messageOf, problem, when } from '../views/parts.ts';
import type { SettingsView } from '../views/settings.ts';
import type { ConnectView, TransformView } from '../views/wizard.ts';
import styles from './connector-picker.css?inline';
import { PortalSession } from './portal-session.ts';

/** The message log's views, in the log's chunk. */
const LOG_VIEWS: ReadonlySet<ViewName> = new Set(['messages', 'message', 'attempt']);

/** What every view stands on: loaded once per application (and again for another). */
interface Catalog {
  connectors: Connector[];
  eventTypes: EventType[];
  endpoints: Endpoint[];
  drafts: Endpoint[];
}

/** The connections' views. */
interface Manage {
  list: ListView;
  detail: DetailView;
}

/** The steps after the catalog. */
interface Wizard {
  connect: ConnectView;
  events: { render(): unknown };
  transform: TransformView;
  review: { render(): unknown };
}

/** A connection's settings, and the event catalog: a chunk each. */
interface Settings {
  settings: SettingsView;
}
interface EventTypes {
  'event-types': EventCatalogView;
}

/** What the catalog is loaded for. */
type CatalogKey = [
  apiBase: string,
  tokenProvider: (() => Promise<string>) | undefined,
  app: string | undefined,
  token: string | undefined,
  lang: string,
];

/**
 * @summary Lets a vendor's customer connect the vendor's webhooks to the tools they use, and
 * watch and replay what was delivered.
 *
 * @attr api-base - Base URL of Patchbay, e.g. `https://hooks.example.com` or `/patchbay`.
 * @attr theme - `light`, `dark`, or `auto` (the default: follows the operating system).
 * @attr locale - `en`, `de` or `fr`; defaults to the element's or the page's `lang`.
 * @attr page - What is shown, named as Svix's App Portal paths without the leading slash: `''` (the
 * catalog, the default), `endpoints` (the connections), `endpoints/{id}` (one connection),
 * `endpoints/{id}/settings` (its settings), `messages` (the message log), `messages/{id}` (one message),
 * `messages/{id}/attempts/{attemptId}` (one attempt), `event-types` (the event catalog),
 * `event-types/{name}` (one event type). Set it to
 * open that page (an unknown page, or a connection the session cannot see, shows the catalog); the
 * picker sets it as the customer moves, and fires `cp-navigate`.
 * @prop token - The portal session token. A property, never an attribute: it must not show in the DOM.
 * @prop tokenProvider - An async function answering a fresh token; called before expiry and on a 401.
 * @fires cp-endpoint-created - A connection was saved for the first time (Review's Save of a new one): from now on it is in the vendor's endpoint list and delivered to. Connecting alone makes a draft, which fires nothing.
 * @fires cp-endpoint-updated - A connection was changed (events, transformation, paused, resumed).
 * @fires cp-endpoint-deleted - A connection was deleted.
 * @fires cp-connect-started - Connecting started (OAuth popup or form).
 * @fires cp-connect-failed - Connecting failed, with the reason.
 * @fires cp-error - Something the widget could not do.
 * @fires cp-session-ended - The BFF refused the token and `tokenProvider` (if set) gave none it takes: the session expired or was revoked. Once per token, whichever call found it (a load, Run test, an OAuth start…); a host page shows its own "session ended" here.
 * @fires cp-navigate - The customer moved to another page: `detail.page` is the new `page` (a host page keeps its address in step, e.g. `?next=`).
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
 * @csspart draft - A connection not saved yet, in the list (it delivers nothing).
 * @csspart badge - A status badge.
 * @csspart log - The delivery log.
 * @csspart panel - The transformation test panel.
 * @csspart status - The live status line (the notice, when it says something).
 * @csspart notice - The confirmation of what was just done ("Saved."), until dismissed or the next step.
 * @csspart dismiss - The notice's close button.
 * @csspart error - Error messages.
 * @csspart dialog - Confirmation dialogs.
 * @csspart filters - The message log's filter form (with `form`).
 * @csspart messages - The message log's table (with `log`); `message` is one of its rows.
 * @csspart message - A message in the message log.
 * @csspart attempts - A message's attempts (with `log`).
 * @csspart destination - A connection a message went to, in the message view.
 * @csspart payload - A message's payload.
 * @csspart request - What an attempt sent (method, URL, headers, body).
 * @csspart response - What came back to an attempt (status, headers, body).
 * @csspart copy - A copy button (message id, payload).
 * @csspart stats - A delivery chart (a connection's settings).
 * @csspart event-type - An event type in the event catalog.
 * @csspart schema - An event type's payload schema, as a tree.
 * @csspart example - An event type's example payload.
 * @csspart filter - The events step's filter builder (its controls are `field`s).
 * @csspart filter-condition - One condition of the filter builder.
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
/** A chunk's views, imported on first use: once, and again after a failed fetch. */
async function loaded<T>(task: Task<[], T>): Promise<T | undefined> {
  if (task.status !== TaskStatus.COMPLETE && task.status !== TaskStatus.PENDING) void task.run();
  await task.taskComplete.catch(() => undefined);
  return task.value;
}

export class ConnectorPicker extends LitElement {
  static override styles = unsafeCSS(styles);
  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    theme: { type: String, reflect: true },
    locale: { type: String },
    page: { type: String },
    token: { attribute: false },
    tokenProvider: { attribute: false },
  };

  declare apiBase: string;
  declare theme: 'light' | 'dark' | 'auto';
  declare locale: string | undefined;
  declare page: string;
  declare token: string | undefined;
  declare tokenProvider: (() => Promise<string>) | undefined;

  readonly #session = new PortalSession(this);
  #view: ViewName = 'catalog';
  /** The connection the detail view shows. */
  #opened: Endpoint | undefined;
  /** The application the catalog was last loaded for: another one's connection is not left on screen. */
  #shownApp: string | undefined;
  /**
   * Counts the moves asked for (by the customer or by setting `page`): one that waited for a chunk
   * goes on only if none was asked for meanwhile, so the last one wins.
   */
  #moves = 0;
  /** The confirmation shown (and announced), and the error shown in the alert. */
  #notice = '';
  /** Whether the notice is shown too: what an action did is; what loading found is only said. */
  #noticeShown = false;
  #problem: unknown = null;
  /**
   * The notice was given in this very task, by an action that moves on at once (Save, then the
   * list): that move keeps it; any later one (the customer's next click) clears it.
   */
  #noticeFresh = false;
  /** The application's connections, kept as the views change them. */
  #endpoints: Endpoint[] = [];
  /** Connections made but not saved yet (they deliver nothing), which the customer may finish or remove. */
  #drafts: Endpoint[] = [];
  #draft: Draft | undefined;
  readonly #catalog: Task<CatalogKey, Catalog>;
  /** The draft's saved transformation (the connector's default if none), loaded when the draft starts. */
  readonly #code: Task<[Draft | undefined], void>;
  /** The steps after the catalog, a chunk of their own: imported when a connector is picked or a connection edited. */
  readonly #wizard: Task<[], Wizard>;
  /**
   * The connections' views, a chunk of their own (most visits are to the wizard, and the first
   * load stays within its budget): imported the first time they are opened.
   */
  readonly #manage: Task<[], Manage>;
  /** The message log's views (all messages, one message, one attempt), a chunk of their own too, with their strings. */
  readonly #log: Task<[], Log>;
  /** One connection's settings and the event catalog: chunks of their own, imported when first opened. */
  readonly #settings: Task<[], Settings>;
  readonly #eventCatalog: Task<[], EventTypes>;
  readonly #views: Record<ViewName, () => unknown>;

  constructor() {
    super();
    this.apiBase = '';
    this.theme = 'auto';
    this.page = '';
    const session = this.#session;
    this.#catalog = new Task(this, {
      args: (): CatalogKey => [this.apiBase, this.tokenProvider, session.claims?.app, this.token, this.#lang],
      // A refreshed token for the application shown changes nothing; after a failed load, any new token tries again.
      argsEqual: (before, now) =>
        before.every((value, i) => value === now[i] || (i === 3 && this.#catalog.status !== TaskStatus.ERROR)),
      task: async ([, provider, , token, lang], { signal }) => {
        if (!token && !provider) return initialState;
        // The application is named by the token, so there must be one before the calls are made.
        await session.token();
        const { client } = session;
        // The locale's catalog comes with the data, so that the first view is in its language
        // (English if the catalog cannot be fetched).
        const [connectors, eventTypes, endpoints, drafts] = await Promise.all([
          client.connectors(signal, lang),
          client.eventTypes(signal),
          client.endpoints(signal),
          client.drafts(signal),
          loadLocale(lang).catch(() => undefined),
        ]);
        return { connectors, eventTypes, endpoints, drafts };
      },
      onComplete: ({ connectors, endpoints, drafts }) => {
        this.#endpoints = endpoints;
        this.#drafts = drafts;
        const app = session.claims?.app;
        if (this.#shownApp !== undefined && app !== this.#shownApp) {
          // A token for another application: what was open was the other one's.
          this.#view = 'catalog';
          this.#opened = undefined;
          this.#draft = undefined;
          // Nor does what the views kept of it: the log's filters and pages, the settings' connection.
          this.#log.value?.messages.reset();
          this.#settings.value?.settings.leave();
        }
        this.#shownApp = app;
        // Said to screen readers: sighted people see the cards (a banner on arrival would be noise).
        this.#announce(this.#l10n.t('loaded', { n: connectors.length }), false);
        // The value is the task's once this returns.
        queueMicrotask(() => this.#follow());
      },
      onError: (err) => this.#fail(err),
    });
    this.#code = new Task(this, {
      args: () => [this.#draft],
      task: async ([draft], { signal }) => {
        if (!draft) return;
        try {
          if (session.can('ManageTransformations'))
            draft.code = (await session.client.transformation(draft.endpoint.id, signal)).code ?? undefined;
        } finally {
          draft.code ??= draft.connector?.transformation ?? '';
        }
      },
      onError: (err) => this.#fail(err),
    });

    const ui: Ui = {
      t: (key, params) => this.#l10n.t(key, params),
      date: (iso) => this.#l10n.date(iso),
      lang: () => this.#l10n.lang,
      locale: () => this.#l10n.locale,
      can: (capability) => session.can(capability),
      announce: (message) => this.#announce(message),
      fail: (err) => this.#fail(err),
      emit: (type, detail) => dispatchPickerEvent(this, type, detail),
      go: (view) => this.#go(view),
      update: () => this.requestUpdate(),
      find: async (selector) => {
        await this.updateComplete;
        return this.renderRoot.querySelector(selector);
      },
      adopt: (styles) => {
        const root = this.renderRoot as ShadowRoot;
        if (!root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
      },
      controllers: this,
    };
    // What the views read, as functions: each call answers what is current. (Views render only
    // once the catalog has loaded.)
    const loaded = () => this.#catalog.value as Catalog;
    const data = {
      client: () => session.client,
      eventTypes: () => loaded().eventTypes,
      endpoints: (): readonly Endpoint[] => this.#endpoints,
      connectorOf: (endpoint: Endpoint) => this.#connectorOf(endpoint),
      saved: (endpoint: Endpoint) => this.#saved(endpoint),
    };
    const flow = { draft: () => this.#draft as Draft };
    const catalog = new CatalogView({
      ...ui,
      connectors: () => loaded().connectors,
      pick: async (connector) => {
        (await this.#steps())?.connect.enter(connector);
        await this.#go('connect');
      },
    });
    /** A chunk's views, imported on first use (`loaded`); a failed fetch is said, and the next use tries again. */
    const chunk = <T>(load: () => Promise<T>) =>
      new Task<[], T>(this, { autoRun: false, task: load, onError: (err) => this.#fail(err) });
    this.#wizard = chunk(async () => {
      const { ConnectView, eventsView, ReviewView, TransformView } = await import('../views/wizard.ts');
      const connect = new ConnectView({
        ...ui,
        ...data,
        connected: (endpoint) => {
          // A draft until Review's Save, which is when the vendor hears of it (cp-endpoint-created):
          // listed apart, so leaving now leaves nothing live.
          this.#drafts = [endpoint, ...this.#drafts.filter((e) => e.id !== endpoint.id)];
          return this.#continueWith(endpoint, true);
        },
      });
      this.addController(connect);
      const events = {
        ...ui,
        ...data,
        ...flow,
        select: (name: string, on: boolean) => {
          const draft = this.#draft as Draft;
          const selected = new Set(draft.selected);
          if (on) selected.add(name);
          else selected.delete(name);
          draft.selected = selected;
          this.requestUpdate();
        },
        filter: (rule: Draft['filter']) => {
          (this.#draft as Draft).filter = rule;
        },
      };
      const transform = new TransformView({
        ...ui,
        ...data,
        ...flow,
        edit: (code) => {
          (this.#draft as Draft).code = code;
        },
      });
      return {
        connect,
        events: { render: () => eventsView(events) },
        transform,
        review: new ReviewView({ ...ui, ...data, ...flow }),
      };
    });
    this.#manage = chunk(async () => {
      const { DetailView, ListView } = await import('../views/manage.ts');
      const detail = new DetailView({
        ...ui,
        ...data,
        endpointById: (id) => this.#endpoints.find((e) => e.id === id),
        reload: () => this.#reload(),
        openAttempt: (a) => void this.#openLog((log) => log.openAttempt(a.msgId, a.id, () => this.#go('detail'))),
        settings: (endpoint) => void this.#openSettings(endpoint),
      });
      const list = new ListView({
        ...ui,
        ...data,
        drafts: () => this.#drafts,
        resume: (endpoint) => void this.#resume(endpoint),
        open: (endpoint) => void this.#openDetail(endpoint),
        edit: (endpoint) => void this.#continueWith(endpoint, false),
        removed: (id) => {
          this.#endpoints = this.#endpoints.filter((e) => e.id !== id);
          this.#drafts = this.#drafts.filter((e) => e.id !== id);
          this.requestUpdate();
        },
      });
      return { list, detail };
    });
    this.#log = chunk(async () => {
      const { Log, loadTexts } = await import('../views/log.ts');
      // Its strings come with it, so that it shows in the customer's language at once (else English).
      await loadTexts(this.#lang).catch(() => undefined);
      return new Log({ ...ui, ...data });
    });
    this.#settings = chunk(async () => {
      const { SettingsView, loadTexts } = await import('../views/settings.ts');
      // Its strings come with it, as the log's do.
      await loadTexts(this.#lang).catch(() => undefined);
      const settings = new SettingsView({
        ...ui,
        ...data,
        endpointById: (id) => this.#endpoints.find((e) => e.id === id),
        detail: (endpoint) => void this.#openDetail(endpoint),
        editCode: (endpoint) => void this.#continueWith(endpoint, false, 'transform'),
      });
      return { settings };
    });
    this.#eventCatalog = chunk(async () => {
      const { EventCatalogView, loadTexts } = await import('../views/event-catalog.ts');
      await loadTexts(this.#lang).catch(() => undefined);
      return {
        'event-types': new EventCatalogView({ ...ui, ...data, show: (name) => void this.#openEventType(name) }),
      };
    });
    /** A view of a chunk: "Loading…" until it is there, and a way to try again if it could not be fetched. */
    const chunked =
      <V extends string>(task: Task<[], Record<V, { render(): unknown }>>, view: V & ViewName) =>
      () =>
        task.render({
          pending: () => html`<p>${this.#l10n.t('loading')}</p>`,
          complete: (views) => views[view].render(),
          error: () =>
            html`<button type="button" part="button" @click=${() => this.#go(view)}>${this.#l10n.t('retry')}</button>`,
        });
    this.#views = {
      catalog: () => catalog.render(),
      connect: chunked(this.#wizard, 'connect'),
      events: chunked(this.#wizard, 'events'),
      transform: chunked(this.#wizard, 'transform'),
      review: chunked(this.#wizard, 'review'),
      list: chunked(this.#manage, 'list'),
      detail: chunked(this.#manage, 'detail'),
      messages: chunked(this.#log, 'messages'),
      message: chunked(this.#log, 'message'),
      attempt: chunked(this.#log, 'attempt'),
      settings: chunked(this.#settings, 'settings'),
      'event-types': chunked(this.#eventCatalog, 'event-types'),
    };
  }

  get #lang(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  /** The locale's strings; English until its catalog has loaded (then the picker renders again). */
  get #l10n(): Localized {
    const lang = this.#lang;
    const localized = localize(lang);
    if (localized.pending)
      loadLocale(lang).then(
        () => this.requestUpdate(),
        () => undefined,
      );
    return localized;
  }

  /** Announces what was just done, and shows it unless `shown` is false. */
  #announce(message: string, shown = true): void {
    this.#problem = null;
    this.#notice = message;
    this.#noticeShown = shown;
    this.#noticeFresh = true;
    queueMicrotask(() => {
      this.#noticeFresh = false;
    });
    this.requestUpdate();
  }

  /** Says what went wrong in the alert region and as a `cp-error` event. */
  #fail(err: unknown): void {
    this.#problem = err;
    this.#notice = '';
    dispatchPickerEvent(this, 'cp-error', {
      code: err instanceof ApiError ? err.code : 'client_error',
      message: messageOf(err),
    });
    this.requestUpdate();
  }

  /** The `page` of what is shown (the configuring steps are the catalog's, or the edited connection's). */
  get #shownPage(): string {
    switch (this.#view) {
      case 'catalog':
      case 'connect':
        return '';
      case 'list':
        return 'endpoints';
      case 'detail':
        return `endpoints/${this.#opened?.id}`;
      case 'messages':
      case 'message':
      case 'attempt':
        return this.#log.value?.[this.#view].page ?? 'messages';
      case 'settings':
        return `endpoints/${this.#settings.value?.settings.endpoint?.id}/settings`;
      case 'event-types': {
        const name = this.#eventCatalog.value?.['event-types'].name;
        return name === undefined ? 'event-types' : `event-types/${name}`;
      }
      default:
        return this.#draft?.creating === false ? `endpoints/${this.#draft.endpoint.id}` : '';
    }
  }

  /** Opens what `page` names, unless it is shown already (or the catalog is still loading: then once it has). */
  #follow(): void {
    const page = this.page || '';
    if (page === this.#shownPage || !this.#catalog.value) {
      // Shown already: a move still waiting for its chunk was asked for before, and is dropped.
      this.#moves++;
      return;
    }
    // The message log's: messages, messages/{id}, messages/{id}/attempts/{attemptId}.
    const [logPage, msg, attempt] = /^messages(?:\/([^/]+)(?:\/attempts\/([^/]+))?)?$/.exec(page) ?? [];
    if (logPage)
      return void this.#openLog((log) =>
        msg && attempt ? log.openAttempt(msg, attempt) : msg ? log.openMessage(msg) : this.#go('messages'),
      );
    const [, id, settings] = /^endpoints\/([^/]+)(\/settings)?$/.exec(page) ?? [];
    const endpoint = this.#endpoints.find((e) => e.id === id);
    const type = /^event-types(?:\/([^/]+))?$/.exec(page);
    void (page === 'endpoints'
      ? this.#go('list')
      : endpoint
        ? settings
          ? this.#openSettings(endpoint)
          : this.#openDetail(endpoint)
        : type
          ? this.#openEventType(type[1] && decodeURIComponent(type[1]))
          : this.#go('catalog'));
  }

  /** Opens a view of a chunk once the chunk is there (nothing if it could not be fetched: the picker said why). */
  async #open<T>(chunk: Task<[], T>, view: ViewName, enter: (views: T) => void): Promise<void> {
    const move = ++this.#moves;
    const views = await loaded(chunk);
    if (!views || move !== this.#moves) return;
    enter(views);
    return this.#go(view);
  }

  /** One connection's detail, once the connections' views have loaded. */
  #openDetail(endpoint: Endpoint): Promise<void> {
    return this.#open(this.#manage, 'detail', (views) => {
      views.detail.enter(endpoint);
      this.#opened = endpoint;
    });
  }

  /** One connection's settings. */
  #openSettings(endpoint: Endpoint): Promise<void> {
    return this.#open(this.#settings, 'settings', (views) => views.settings.enter(endpoint));
  }

  /** The event catalog, or one event type of it. */
  #openEventType(name: string | undefined): Promise<void> {
    return this.#open(this.#eventCatalog, 'event-types', (views) => views['event-types'].enter(name));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('page')) this.#follow();
  }

  /** Moves to a view and puts keyboard focus on its heading, so screen readers follow. */
  async #go(view: ViewName): Promise<void> {
    const move = ++this.#moves;
    const keepNotice = this.#noticeFresh;
    const managing = view === 'list' || view === 'detail';
    const chunk = managing
      ? this.#manage
      : view === 'settings'
        ? this.#settings
        : view === 'event-types'
          ? this.#eventCatalog
          : undefined;
    if (LOG_VIEWS.has(view)) {
      // As the steps: the log's views show once their chunk is there.
      const log = await loaded(this.#log);
      if (!log || move !== this.#moves) return;
      if (view === 'messages') log.messages.enter();
    } else if (!chunk && view !== 'catalog') {
      // The steps stay where they are until their chunk is there (a failed fetch is said, and nothing moves).
      const wizard = await this.#steps();
      if (!wizard || move !== this.#moves) return;
      if (view === 'transform') wizard.transform.enter();
    }
    this.#view = view;
    const page = this.#shownPage;
    if (page !== this.page) {
      this.page = page;
      dispatchPickerEvent(this, 'cp-navigate', { page });
    }
    this.#problem = null;
    if (!keepNotice) this.#notice = '';
    // Deliveries change a connection's state (failing, and why) while the picker is open; the log names them.
    if (managing || view === 'messages') void this.#reload();
    this.requestUpdate();
    // The heading to focus is there once the view's chunk is.
    if (chunk) await loaded<unknown>(chunk);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2, h3')?.focus();
  }

  /** The steps after the catalog, once their chunk is there (undefined if it could not be fetched: the picker said so). */
  #steps(): Promise<Wizard | undefined> {
    return loaded(this.#wizard);
  }

  /** Opens a view of the message log (one message, one attempt), loading its chunk first if need be. */
  async #openLog(open: (log: Log) => Promise<void>): Promise<void> {
    const move = ++this.#moves;
    const log = await loaded(this.#log);
    if (log && move === this.#moves) await open(log);
  }

  /** Reads the application's connections (and drafts: the sweep removes them) again, as the BFF has them now. */
  async #reload(): Promise<void> {
    const { client } = this.#session;
    try {
      [this.#endpoints, this.#drafts] = await Promise.all([client.endpoints(), client.drafts()]);
      this.requestUpdate();
    } catch (err) {
      this.#fail(err);
    }
  }

  #dismiss(): void {
    this.#notice = '';
    this.requestUpdate();
    // Focus would be lost with the button: it goes back to the view's heading.
    this.renderRoot.querySelector<HTMLElement>('.body h2, .body h3')?.focus();
  }

  #connectorOf(endpoint: Endpoint): Connector | undefined {
    return this.#catalog.value?.connectors.find((c) => c.id === endpoint.connectorId);
  }

  /** The connection as the BFF now has it, added to the list or replacing its old self (a saved draft moves there). */
  #saved(endpoint: Endpoint): void {
    this.#drafts = this.#drafts.filter((e) => e.id !== endpoint.id);
    const known = this.#endpoints.some((e) => e.id === endpoint.id);
    this.#endpoints = known
      ? this.#endpoints.map((e) => (e.id === endpoint.id ? endpoint : e))
      : [...this.#endpoints, endpoint];
    this.requestUpdate();
  }

  /** Finish setup: the BFF counts the draft as worked on (the sweep leaves it another day), then its steps. */
  async #resume(draft: Endpoint): Promise<void> {
    try {
      await this.#continueWith(await this.#session.client.resumeDraft(draft.id), true);
    } catch (err) {
      // Most likely removed meanwhile (left for a day): the list shows what is left.
      await this.#reload();
      this.#fail(err);
    }
  }

  /** After connecting, to finish a draft, or to edit: the configuring steps work on this endpoint, from `step`. */
  #continueWith(endpoint: Endpoint, creating: boolean, step: ViewName = 'events'): Promise<void> {
    const connector = this.#connectorOf(endpoint);
    this.#draft = {
      connector,
      endpoint,
      creating,
      selected: new Set(endpoint.eventTypes ?? []),
      code: undefined,
      filter: endpoint.filter,
    };
    return this.#go(step);
  }

  protected override render() {
    const { t, lang } = this.#l10n;
    const visible = this.#notice && this.#noticeShown;
    const tab = (view: ViewName, label: string, active: boolean, open = () => this.#go(view)) =>
      html`<button type="button" part="tab button" aria-current=${active ? 'page' : 'false'} @click=${open}>${label}</button>`;
    const inList = this.#view === 'list' || this.#view === 'detail' || this.#view === 'settings';
    const inEvents = this.#view === 'event-types';
    const inLog = LOG_VIEWS.has(this.#view);
    const body = this.#catalog.render({
      pending: () => html`<p>${t('loading')}</p>`,
      complete: () => this.#views[this.#view](),
      error: (err) =>
        html`<div role="alert" part="error" class="error"><p>${problem(t, err)}</p><button type="button" part="button" @click=${() => this.#catalog.run()}>${t('retry')}</button></div>`,
    });
    return html`<section class="root" lang=${lang}>
      <nav part="header" aria-label=${t('tabList')}>${tab('catalog', t('tabAdd'), !inList && !inLog && !inEvents)}${tab('list', t('tabList'), inList)}${tab('messages', t('tabMessages'), inLog)}${tab('event-types', t('tabEventTypes'), inEvents, () => this.#openEventType(undefined))}</nav>
      ${this.#problem ? html`<p role="alert" part="error" class="error">${problem(t, this.#problem)}</p>` : nothing}
      <div class="notice-bar">
        <p role="status" aria-live="polite" part="status${visible ? ' notice' : ''}" class=${visible ? 'notice' : this.#notice ? 'visually-hidden' : 'notice empty'}>${this.#notice}</p>
        ${when(visible, () => html`<button type="button" part="button dismiss" class="dismiss" aria-label=${t('dismiss')} title=${t('dismiss')} @click=${() => this.#dismiss()}>×</button>`)}
      </div>
      <div class="body">${body}</div>
    </section>`;
  }
}
