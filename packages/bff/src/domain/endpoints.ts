import { kindModule } from '../catalog/catalog.ts';
import { attaches, type ConnectorKindModule, mask } from '../catalog/kind.ts';
import { custom } from '../catalog/kinds/custom.ts';
import type { Connected } from '../catalog/oauth.ts';
import type { KindRouting } from '../catalog/routing.ts';
import type { Clock } from '../clock.ts';
import type { CredentialService } from '../crypto/credentials.ts';
import { newEndpointSecret, normalizeSecret } from '../crypto/secrets.ts';
import type { OperationalEvents, OperationalEventType } from '../delivery/operational-events.ts';
import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Application, Connector, Credentials, Endpoint, EndpointFilter, StringMap } from '../model.ts';
import { headersFor } from '../outbound/headers.ts';
import { hideUserInfo, maskUrl, userInfo, withoutUserInfo } from '../outbound/urls.ts';
import type { ListQuery, Store } from '../store/types.ts';
import { visibleWith } from './feature-flags.ts';
import type { Transformations } from './transformations.ts';
import { upsert } from './uids.ts';
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
  /** Patchbay's addition: the payload filter (JSON Logic), checked before the transformation. */
  filter?: EndpointFilter | null;
}

/** A new endpoint of `appId` as `input` describes it, every other field at its default. */
export function newEndpoint(appId: string, input: EndpointInput, now: Date): Endpoint {
  return {
    id: newId('ep', now.getTime()),
    appId,
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
    connectorId: null,
    transformation: { code: null, enabled: false, variables: {}, updatedAt: null },
    filter: input.filter ?? null,
    retrySchedule: input.retrySchedule ?? null,
    failSince: null,
    failReason: null,
    disabledReason: null,
    draft: false,
    createdAt: now,
    updatedAt: now,
  };
}

/** What connecting a connector gives a new endpoint besides its URL. */
export interface ConnectedCredentials {
  kind: string;
  secrets: Record<string, string>;
  hint: Record<string, string>;
  /** The connect form's values meant for the transformation (a sender address, say). */
  variables: StringMap;
}

/** What a PUT writes: everything but the secret and the headers, which have operations of their own. */
export type EndpointReplacement = Omit<EndpointInput, 'secret' | 'headers'>;
export type EndpointPatch = Partial<EndpointReplacement>;

export interface TransformationPatch {
  code?: string | null;
  enabled?: boolean | null;
  variables?: StringMap | null;
}

/** How long a rotated-out secret keeps signing, so receivers can switch without losing messages. */
export const SECRET_GRACE_MS = 24 * 3600 * 1000;

/** Drafts one application may hold at once: each is a connection the customer has not saved yet. */
export const MAX_DRAFTS = 20;

/** What saving a draft writes with it: the events chosen and the transformation as edited. */
export interface DraftSave {
  eventTypes?: string[] | null;
  code?: string | null;
}

export type Endpoints = ReturnType<typeof createEndpoints>;

/** The endpoint with a new secret (`key`, else a new one); the old one keeps signing for `graceMs` (0: stops at once). */
export function rotated(endpoint: Endpoint, key: string | null | undefined, graceMs: number, now: Date): Endpoint {
  const stillValid = endpoint.previousSecrets.filter((s) => s.expiresAt > now);
  const retired = graceMs > 0 ? [{ secret: endpoint.secret, expiresAt: new Date(now.getTime() + graceMs) }] : [];
  return {
    ...endpoint,
    secret: key ? normalizeSecret(key) : newEndpointSecret(),
    previousSecrets: [...stillValid, ...retired],
    updatedAt: now,
  };
}

/**
 * What an endpoint's row keeps of a new URL, and what its credentials keep of it: a secret URL
 * whole, or the user info it came with (as a Custom Basic pair, `hint` showing it masked).
 */
interface Placed {
  stored: string;
  seal: { module: ConnectorKindModule; secrets: Credentials; hint: Record<string, string> } | null;
  /** The endpoint's credentials without the Basic pair an earlier URL came with, which this one drops. */
  unpaired?: { kind: string; credentials: Credentials };
}

/** Marks a Basic pair taken from the URL's user info: it lasts as long as the URL brings it, as in Svix. */
const FROM_URL = 'fromUrl';

const notADraft = () => new ConflictError('not_a_draft', 'This connection is saved already');
const tooManyDrafts = () =>
  new ConflictError(
    'too_many_drafts',
    `There are ${MAX_DRAFTS} connections not saved yet: finish or remove one of them first`,
  );

/**
 * The caller's feature flags: a portal session's (it names only connectors they show it, and
 * what it cannot read stays behind when it moves an endpoint away); null for the vendor.
 */
export type Flags = string[] | null;

/** Refuses to move credentials off their service: the customer connects again instead. */
function reconnect(module: ConnectorKindModule | undefined, kind: string, to: URL): ConflictError {
  const name = module?.name ?? kind;
  const where = module?.services ? name : "the endpoint's own origin";
  return new ConflictError(
    'reconnect_required',
    `This endpoint holds ${name} credentials, which are only sent to ${where}: to deliver to ${to.host}, give its credentials again with the new URL (the portal's PUT /portal/v1/endpoints/{id}/connection), or connect again`,
  );
}

export function createEndpoints(deps: {
  store: Store;
  clock: Clock;
  transformations: Transformations;
  /** The save-time SSRF check: why the URL may not be delivered to, or null. */
  checkDestination: (url: string) => Promise<string | null>;
  credentials: CredentialService;
  routing: KindRouting;
  /** Where creations, changes and deletions are reported (Svix's `endpoint.*` operational events); absent, nowhere. */
  events?: OperationalEvents;
}) {
  const { store, clock, transformations, credentials, routing } = deps;

  /**
   * Stores the operational events of a change to a live endpoint: call inside the change's
   * transaction, so both commit or neither. `before`: the endpoint as it was, when it was edited.
   */
  async function raise(endpoint: Endpoint, type: OperationalEventType, before?: Endpoint): Promise<void> {
    if (!deps.events || endpoint.draft) return;
    const about = { appId: endpoint.appId, endpointId: endpoint.id, endpointUid: endpoint.uid };
    await deps.events.emit(type, about);
    if (!before || before.disabled === endpoint.disabled) return;
    if (endpoint.disabled) {
      await deps.events.emit('endpoint.disabled', {
        ...about,
        failSince: before.failSince?.toISOString() ?? null,
        trigger: 'manual',
      });
    } else await deps.events.emit('endpoint.enabled', about);
  }

  const urlProblem = (msg: string, type: string) => new ValidationError([{ loc: ['body', 'url'], msg, type }]);

  /** What an endpoint's row keeps of `url`: a secret webhook URL masked (its credentials keep it whole). */
  function storedUrl(url: string): string {
    const kind = routing.secretUrlKind(url);
    return kind?.secretUrl ? maskUrl(url, kind.secretUrl.visibleSegments) : url;
  }

  /**
   * As an answer shows `url` to someone who may not see secrets: a secret webhook URL masked, user
   * info too (a row may hold some from before it was moved into the credentials).
   */
  const shownUrl = (url: string) => hideUserInfo(storedUrl(url));

  /**
   * Where an endpoint is to deliver from now on: what its row keeps (a secret URL masked, never
   * user info) and what to seal with its credentials; null when `url` is where it delivers already.
   * Credentials it holds (a sealed URL, or any its deliveries carry) keep it on their service:
   * moving it elsewhere means connecting again, unless the URL brings the user info that replaces
   * them. `kind`: the kind of the credentials the endpoint is made with, if any.
   */
  async function place(endpoint: Endpoint | null, url: string, kind?: string): Promise<Placed | null> {
    const parsed = URL.parse(url);
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.hostname)
      throw urlProblem('must be an absolute http:// or https:// URL', 'value_error.url');
    // DNS's limits: no such host can exist, so say so now rather than at every delivery.
    if (parsed.hostname.length > 253 || parsed.hostname.split('.').some((label) => label.length > 63))
      throw urlProblem('has a host name longer than DNS allows', 'value_error.url.host');
    const held = endpoint && (await credentials.read(endpoint.id));
    // A pair an earlier URL came with is dropped by any URL written without it, the same one too.
    const fromUrl = held?.credentials[FROM_URL] !== undefined;
    if (endpoint && url === endpoint.url && !fromUrl) return null;
    // User info (Svix sends it as Basic) is a credential: kept encrypted, never where the URL shows.
    const basic = userInfo(url);
    const target = withoutUserInfo(url);
    const secret = routing.secretUrlKind(target);
    const owner = kind ?? held?.kind;
    if (basic && (secret || (owner && owner !== custom.kind) || held?.credentials.token)) {
      const name = (secret ?? (owner ? kindModule(owner) : undefined))?.name ?? owner ?? 'This connection';
      throw urlProblem(
        `must not contain a user name or password: ${name} does not take Basic authentication`,
        'value_error.url.credentials',
      );
    }
    if (endpoint && held && !basic && !fromUrl) {
      const sealed = routing.secretUrlKind(endpoint.url) ? held.credentials.url : undefined;
      if (url === sealed) return null;
      const module = kindModule(held.kind);
      const bound = sealed !== undefined || (module !== undefined && attaches(module, held.credentials));
      if (bound && (!module || !routing.mayCarry(module, url, sealed ?? endpoint.url)))
        throw reconnect(module, held.kind, parsed);
    }
    const problem = await deps.checkDestination(target);
    if (problem) throw urlProblem(`cannot deliver here: ${problem}`, 'value_error.url.blocked');
    if (basic) {
      const secrets = { ...basic, [FROM_URL]: 'true' };
      return { stored: target, seal: { module: custom, secrets, hint: { username: mask(basic.username) } } };
    }
    const seal = secret ? { module: secret, secrets: { url }, hint: {} } : null;
    if (!held || !fromUrl) return { stored: storedUrl(url), seal };
    const { username: _u, password: _p, [FROM_URL]: _f, ...rest } = held.credentials;
    return { stored: storedUrl(url), seal, unpaired: { kind: held.kind, credentials: rest } };
  }

  /**
   * Stores the endpoint, with its secret URL sealed and a new connection's credentials saved in
   * the same transaction: there is never an endpoint without the credentials it was made with.
   */
  async function save(
    endpoint: Endpoint,
    isNew: boolean,
    placed: Placed | null = null,
    connected?: ConnectedCredentials,
    before?: Endpoint,
    /** More to write in the same transaction (the version a code change records). */
    also?: () => Promise<void>,
  ): Promise<Endpoint> {
    const what = `An endpoint with uid "${endpoint.uid}"`;
    await store.transaction(async () => {
      if (!isNew) {
        // A row written from an older read: it may have gone meanwhile (deleted, a draft swept).
        if (!(await uniquely(store.endpoints.update(endpoint), what))) throw new NotFoundError('Endpoint not found');
      } else if (!endpoint.draft) await uniquely(store.endpoints.insert(endpoint), what);
      else if (!(await uniquely(store.endpoints.insertDraft(endpoint, MAX_DRAFTS), what))) throw tooManyDrafts();
      const seal = placed?.seal;
      if (connected) {
        const secrets = seal ? { ...connected.secrets, ...seal.secrets } : connected.secrets;
        await credentials.save(endpoint.id, connected.kind, secrets, { ...connected.hint, ...seal?.hint });
      } else {
        if (placed?.unpaired)
          await credentials.save(endpoint.id, placed.unpaired.kind, placed.unpaired.credentials, {});
        if (seal) await credentials.seal(endpoint.id, seal.module, seal.secrets, seal.hint);
      }
      await also?.();
      await raise(endpoint, isNew ? 'endpoint.created' : 'endpoint.updated', before);
    });
    deps.events?.wake();
    return endpoint;
  }

  /** Refuses a new draft while the application holds {@link MAX_DRAFTS}: before anything costly is asked of the customer. */
  async function roomForDraft(app: Application): Promise<void> {
    if ((await store.endpoints.drafts(app.id, MAX_DRAFTS)).length >= MAX_DRAFTS) throw tooManyDrafts();
  }

  /** The connector `idOrUid` names, if the caller may see it (as connecting it needs). */
  async function resolveConnector(idOrUid: string | null | undefined, flags: Flags): Promise<Connector | null> {
    if (!idOrUid) return null;
    const connector = await store.connectors.get(idOrUid);
    if (!connector || !visibleWith(flags)(connector)) {
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

  /** The endpoint's row as it is now, after a write of only some of its fields. */
  async function current(endpoint: Endpoint): Promise<Endpoint> {
    const row = await store.endpoints.get(endpoint.appId, endpoint.id);
    if (!row) throw new NotFoundError('Endpoint not found');
    return row;
  }

  /** After a write to a draft that changed nothing: why (gone, 404; saved meanwhile, 409). */
  async function stillThere(endpoint: Endpoint): Promise<never> {
    await current(endpoint);
    throw notADraft();
  }

  async function update(endpoint: Endpoint, changes: EndpointPatch, flags: Flags): Promise<Endpoint> {
    const next = <K extends keyof EndpointPatch & keyof Endpoint>(key: K) =>
      changes[key] === undefined ? endpoint[key] : (changes[key] as Endpoint[K]);
    if (changes.eventTypes) await checkEventTypes(changes.eventTypes);
    const placed = changes.url ? await place(endpoint, changes.url) : null;
    const connector =
      changes.connectorId === undefined ? undefined : await resolveConnector(changes.connectorId, flags);
    return save(
      {
        ...endpoint,
        url: placed?.stored ?? endpoint.url,
        // A session moving it to another origin leaves the sensitive headers behind; the vendor's move keeps them.
        headers:
          placed && flags !== null ? headersFor(endpoint.headers, endpoint.url, placed.stored) : endpoint.headers,
        description: changes.description ?? endpoint.description,
        throttleRate: next('throttleRate'),
        uid: next('uid'),
        disabled: changes.disabled ?? endpoint.disabled,
        retrySchedule: next('retrySchedule'),
        filter: next('filter'),
        // Enabling an endpoint again gives it a clean slate.
        ...(changes.disabled === false ? { disabledReason: null, failSince: null, failReason: null } : {}),
        eventTypes: next('eventTypes'),
        channels: next('channels'),
        metadata: changes.metadata === undefined ? endpoint.metadata : (changes.metadata ?? {}),
        connectorId: connector === undefined ? endpoint.connectorId : (connector?.id ?? null),
        updatedAt: clock.now(),
      },
      false,
      placed,
      undefined,
      endpoint,
    );
  }

  /**
   * A new endpoint; `connected`: made by connecting a connector, with these credentials; `draft`:
   * kept but not delivered to until saved.
   */
  async function create(
    app: Application,
    input: EndpointInput,
    flags: Flags,
    connected?: ConnectedCredentials,
    draft = false,
  ): Promise<Endpoint> {
    await checkEventTypes(input.eventTypes ?? null);
    const placed = await place(null, input.url, connected?.kind);
    const connector = await resolveConnector(input.connectorId, flags);
    const now = clock.now();
    return save(
      {
        ...newEndpoint(app.id, input, now),
        url: placed?.stored ?? input.url,
        connectorId: connector?.id ?? null,
        transformation: {
          code: null,
          enabled: connector !== null,
          variables: connected?.variables ?? {},
          updatedAt: null,
        },
        draft,
      },
      true,
      placed,
      connected,
    );
  }

  /** PUT replaces the editable fields; absent ones return to their defaults. */
  function replace(endpoint: Endpoint, input: EndpointReplacement, flags: Flags): Promise<Endpoint> {
    return update(
      endpoint,
      {
        description: '',
        throttleRate: null,
        uid: null,
        disabled: false,
        eventTypes: null,
        channels: null,
        metadata: {},
        retrySchedule: null,
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null)),
        // The filter is often the customer's (built in the portal), and Svix's SDKs do not know it:
        // a vendor's PUT without it keeps it; only an explicit null removes it.
        ...(input.filter === null ? { filter: null } : {}),
      },
      flags,
    );
  }

  /** `author`: who saves it, as the version a code change records says (`authorOf` in transformations.ts). */
  async function setTransformation(endpoint: Endpoint, patch: TransformationPatch, author: string): Promise<Endpoint> {
    const { code } = patch;
    if (code) await transformations.check(code, endpoint.appId);
    const t = endpoint.transformation;
    const now = clock.now();
    const transformation = {
      code: code === undefined ? t.code : code,
      enabled: patch.enabled ?? t.enabled,
      variables: patch.variables === undefined ? t.variables : (patch.variables ?? {}),
      updatedAt: now,
    };
    // Only a change of code is a version: switching it or its variables is not.
    const record = code && code !== t.code ? () => transformations.recordVersion(endpoint, code, author) : undefined;
    return save({ ...endpoint, transformation, updatedAt: now }, false, null, undefined, undefined, record);
  }

  return {
    get,
    update,
    shownUrl,
    /**
     * Where the endpoint really delivers: its secret URL unsealed, for those who may see secrets.
     * User info stays out, as the credentials it is with do.
     */
    async fullUrl(endpoint: Endpoint): Promise<string> {
      if (!routing.secretUrlKind(endpoint.url)) return hideUserInfo(endpoint.url);
      return (await credentials.read(endpoint.id))?.credentials.url ?? endpoint.url;
    },
    create,
    /**
     * A draft made by connecting `connector` in the portal: where `connected` delivers, with its
     * credentials (and the form's variables for the transformation), written in one transaction.
     * It delivers nothing until {@link saveDraft}; one left unsaved is swept after a day.
     */
    async createConnected(
      app: Application,
      connector: Connector,
      connected: Connected,
      options: { eventTypes?: string[] | null; description?: string | null; variables?: StringMap },
    ): Promise<Endpoint> {
      const module = kindModule(connector.kind);
      if (!module) throw new NotFoundError(`Connector kind ${connector.kind} is not available`);
      const secrets = connected.credentials;
      return create(
        app,
        {
          url: connected.url,
          connectorId: connector.id,
          eventTypes: options.eventTypes ?? connector.allowedEventTypes,
          description: options.description ?? connector.name,
        },
        // The connector was resolved as visible to the session already.
        null,
        { kind: connector.kind, secrets, hint: module.hint(secrets), variables: options.variables ?? {} },
        true,
      );
    },
    /** The application's drafts, last changed first. */
    drafts: (app: Application) => store.endpoints.drafts(app.id, MAX_DRAFTS),
    roomForDraft,
    /**
     * Saves a draft with its events and transformation: from now on it is delivered to. The switch
     * is one conditional write, so a draft swept or saved meanwhile is a 404 or a 409, never a 200
     * for a connection that delivers nothing.
     */
    async saveDraft(endpoint: Endpoint, input: DraftSave, author: string): Promise<Endpoint> {
      if (!endpoint.draft) throw notADraft();
      if (input.eventTypes) await checkEventTypes(input.eventTypes);
      if (input.code) await transformations.check(input.code, endpoint.appId);
      const now = clock.now();
      const t = endpoint.transformation;
      const live = {
        eventTypes: input.eventTypes === undefined ? endpoint.eventTypes : input.eventTypes,
        transformation: input.code ? { ...t, code: input.code, enabled: true, updatedAt: now } : t,
        updatedAt: now,
      };
      // A draft is reported when it goes live: until then it delivers nothing.
      const published = await store.transaction(async () => {
        if (!(await store.endpoints.publish(endpoint.appId, endpoint.id, live))) return false;
        if (input.code && input.code !== t.code) await transformations.recordVersion(endpoint, input.code, author);
        await raise({ ...endpoint, draft: false }, 'endpoint.created');
        return true;
      });
      if (!published) await stillThere(endpoint);
      deps.events?.wake();
      return current(endpoint);
    },
    /** The customer resumed the draft (Finish setup): the sweep leaves it another day from now. */
    async resumeDraft(endpoint: Endpoint): Promise<Endpoint> {
      if (!endpoint.draft) throw notADraft();
      if (!(await store.endpoints.touchDraft(endpoint.appId, endpoint.id, clock.now()))) await stillThere(endpoint);
      return current(endpoint);
    },
    /**
     * Connects a saved endpoint again, with credentials given anew (its connector's form, checked
     * and verified by the caller): it delivers to `connected.url` from now on, carrying these
     * and none it held before. So an endpoint moves to another origin only with credentials given
     * for it, never with the ones kept for the old one, nor with the sensitive headers given for
     * the old origin (a portal session cannot read them back, so it cannot give them again).
     */
    async reconnect(endpoint: Endpoint, connector: Connector, connected: Connected, variables: StringMap) {
      const module = kindModule(connector.kind);
      if (!module) throw new NotFoundError(`Connector kind ${connector.kind} is not available`);
      // As for a new endpoint: nothing held binds it, the new credentials come with their URL.
      const placed = await place(null, connected.url, connector.kind);
      const secrets = connected.credentials;
      const t = endpoint.transformation;
      return save(
        {
          ...endpoint,
          url: placed?.stored ?? connected.url,
          // Only portal sessions reconnect: on another origin, the sensitive headers stay behind.
          headers: headersFor(endpoint.headers, endpoint.url, connected.url),
          transformation: { ...t, variables: { ...t.variables, ...variables } },
          updatedAt: clock.now(),
        },
        false,
        placed,
        { kind: connector.kind, secrets, hint: module.hint(secrets), variables },
      );
    },
    /**
     * PUT (Svix's upsert): replaces the endpoint the path names, or makes one there with the path as
     * its uid.
     */
    upsert: (app: Application, idOrUid: string, input: EndpointReplacement, flags: Flags) =>
      upsert(idOrUid, { prefix: 'ep', param: 'endpoint_id', what: 'Endpoint' }, input.uid, {
        find: () => store.endpoints.get(app.id, idOrUid),
        replace: (existing, uid) => replace(existing, { ...input, uid }, flags),
        create: (uid) => create(app, { ...input, uid }, flags),
      }),
    list: (app: Application, query: ListQuery) => store.endpoints.list(app.id, query),
    async delete(endpoint: Endpoint): Promise<void> {
      await store.transaction(async () => {
        if (!(await store.endpoints.delete(endpoint.appId, endpoint.id))) throw new NotFoundError('Endpoint not found');
        await raise(endpoint, 'endpoint.deleted');
      });
      deps.events?.wake();
    },
    async connector(endpoint: Endpoint): Promise<Connector | undefined> {
      return endpoint.connectorId ? store.connectors.get(endpoint.connectorId) : undefined;
    },

    /** Replaces the secret; the old one keeps signing for the grace period (0: stops at once). */
    rotateSecret(endpoint: Endpoint, key: string | null | undefined, graceMs = SECRET_GRACE_MS): Promise<Endpoint> {
      return save(rotated(endpoint, key, graceMs, clock.now()), false);
    },

    /** PUT replaces the headers; PATCH merges them and drops `deleteHeaders`. */
    setHeaders(endpoint: Endpoint, headers: StringMap, mode: 'replace' | 'merge', deleteHeaders: string[] = []) {
      const merged = mode === 'replace' ? headers : { ...endpoint.headers, ...headers };
      const remove = new Set(deleteHeaders.map((h) => h.toLowerCase()));
      const kept = Object.fromEntries(Object.entries(merged).filter(([name]) => !remove.has(name.toLowerCase())));
      return save({ ...endpoint, headers: kept, updatedAt: clock.now() }, false);
    },

    setTransformation,
    /** Saves an earlier version's code again: a new save, so a new version too. */
    async restoreVersion(endpoint: Endpoint, versionId: string, author: string): Promise<Endpoint> {
      const version = await transformations.version(endpoint, versionId);
      return setTransformation(endpoint, { code: version.code, enabled: true }, author);
    },
  };
}
