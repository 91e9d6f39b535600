import type { Clock } from '../clock.ts';
import { normalizeSecret } from '../crypto/secrets.ts';
import { NotFoundError } from '../errors.ts';
import { type Endpoint, OPERATIONAL_APP_ID, type StringMap } from '../model.ts';
import type { ListQuery, Store } from '../store/types.ts';
import { type EndpointInput, newEndpoint, rotated, SECRET_GRACE_MS } from './endpoints.ts';
import { upsert } from './uids.ts';
import { uniquely } from './unique.ts';

/**
 * Svix's OperationalWebhookEndpointUpsertIn: what a PUT writes (the secret and headers have
 * operations of their own); `eventTypes` are operational event types, null or absent all.
 */
export type OperationalEndpointReplacement = Pick<
  EndpointInput,
  'url' | 'description' | 'throttleRate' | 'uid' | 'disabled' | 'eventTypes' | 'metadata'
>;

/** Svix's OperationalWebhookEndpointIn. */
export type OperationalEndpointInput = OperationalEndpointReplacement & Pick<EndpointInput, 'secret' | 'headers'>;

export type OperationalWebhooks = ReturnType<typeof createOperationalWebhooks>;

/** The uid of the endpoint `PATCHBAY_OPERATIONAL_WEBHOOK_URL` seeds. */
export const CONFIGURED_ENDPOINT_UID = 'patchbay-configured';

/**
 * The vendor's operational webhook endpoints: endpoints of the internal operational application
 * (model.ts), so operational events are delivered by the same queue, signing, retries and attempt
 * log as every message. They are the vendor's own (only its API key reaches them): their URLs
 * are trusted as the vendor's configuration is (no SSRF check; see connector-requests.ts), and
 * they carry no connector, channels, transformation or retry schedule of their own.
 */
export function createOperationalWebhooks(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  async function get(idOrUid: string): Promise<Endpoint> {
    const endpoint = await store.endpoints.get(OPERATIONAL_APP_ID, idOrUid);
    if (!endpoint) throw new NotFoundError('Operational webhook endpoint not found');
    return endpoint;
  }

  async function write(endpoint: Endpoint, isNew: boolean): Promise<Endpoint> {
    const what = `An operational webhook endpoint with uid "${endpoint.uid}"`;
    if (isNew) await uniquely(store.endpoints.insert(endpoint), what);
    else if (!(await uniquely(store.endpoints.update(endpoint), what)))
      throw new NotFoundError('Operational webhook endpoint not found');
    return endpoint;
  }

  function create(input: OperationalEndpointInput): Promise<Endpoint> {
    const now = clock.now();
    return write(newEndpoint(OPERATIONAL_APP_ID, input, now), true);
  }

  /** PUT replaces the editable fields; absent ones return to their defaults. */
  function replace(endpoint: Endpoint, input: OperationalEndpointReplacement): Promise<Endpoint> {
    const disabled = input.disabled ?? false;
    return write(
      {
        ...endpoint,
        url: input.url,
        description: input.description ?? '',
        throttleRate: input.throttleRate ?? null,
        uid: input.uid ?? null,
        disabled,
        eventTypes: input.eventTypes ?? null,
        metadata: input.metadata ?? {},
        // Enabling it again gives it a clean slate.
        ...(!disabled ? { disabledReason: null, failSince: null, failReason: null } : {}),
        updatedAt: clock.now(),
      },
      false,
    );
  }

  const upsertAt = (idOrUid: string, input: OperationalEndpointReplacement) =>
    upsert(idOrUid, { prefix: 'ep', param: 'endpoint_id', what: 'Operational webhook endpoint' }, input.uid, {
      find: () => store.endpoints.get(OPERATIONAL_APP_ID, idOrUid),
      replace: (existing, uid) => replace(existing, { ...input, uid }),
      create: (uid) => create({ ...input, uid }),
    });

  return {
    get,
    create,
    upsert: upsertAt,
    list: (query: ListQuery) => store.endpoints.list(OPERATIONAL_APP_ID, query),
    async delete(endpoint: Endpoint): Promise<void> {
      if (!(await store.endpoints.delete(OPERATIONAL_APP_ID, endpoint.id)))
        throw new NotFoundError('Operational webhook endpoint not found');
    },
    /** Replaces the secret; the old one keeps signing for the grace period (0: stops at once). */
    rotateSecret: (endpoint: Endpoint, key: string | null | undefined, graceMs = SECRET_GRACE_MS) =>
      write(rotated(endpoint, key, graceMs, clock.now()), false),
    setHeaders: (endpoint: Endpoint, headers: StringMap) =>
      write({ ...endpoint, headers, updatedAt: clock.now() }, false),

    /**
     * `PATCHBAY_OPERATIONAL_WEBHOOK_URL` and `_SECRET`, a shortcut for one endpoint: made, or set
     * to that URL and secret (enabled, all event types), at every start. The same values change
     * nothing, so processes starting together agree.
     */
    async seed(target: { url: string; secret: string }): Promise<Endpoint> {
      const secret = normalizeSecret(target.secret);
      const existing = await store.endpoints.get(OPERATIONAL_APP_ID, CONFIGURED_ENDPOINT_UID);
      if (existing?.url === target.url && existing.secret === secret && !existing.disabled) return existing;
      const { value } = await upsertAt(CONFIGURED_ENDPOINT_UID, {
        url: target.url,
        description: 'PATCHBAY_OPERATIONAL_WEBHOOK_URL',
      });
      return value.secret === secret ? value : write({ ...value, secret, updatedAt: clock.now() }, false);
    },
  };
}
