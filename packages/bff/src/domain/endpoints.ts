import type { Clock } from '../clock.ts';
import { type FieldProblem, NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Application, Connector, Endpoint, ListQuery, Store, StringMap } from '../store/types.ts';
import { newEndpointSecret, normalizeSecret } from './secrets.ts';
import type { Transformations } from './transformations.ts';
import { uniquely } from './unique.ts';

export interface EndpointInput {
  url: string;
  description?: string | null;
  throttleRate?: number | null;
  uid?: string | null;
  disabled?: boolean | null;
  eventTypes?: string[] | null;
  channels?: string[] | null;
  secret?: string | null;
  metadata?: StringMap | null;
  headers?: StringMap | null;
  /** Patchbay's addition: the connector (id or uid) the endpoint is made from. */
  connectorId?: string | null;
  /** Patchbay's addition: seconds between attempts, instead of the deployment's schedule. */
  retrySchedule?: number[] | null;
}

export type EndpointPatch = Partial<Omit<EndpointInput, 'secret' | 'headers'>>;

export interface TransformationPatch {
  code?: string | null;
  enabled?: boolean | null;
  variables?: StringMap | null;
}

/** How long a rotated-out secret keeps signing, so receivers can switch without losing messages. */
export const SECRET_GRACE_MS = 24 * 3600 * 1000;

export type Endpoints = ReturnType<typeof createEndpoints>;

export function createEndpoints(deps: {
  store: Store;
  clock: Clock;
  transformations: Transformations;
  /** The save-time SSRF check: why the URL may not be delivered to, or null. */
  checkDestination: (url: string) => Promise<string | null>;
}) {
  const { store, clock, transformations } = deps;

  async function checkUrl(url: string): Promise<void> {
    const problem = await deps.checkDestination(url);
    if (problem)
      throw new ValidationError([
        { loc: ['body', 'url'], msg: `cannot deliver here: ${problem}`, type: 'value_error.url.blocked' },
      ]);
  }
  async function resolveConnector(idOrUid: string | null | undefined): Promise<Connector | null> {
    if (!idOrUid) return null;
    const connector = await store.connectors.get(idOrUid);
    if (!connector) {
      throw new ValidationError([
        { loc: ['body', 'connectorId'], msg: 'connector not found', type: 'value_error.not_found' },
      ]);
    }
    return connector;
  }

  async function checkEventTypes(names: string[] | null): Promise<void> {
    const problems: FieldProblem[] = [];
    for (const [i, name] of (names ?? []).entries()) {
      if (!(await store.eventTypes.get(name))) {
        problems.push({
          loc: ['body', 'eventTypes', i],
          msg: `event type "${name}" does not exist`,
          type: 'value_error.unknown_event_type',
        });
      }
    }
    if (problems.length) throw new ValidationError(problems);
  }

  async function get(app: Application, idOrUid: string): Promise<Endpoint> {
    const endpoint = await store.endpoints.get(app.id, idOrUid);
    if (!endpoint) throw new NotFoundError('Endpoint not found');
    return endpoint;
  }

  async function save(endpoint: Endpoint, isNew: boolean): Promise<Endpoint> {
    const write = isNew ? store.endpoints.insert(endpoint) : store.endpoints.update(endpoint);
    await uniquely(write, `An endpoint with uid "${endpoint.uid}"`);
    return endpoint;
  }

  async function update(endpoint: Endpoint, changes: EndpointPatch): Promise<Endpoint> {
    const next = <K extends keyof EndpointPatch & keyof Endpoint>(key: K) =>
      changes[key] === undefined ? endpoint[key] : (changes[key] as Endpoint[K]);
    if (changes.eventTypes) await checkEventTypes(changes.eventTypes);
    if (changes.url && changes.url !== endpoint.url) await checkUrl(changes.url);
    const connector = changes.connectorId === undefined ? undefined : await resolveConnector(changes.connectorId);
    return save(
      {
        ...endpoint,
        url: changes.url ?? endpoint.url,
        description: changes.description ?? endpoint.description,
        throttleRate: next('throttleRate'),
        uid: next('uid'),
        disabled: changes.disabled ?? endpoint.disabled,
        retrySchedule: next('retrySchedule'),
        // Enabling an endpoint again gives it a clean slate.
        ...(changes.disabled === false ? { disabledReason: null, failSince: null } : {}),
        eventTypes: next('eventTypes'),
        channels: next('channels'),
        metadata: changes.metadata === undefined ? endpoint.metadata : (changes.metadata ?? {}),
        connectorId: connector === undefined ? endpoint.connectorId : (connector?.id ?? null),
        updatedAt: clock.now(),
      },
      false,
    );
  }

  return {
    get,
    update,
    async create(app: Application, input: EndpointInput): Promise<Endpoint> {
      await checkEventTypes(input.eventTypes ?? null);
      await checkUrl(input.url);
      const connector = await resolveConnector(input.connectorId);
      const now = clock.now();
      return save(
        {
          id: newId('ep', now.getTime()),
          appId: app.id,
          uid: input.uid ?? null,
          url: input.url,
          description: input.description ?? '',
          eventTypes: input.eventTypes ?? null,
          channels: input.channels ?? null,
          disabled: input.disabled ?? false,
          metadata: input.metadata ?? {},
          headers: input.headers ?? {},
          throttleRate: input.throttleRate ?? null,
          secret: input.secret ? normalizeSecret(input.secret) : newEndpointSecret(),
          previousSecrets: [],
          connectorId: connector?.id ?? null,
          transformation: { code: null, enabled: connector !== null, variables: {}, updatedAt: null },
          retrySchedule: input.retrySchedule ?? null,
          failSince: null,
          disabledReason: null,
          createdAt: now,
          updatedAt: now,
        },
        true,
      );
    },
    /** PUT replaces the editable fields; absent ones return to their defaults. */
    replace(endpoint: Endpoint, input: Omit<EndpointInput, 'secret' | 'headers'>): Promise<Endpoint> {
      return update(endpoint, {
        description: '',
        throttleRate: null,
        uid: null,
        disabled: false,
        eventTypes: null,
        channels: null,
        metadata: {},
        retrySchedule: null,
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null)),
      });
    },
    list: (app: Application, query: ListQuery) => store.endpoints.list(app.id, query),
    async delete(endpoint: Endpoint): Promise<void> {
      if (!(await store.endpoints.delete(endpoint.appId, endpoint.id))) throw new NotFoundError('Endpoint not found');
    },
    async connector(endpoint: Endpoint): Promise<Connector | undefined> {
      return endpoint.connectorId ? store.connectors.get(endpoint.connectorId) : undefined;
    },

    /** Replaces the secret; the old one keeps signing for the grace period (0: stops at once). */
    rotateSecret(endpoint: Endpoint, key: string | null | undefined, graceMs = SECRET_GRACE_MS): Promise<Endpoint> {
      const now = clock.now();
      const stillValid = endpoint.previousSecrets.filter((s) => s.expiresAt > now);
      const retired = graceMs > 0 ? [{ secret: endpoint.secret, expiresAt: new Date(now.getTime() + graceMs) }] : [];
      return save(
        {
          ...endpoint,
          secret: key ? normalizeSecret(key) : newEndpointSecret(),
          previousSecrets: [...stillValid, ...retired],
          updatedAt: now,
        },
        false,
      );
    },

    /** PUT replaces the headers; PATCH merges them and drops `deleteHeaders`. */
    setHeaders(endpoint: Endpoint, headers: StringMap, mode: 'replace' | 'merge', deleteHeaders: string[] = []) {
      const merged = mode === 'replace' ? headers : { ...endpoint.headers, ...headers };
      const remove = new Set(deleteHeaders.map((h) => h.toLowerCase()));
      const kept = Object.fromEntries(Object.entries(merged).filter(([name]) => !remove.has(name.toLowerCase())));
      return save({ ...endpoint, headers: kept, updatedAt: clock.now() }, false);
    },

    setTransformation(endpoint: Endpoint, patch: TransformationPatch): Promise<Endpoint> {
      if (patch.code) transformations.check(patch.code);
      const t = endpoint.transformation;
      const now = clock.now();
      return save(
        {
          ...endpoint,
          transformation: {
            code: patch.code === undefined ? t.code : patch.code,
            enabled: patch.enabled ?? t.enabled,
            variables: patch.variables === undefined ? t.variables : (patch.variables ?? {}),
            updatedAt: now,
          },
          updatedAt: now,
        },
        false,
      );
    },
  };
}
