/**
 * Patchbay's entities, as every layer sees them: applications, event types, connectors,
 * endpoints, messages, attempts and their statuses (Svix's numbers), delivery tasks, OAuth
 * connect sessions and portal signing keys. Plain data, no behaviour; the store keeps them
 * (`store/types.ts` holds its repositories), the API renders them.
 */

export type StringMap = Record<string, string>;

export interface Application {
  id: string;
  uid: string | null;
  name: string;
  throttleRate: number | null;
  metadata: StringMap;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventType {
  name: string;
  description: string;
  archived: boolean;
  deprecated: boolean;
  schemas: Record<string, unknown> | null;
  groupName: string | null;
  featureFlags: string[] | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AuthenticationMethod = 'HttpBasic' | 'HttpBearer';

/** What a vendor may say again in another language of a connector. */
export interface ConnectorTexts {
  name?: string;
  description?: string;
  instructions?: string;
}

/** By locale: `en`, `de` or `fr` (the locales the catalog speaks). */
export type ConnectorTranslations = Partial<Record<'en' | 'de' | 'fr', ConnectorTexts>>;

export interface Connector {
  id: string;
  uid: string | null;
  name: string;
  logo: string | null;
  description: string;
  kind: string;
  instructions: string;
  allowedEventTypes: string[] | null;
  transformation: string;
  featureFlags: string[] | null;
  productType: string | null;
  /** Custom connectors only: prefills the endpoint URL. */
  defaultUrl: string | null;
  /** Custom connectors only: which credential fields the customer fills in. */
  authenticationMethod: AuthenticationMethod | null;
  /** A Patchbay addition: the name, description and instructions in other languages, by locale (`fr`). */
  translations: ConnectorTranslations | null;
  createdAt: Date;
  updatedAt: Date;
  transformationUpdatedAt: Date;
}

export interface EndpointTransformation {
  code: string | null;
  enabled: boolean;
  variables: StringMap;
  updatedAt: Date | null;
}

/**
 * A Patchbay addition: an endpoint's payload filter, a JSON Logic rule (transform/filter.ts says
 * which operators); a message it does not pass is recorded as filtered out, and not sent.
 */
export type EndpointFilter = Record<string, unknown>;

export interface RetiredSecret {
  secret: string;
  expiresAt: Date;
}

export interface Endpoint {
  id: string;
  appId: string;
  uid: string | null;
  url: string;
  description: string;
  eventTypes: string[] | null;
  channels: string[] | null;
  disabled: boolean;
  metadata: StringMap;
  headers: StringMap;
  throttleRate: number | null;
  secret: string;
  /** Secrets replaced by a rotation, still signed with until they expire. */
  previousSecrets: RetiredSecret[];
  connectorId: string | null;
  transformation: EndpointTransformation;
  /** Which messages it is sent (checked before the transformation); null: every one it subscribes to. */
  filter: EndpointFilter | null;
  /** Seconds between attempts for this endpoint, instead of the deployment's schedule. */
  retrySchedule: number[] | null;
  /** Since when every delivery to it has failed; null once one succeeds. */
  failSince: Date | null;
  /** What the latest failed delivery came to ("401 Unauthorized", "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8080"); null once one succeeds. */
  failReason: string | null;
  /** Why Patchbay disabled it (410, `webhook-delivery: disable`, failing for days). */
  disabledReason: string | null;
  /**
   * Made by connecting in the portal and not saved yet: it keeps the connection (no second
   * OAuth popup) but delivers nothing until the customer saves it (docs/drafts.md).
   */
  draft: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The id of the internal application whose endpoints are the vendor's operational webhook
 * endpoints and whose messages are operational events (migration 18). It has no uid and no `app_`
 * prefix, so no application route can name it (an id is looked up only with its prefix).
 */
export const OPERATIONAL_APP_ID = 'operational';

export interface Message {
  id: string;
  appId: string;
  eventId: string | null;
  eventType: string;
  /** The payload exactly as accepted, as JSON text; null once it expired or was expunged (docs/operations.md, "Retention"). */
  payload: string | null;
  channels: string[] | null;
  tags: string[] | null;
  transformationsParams: Record<string, unknown> | null;
  timestamp: Date;
  /** When the payload is removed: the message's own retention, else the deployment's (`PATCHBAY_RETENTION_DAYS`). */
  payloadExpiresAt: Date;
  /** When it is to be delivered (Svix's scheduled messages); null: at once. */
  deliverAt: Date | null;
}

/** A message Patchbay makes itself (an example sent, an operational event): no event id, channels or tags, due at once. */
export function ownMessage(
  fields: Pick<Message, 'id' | 'appId' | 'eventType' | 'payload' | 'timestamp' | 'payloadExpiresAt'>,
): Message {
  return { eventId: null, channels: null, tags: null, transformationsParams: null, deliverAt: null, ...fields };
}

/** Svix's `MessageStatus` numbers. */
export const AttemptStatus = { Success: 0, Pending: 1, Fail: 2, Sending: 3, Canceled: 4 } as const;
export type AttemptStatus = (typeof AttemptStatus)[keyof typeof AttemptStatus];

/** Svix's `MessageAttemptTriggerType` numbers. */
export const TriggerType = { Scheduled: 0, Manual: 1 } as const;
export type TriggerType = (typeof TriggerType)[keyof typeof TriggerType];

export interface Attempt {
  id: string;
  appId: string;
  msgId: string;
  endpointId: string;
  url: string;
  response: string;
  responseStatusCode: number;
  responseDurationMs: number;
  status: AttemptStatus;
  triggerType: TriggerType;
  timestamp: Date;
  /** The dispatch (delivery task) it was made for, and its place in it (1 = the first try); null before schema 8. */
  taskId: number | null;
  attemptNumber: number | null;
  /**
   * What went out, credentials masked; null when nothing did (the transformation failed or
   * canceled, the request was refused before sending) and before schema 11.
   */
  request: SentRequest | null;
  /** The answer's headers, credential-like values masked; null without an answer. */
  responseHeaders: Record<string, string> | null;
}

/**
 * An attempt's `response` once its bodies are removed (expunged, or its message's payload expired),
 * as Svix's server writes it; its request and the answer's headers are then null.
 */
export const EXPUNGED_RESPONSE = 'EXPUNGED';

/** How a message reads once its payload expired or was expunged, as Svix's server answers it. */
export const EXPIRED_PAYLOAD = { expired: true } as const;

/** A request as the attempt log keeps it (its URL is the attempt's). */
export interface SentRequest {
  method: string;
  headers: Record<string, string>;
  /** As sent, cut at the log's cap (`bodyTruncated` says so). */
  body: string;
  bodyTruncated: boolean;
}

/** One dispatch of one message to one endpoint, with its retry state. */
export interface DeliveryTask {
  id: number;
  appId: string;
  msgId: string;
  endpointId: string;
  status: AttemptStatus;
  triggerType: TriggerType;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  /** Whether `message.attempt.failing` went out for it, so a success later says "recovered". */
  failingNotified: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * `authorized`: the provider said yes and its result is kept encrypted, waiting for the widget
 * that started the connect to claim it; only that claim makes the endpoint (`connected`).
 */
export type ConnectStatus = 'pending' | 'authorized' | 'connected' | 'failed';

/** One OAuth connect in progress: a portal session's ticket, the provider round trip, then the widget's claim. */
export interface ConnectSession {
  id: string;
  appId: string;
  connectorId: string;
  provider: string;
  status: ConnectStatus;
  ticketHash: string;
  ticketUsed: boolean;
  stateHash: string | null;
  stateUsed: boolean;
  /** The PKCE verifier, encrypted. */
  codeVerifier: string | null;
  /** The embedding origin (one the vendor allows) the widget started from: the only one the callback page posts to. */
  origin: string;
  /** The portal session that started it, the only one that may claim it (its `sid`, else its `jti`). */
  portalSession: string | null;
  eventTypes: string[] | null;
  /** What the provider handed over (where to deliver, credentials), encrypted until claimed. */
  result: string | null;
  /** The hash of the one-time claim code the callback page posts to the widget's window. */
  claimHash: string | null;
  claimUsed: boolean;
  endpointId: string | null;
  error: string | null;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A key that signs portal tokens: Patchbay's own (with its private half) or one a vendor registered. */
export interface PortalKey {
  kid: string;
  alg: string;
  publicJwk: Record<string, unknown>;
  /** Only for Patchbay's own keys. */
  privateJwk: Record<string, unknown> | null;
  /** For vendor keys: the `iss` their tokens must carry. */
  issuer: string | null;
  createdAt: Date;
}

/** "Tokens of this application (or of these sessions) issued before X stop working at Y." */
/** Longest life a portal token may claim, whoever signed it (Svix's maximum expiry). */
export const MAX_TOKEN_SECONDS = 7 * 24 * 3600;

export interface Revocation {
  appId: string;
  sessionId: string | null;
  issuedBefore: Date;
  effectiveAt: Date;
}

/** A connected service's credentials for one endpoint (decrypted): API keys, tokens, a secret URL. */
export type Credentials = Record<string, string>;

/**
 * Svix's `BackgroundTaskType`. Patchbay runs the endpoint's recover, replay (replay-missing) and
 * bulk-replay, and `application.purge_content` plugs in the same way; the others are Svix's own.
 */
export const BACKGROUND_TASK_TYPES = [
  'endpoint.replay',
  'endpoint.recover',
  'application.stats',
  'message.broadcast',
  'sdk.generate',
  'event-type.aggregate',
  'application.purge_content',
  'endpoint.bulk-replay',
] as const;
export type BackgroundTaskType = (typeof BACKGROUND_TASK_TYPES)[number];
export const BACKGROUND_TASK_STATUSES = ['running', 'finished', 'failed'] as const;
export type BackgroundTaskStatus = (typeof BACKGROUND_TASK_STATUSES)[number];

/** The appId of a background task that belongs to no application. */
export const VENDOR_WIDE = '';

/** A task's data as it is shown (API answers, `background_task.finished`): without a kind's own bookkeeping (`cursor`). */
export function publicTaskData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'cursor'));
}

/**
 * A long piece of work done in small batches by the runner (delivery/background-tasks.ts): a
 * recovery, a replay. `data` holds what was asked and how far it got (its kind's business);
 * the API shows it, less the fields a kind keeps for itself.
 */
export interface BackgroundTask {
  id: string;
  /** The application's id; VENDOR_WIDE for a task of the whole deployment (Svix's statistics). */
  appId: string;
  task: BackgroundTaskType;
  status: BackgroundTaskStatus;
  data: Record<string, unknown>;
  /** Until when a runner holds it; null between batches, so any process takes the next one. */
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Svix's integration: a named key an application's third party holds, with the feature flags it
 * grants. The key is kept sealed (`keyCiphertext`, crypto/cipher.ts), never in clear.
 */
export interface Integration {
  id: string;
  appId: string;
  name: string;
  featureFlags: string[];
  keyCiphertext: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A vendor API key beside PATCHBAY_API_KEY: only its SHA-256 is kept (hex). */
export interface ApiKey {
  id: string;
  name: string;
  hash: string;
  createdAt: Date;
  revokedAt: Date | null;
}
