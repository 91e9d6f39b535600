import { ApiError } from './api-error.ts';
import type {
  Answer,
  Attempt,
  BackgroundTask,
  Body,
  Connector,
  ConnectSession,
  Counted,
  DryRun,
  Endpoint,
  EndpointFilter,
  EndpointPatch,
  EventType,
  SimulateResult,
  TaskStarted,
  TransformationVersion,
  TransformationVersions,
} from './types.ts';

/** A list answer; the widget asks for one page, as large as the BFF allows. */
interface Page<T> {
  data: T[];
}

/** Answers a portal token; `refused` is the token the BFF just refused, so a different one is wanted. */
export type TokenSource = (refused?: string) => Promise<string | undefined>;

/**
 * The widget's only way to the BFF. Sends the portal token as a Bearer header (never in a
 * URL), asks for a fresh token and retries once on a 401, and turns `{code, detail}` answers
 * into {@link ApiError}. The loads take an `AbortSignal`: a view that moves on stops waiting.
 */
export class BffClient {
  readonly #base: string;
  readonly #token: TokenSource;
  readonly #app: () => string;
  readonly #ended: () => void;

  /** `ended` hears each 401 that a fresh token did not cure: the session is over, whichever call found it. */
  constructor(base: string, token: TokenSource, app: () => string, ended: () => void = () => {}) {
    this.#base = base.replace(/\/+$/, '');
    this.#token = token;
    this.#app = app;
    this.#ended = ended;
  }

  async #call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, refused?: string): Promise<T> {
    const token = await this.#token(refused);
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      // An abort is the caller's own doing, not a network failure to report.
      if (signal?.aborted) throw err;
      throw new ApiError(0, { code: 'network_error', detail: 'network' });
    }
    // Once, and only when there is another token to try: the same one would be refused again.
    if (response.status === 401 && refused === undefined && token && (await this.#token(token)) !== token) {
      return this.#call(method, path, body, signal, token);
    }
    if (response.status === 401) this.#ended();
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed as T;
  }

  #app_(path: string): string {
    return `/api/v1/app/${encodeURIComponent(this.#app())}${path}`;
  }

  /** In `locale`'s language (else the browser's): the kinds' texts, and the vendor's where it translated them. */
  connectors = (signal?: AbortSignal, locale?: string) =>
    this.#call<Page<Connector>>(
      'GET',
      `/portal/v1/connectors${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`,
      undefined,
      signal,
    ).then((p) => p.data);
  eventTypes = (signal?: AbortSignal) =>
    this.#call<Page<EventType>>('GET', '/portal/v1/event-types', undefined, signal).then((p) => p.data);
  connect = (connector: string, credentials: Record<string, string>) =>
    this.#call<Endpoint>('POST', `/portal/v1/connectors/${connector}/connect`, { credentials });
  startOAuth = (connector: string) =>
    this.#call<Answer<'portal.connector.connect-oauth'>>(
      'POST',
      `/portal/v1/connectors/${connector}/connect/oauth`,
      {},
    );
  connectSession = (id: string) => this.#call<ConnectSession>('GET', `/portal/v1/connect-sessions/${id}`);
  /** Makes the connection, with the one-time code the sign-in page posted to this window. */
  claimConnection = (id: string, code: string) =>
    this.#call<Endpoint>('POST', `/portal/v1/connect-sessions/${id}/claim`, { code });
  /** Connections made but not saved yet: they deliver nothing until {@link saveDraft}. */
  drafts = (signal?: AbortSignal) =>
    this.#call<Answer<'portal.draft.list'>>('GET', '/portal/v1/drafts', undefined, signal).then((p) => p.data);
  /** Saves a draft with its events and transformation; from then on it is delivered to. */
  saveDraft = (endpoint: string, body: Body<'portal.draft.save'>) =>
    this.#call<Endpoint>('POST', `/portal/v1/drafts/${endpoint}/save`, body);
  /** Finish setup: the draft counts as worked on now, so it is not removed while the customer finishes it. */
  resumeDraft = (endpoint: string) => this.#call<Endpoint>('POST', `/portal/v1/drafts/${endpoint}/resume`, {});
  connection = (endpoint: string, signal?: AbortSignal) =>
    this.#call<Answer<'portal.endpoint.connection'>>(
      'GET',
      `/portal/v1/endpoints/${endpoint}/connection`,
      undefined,
      signal,
    );

  endpoints = (signal?: AbortSignal) =>
    this.#call<Page<Endpoint>>('GET', this.#app_('/endpoint?limit=250'), undefined, signal).then((p) => p.data);
  endpoint = (id: string) => this.#call<Endpoint>('GET', this.#app_(`/endpoint/${id}`));
  patchEndpoint = (id: string, patch: EndpointPatch) =>
    this.#call<Endpoint>('PATCH', this.#app_(`/endpoint/${id}`), patch);
  deleteEndpoint = (id: string) => this.#call<unknown>('DELETE', this.#app_(`/endpoint/${id}`));
  transformation = (id: string, signal?: AbortSignal) =>
    this.#call<Answer<'v1.endpoint.transformation.get'>>(
      'GET',
      this.#app_(`/endpoint/${id}/transformation`),
      undefined,
      signal,
    );
  saveTransformation = (id: string, code: string) =>
    this.#call<unknown>('PATCH', this.#app_(`/endpoint/${id}/transformation`), { code, enabled: true });
  // Transformation versions and dry runs (Patchbay's extensions).
  transformationVersions = (id: string, signal?: AbortSignal) =>
    this.#call<TransformationVersions>('GET', this.#app_(`/endpoint/${id}/transformation/versions`), undefined, signal);
  transformationVersion = (id: string, version: string, signal?: AbortSignal) =>
    this.#call<TransformationVersion>(
      'GET',
      this.#app_(`/endpoint/${id}/transformation/versions/${version}`),
      undefined,
      signal,
    );
  restoreTransformation = (id: string, version: string) =>
    this.#call<TransformationVersion>(
      'POST',
      this.#app_(`/endpoint/${id}/transformation/versions/${version}/restore`),
      {},
    );
  /** `filter`: the one built in the flow, tried before either code (null: none). */
  dryRun = (id: string, code: string, eventTypes: string[] | null, filter: EndpointFilter | null) =>
    this.#call<DryRun>('POST', this.#app_(`/endpoint/${id}/transformation/dry-run`), { code, eventTypes, filter });
  simulate = (id: string, code: string, eventType: string, payload: unknown) =>
    this.#call<SimulateResult>('POST', this.#app_(`/endpoint/${id}/transformation/simulate`), {
      code,
      eventType,
      payload,
    });
  attempts = (id: string, signal?: AbortSignal) =>
    this.#call<Page<Attempt>>(
      'GET',
      this.#app_(`/attempt/endpoint/${id}?limit=50&with_msg=true`),
      undefined,
      signal,
    ).then((p) => p.data);
  resend = (msg: string, endpoint: string) =>
    this.#call<unknown>('POST', this.#app_(`/msg/${msg}/endpoint/${endpoint}/resend`), {});
  /** How many messages a window's `route` (`recover`, `replay-missing`) would send since then, and until when it counted. */
  #count = (route: string, endpoint: string, since: string, signal?: AbortSignal) =>
    this.#call<Counted>(
      'GET',
      `/portal/v1/endpoints/${endpoint}/${route}?since=${encodeURIComponent(since)}`,
      undefined,
      signal,
    );
  /** Starts the background task that sends the window's messages (`until` as counted). */
  #send = (route: string, endpoint: string, since: string, until?: string) =>
    this.#call<TaskStarted>('POST', this.#app_(`/endpoint/${endpoint}/${route}`), {
      since,
      ...(until ? { until } : {}),
    });
  /** How many failed messages `recover` would send again since then, and until when it counted. */
  recoverCount = (endpoint: string, since: string, signal?: AbortSignal) =>
    this.#count('recover', endpoint, since, signal);
  recover = (endpoint: string, since: string, until?: string) => this.#send('recover', endpoint, since, until);
  /** How many messages were never sent to the endpoint (it was disabled) since then: what `replayMissing` sends. */
  replayMissingCount = (endpoint: string, since: string, signal?: AbortSignal) =>
    this.#count('replay-missing', endpoint, since, signal);
  replayMissing = (endpoint: string, since: string, until?: string) =>
    this.#send('replay-missing', endpoint, since, until);
  /** A background task of the session's application (a recovery, a replay), as it stands now. */
  backgroundTask = (id: string, signal?: AbortSignal) =>
    this.#call<BackgroundTask>('GET', `/portal/v1/background-tasks/${id}`, undefined, signal);
  sendExample = (endpoint: string, eventType: string) =>
    this.#call<Answer<'v1.endpoint.send-example'>>('POST', this.#app_(`/endpoint/${endpoint}/send-example`), {
      eventType,
    });
  secret = (endpoint: string) =>
    this.#call<Answer<'v1.endpoint.get-secret'>>('GET', this.#app_(`/endpoint/${endpoint}/secret`));
  rotateSecret = (endpoint: string) =>
    this.#call<unknown>('POST', this.#app_(`/endpoint/${endpoint}/secret/rotate`), {});

  /** Any call, for the views of chunks that bring their own (the first load carries only what every visit needs). */
  request = <T>(method: string, path: string, body?: unknown, signal?: AbortSignal) =>
    this.#call<T>(method, path, body, signal);
  /** `path` under the session's application: `/api/v1/app/{app}{path}`. */
  appPath = (path: string) => this.#app_(path);
}
