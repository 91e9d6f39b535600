/**
 * The storage interface: the repositories over the entities of `model.ts`. Services see only
 * this, never SQL. `sql/` implements it once over the SQL that
 * SQLite (`sqlite/`, one process) and PostgreSQL (`postgres/`, many processes) share;
 * `test/store-contract.ts` is the suite every implementation must pass.
 */

import type {
  ApiKey,
  Application,
  Attempt,
  AttemptStatus,
  BackgroundTask,
  BackgroundTaskStatus,
  BackgroundTaskType,
  Connector,
  ConnectSession,
  DeliveryTask,
  Endpoint,
  EventType,
  Integration,
  Message,
  PortalKey,
  Revocation,
} from '../model.ts';

export type Order = 'ascending' | 'descending';

export interface ListQuery {
  limit: number;
  /** A cursor from a previous page: `iterator` continues, `prevIterator` (prefixed `-`) goes back. */
  iterator?: string | null;
  order: Order;
}

export interface Page<T> {
  data: T[];
  iterator: string | null;
  prevIterator: string | null;
  done: boolean;
}

export interface MessageFilter {
  eventTypes?: string[] | null;
  channel?: string | null;
  tag?: string | null;
  before?: Date | null;
  after?: Date | null;
}

export interface AttemptFilter extends MessageFilter {
  status?: AttemptStatus | null;
  /** Svix's `StatusCodeClass`: 0 for attempts that got no answer, else the hundred of the answer's status (200 = 2xx). */
  statusCodeClass?: number | null;
  /** Only the attempts made to this endpoint (by id). */
  endpointId?: string | null;
}

/** Patchbay's filters of the message list, beside Svix's. */
export interface MessageListFilter extends MessageFilter {
  /** Only messages dispatched to this endpoint (by id); `status` is then that endpoint's latest dispatch's. */
  endpointId?: string | null;
  /** Only messages whose `status` (see {@link DeliveredMessage}) is one of these. */
  status?: AttemptStatus[] | null;
}

/** A message and where its deliveries stand, read with it in the same query. */
export interface DeliveredMessage {
  message: Message;
  /**
   * With an endpoint asked for, the status of the message's latest dispatch to it. Otherwise the
   * worst of every endpoint's latest dispatch: fail (2) over pending (1) over success (0, which a
   * cancellation counts as); null when it was dispatched to no endpoint.
   */
  status: AttemptStatus | null;
  /** With an endpoint asked for, when its latest dispatch is tried next, while it is pending; else null. */
  nextAttempt: Date | null;
}

/** An endpoint a message was dispatched to, and where its latest dispatch there stands. */
export interface MessageDestination {
  endpoint: Endpoint;
  status: AttemptStatus;
  nextAttempt: Date | null;
}

export type NewDeliveryTask = Pick<DeliveryTask, 'appId' | 'msgId' | 'endpointId' | 'triggerType' | 'nextAttemptAt'>;

export interface EndpointStats {
  success: number;
  pending: number;
  sending: number;
  fail: number;
  canceled: number;
}

/** A time window, both ends included. */
export interface TimeWindow {
  since: Date;
  until: Date;
}

/** One bucket of an endpoint's dispatches by outcome: delivered, failed, not settled yet (pending, sending). */
export interface StatsBucket {
  success: number;
  fail: number;
  pending: number;
}

/** Where one batch of a recovery or a replay looks. */
export interface ReplayScope {
  appId: string;
  endpointId: string;
  /** Messages (replays) or dispatches (recovery) created in it. */
  window: TimeWindow;
  /** Where the previous batch stopped; null for the first. */
  cursor: string | null;
  /** How many messages (or dispatches) one batch looks at: what it costs, whatever it finds. */
  limit: number;
  now: Date;
}

export interface ReplayBatch {
  /** The messages this batch queued, oldest first. */
  enqueued: string[];
  /** Where the next batch starts; null when the window is done. */
  cursor: string | null;
}

/** Svix's BulkReplayIn filters, beside the window. */
export interface ReplayFilter extends Pick<MessageFilter, 'eventTypes' | 'channel' | 'tag'> {
  /** Svix's MessageStatus of the latest dispatch to the endpoint (3, sending: pending and leased). */
  status?: number | null;
  /** The answer of the latest attempt at the endpoint, as {@link AttemptFilter}'s. */
  statusCodeClass?: number | null;
}

/** A claimed task as its claim saw it: the lease it holds is what lets it change the task. */
export type LeasedTask = Pick<DeliveryTask, 'id' | 'leaseUntil'>;

/**
 * What one attempt (or none, for a task that is gone) makes of its claimed task: ended with
 * `status`, or, with `retryAt`, pending again until then.
 */
export type TaskChange = { task: LeasedTask; attempts: number } & (
  | { status: typeof AttemptStatus.Success | typeof AttemptStatus.Fail | typeof AttemptStatus.Canceled }
  | { status: typeof AttemptStatus.Pending; retryAt: Date; failingNotified: boolean }
);

export interface ClaimOptions {
  now: Date;
  limit: number;
  leaseMs: number;
  /** At most this many tasks of one endpoint leased at once, counting every process's leases. */
  perEndpoint: number;
}

/**
 * The durable delivery queue. Claims take a lease; a crashed worker's leases simply expire.
 * Several processes may claim from one queue at once; no task is leased twice.
 */
export interface DeliveryQueue {
  enqueue(tasks: NewDeliveryTask[], now: Date): Promise<void>;
  /**
   * Queues a message for every enabled endpoint (not a draft) of its application that subscribes to it: its
   * event type filter (none = all) and its channels (an endpoint with channels takes only
   * messages sent to one of them), due at once or, for a scheduled message, at its deliverAt.
   * Answers how many tasks were queued.
   */
  fanOut(message: Message, now: Date): Promise<number>;
  /** {@link fanOut} of stored messages, all in one statement: a batch of accepted messages costs one trip. */
  fanOutAll(messages: Message[], now: Date): Promise<number>;
  /** Whether {@link fanOut} would queue a message of this event type and channels for at least one endpoint. */
  wouldFanOut(appId: string, eventType: string, channels: string[] | null): Promise<boolean>;
  /**
   * Leases up to `limit` due tasks, in turns across applications and their endpoints (see
   * docs/delivery.md, "Scheduling"), so no backlog delays another endpoint's deliveries.
   */
  claim(options: ClaimOptions): Promise<DeliveryTask[]>;
  /**
   * Ends a task (success, fail or canceled) and drops its lease. Like every change below, it is
   * made only under the claim's own lease: false, and nothing changed, when the lease ran out
   * and another claim took the task.
   */
  finish(task: LeasedTask, status: AttemptStatus, attempts: number, now: Date): Promise<boolean>;
  /**
   * Changes a batch of tasks in one statement, each only under its own claim's lease (as
   * {@link finish} does one), and ends the other pending dispatches of each delivered one's
   * message to its endpoint (as {@link settleOthers}). Answers the ids whose lease held; the
   * others changed nothing.
   */
  settle(changes: TaskChange[], now: Date): Promise<Set<number>>;
  /** Schedules the next attempt and drops the lease. */
  retryAt(task: LeasedTask, attempts: number, next: Date, failingNotified: boolean, now: Date): Promise<boolean>;
  /** Gives leases back without an attempt (shutdown, throttling), due again at `next`. */
  release(tasks: LeasedTask[], next: Date, now: Date): Promise<void>;
  /**
   * Calls `listener` when any process queues work that is due now; answers how to stop. Does
   * not fail: a lost connection is retried, and the worker's poll covers the gap. (One SQLite
   * process wakes its worker directly, so there it never calls.)
   */
  subscribe(listener: () => void): Promise<() => Promise<void>>;
  /** When the next pending task becomes claimable (due, or its lease expires); null when none is pending. */
  nextWakeup(): Promise<Date | null>;
  depth(): Promise<{ pending: number; oldestDue: Date | null }>;
  /** The endpoint's dispatches by status: all of them, or those made in `window`. */
  endpointStats(endpointId: string, now: Date, window?: TimeWindow | null): Promise<EndpointStats>;
  /**
   * The endpoint's dispatches made from `start` on, in `count` consecutive buckets of `bucketMs`
   * each (always `count` of them, empty ones included): one grouped query.
   */
  endpointSeries(endpointId: string, start: Date, bucketMs: number, count: number): Promise<StatsBucket[]>;
  /**
   * One batch of a recovery: sends again, now, the messages whose latest dispatch to the
   * endpoint, made in the window, has failed (for good, or failed so far and waiting for its
   * next retry), among the next `limit` such dispatches after the cursor.
   */
  enqueueFailed(scope: ReplayScope): Promise<ReplayBatch>;
  /** How many messages a whole recovery over the window would send, counted in the database. */
  countFailed(endpointId: string, since: Date, until: Date | null): Promise<number>;
  /**
   * One batch of a replay of missing messages: of the application's next `limit` messages
   * created in the window after the cursor, sends those the endpoint subscribes to (as
   * {@link fanOut} decides) and that were never dispatched to it.
   */
  enqueueMissing(scope: ReplayScope): Promise<ReplayBatch>;
  /** How many messages a whole replay of missing messages over the window would send. */
  countMissing(appId: string, endpointId: string, window: TimeWindow): Promise<number>;
  /**
   * One batch of a bulk replay: of the application's next `limit` messages created in the
   * window after the cursor, sends again those dispatched to the endpoint that `filter` keeps.
   */
  enqueueDispatched(scope: ReplayScope, filter: ReplayFilter): Promise<ReplayBatch>;
  /**
   * How many of the endpoint's pending dispatches are due at `now` or being sent, counting up to
   * `atMost` (a bounded read): what it has yet to take, not the retries and scheduled messages
   * waiting for their time.
   */
  countDue(endpointId: string, now: Date, atMost: number): Promise<number>;
  /**
   * After `task` delivered its message: ends the other pending dispatches of that message to
   * that endpoint (a retry waiting after a failure, a second resend) as delivered, so the
   * receiver does not get it again. Only those no claim holds: one being sent now is left to
   * finish. Answers how many it ended.
   */
  settleOthers(task: Pick<DeliveryTask, 'id' | 'msgId' | 'endpointId'>, now: Date): Promise<number>;
  /** Tasks by id, in one query (the delivery log reads the retry state of its attempts' tasks). */
  getMany(ids: number[]): Promise<DeliveryTask[]>;
}

/** Per-endpoint rate limits (`throttleRate`), held in the database so that every process shares them. */
export interface ThrottleRepo {
  /** Takes one delivery's worth of `endpointId`'s rate: 0 when it may go now, else the ms to wait. */
  take(endpointId: string, perSecond: number, now: Date): Promise<number>;
}

/** A connected service's credentials for one endpoint, encrypted; `hint` is safe to show. */
export interface StoredCredentials {
  endpointId: string;
  kind: string;
  ciphertext: string;
  hint: Record<string, string>;
  updatedAt: Date;
}

export interface CredentialRepo {
  put(credentials: StoredCredentials): Promise<void>;
  get(endpointId: string): Promise<StoredCredentials | undefined>;
  /** Those of many endpoints, in one query (the delivery worker loads a claimed batch's at once). */
  getMany(endpointIds: string[]): Promise<StoredCredentials[]>;
  /** Every stored credential, for re-encryption under a new key. */
  all(): Promise<StoredCredentials[]>;
}

export interface ConnectSessionRepo {
  insert(session: ConnectSession): Promise<void>;
  get(id: string): Promise<ConnectSession | undefined>;
  byTicketHash(hash: string): Promise<ConnectSession | undefined>;
  byStateHash(hash: string): Promise<ConnectSession | undefined>;
  update(session: ConnectSession): Promise<boolean>;
  /**
   * Marks the ticket, the state or the claim used, only if it was not: true for the one caller
   * that wins, so a replayed ticket, state or claim is refused even when two arrive at once.
   */
  use(id: string, what: 'ticket' | 'state' | 'claim'): Promise<boolean>;
}

/** One stored answer to a POST carrying an `Idempotency-Key`. */
export type IdempotencyRecord =
  | { state: 'new' }
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; body: string };

/** A unique constraint refused a write; services turn it into a 409 with a clear message. */
export class UniqueViolation extends Error {
  readonly constraint: string;
  constructor(constraint: string) {
    super(`unique constraint ${constraint} violated`);
    this.name = 'UniqueViolation';
    this.constraint = constraint;
  }
}

export interface ApplicationRepo {
  insert(app: Application): Promise<void>;
  /** By id, or by uid. */
  get(idOrUid: string): Promise<Application | undefined>;
  update(app: Application): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  list(query: ListQuery & ApplicationFilter): Promise<Page<Application>>;
}

/** Svix's application list filters (drafts are no endpoints). */
export interface ApplicationFilter {
  /** Leave out applications without an endpoint. */
  excludeNoEndpoints?: boolean;
  /** Leave out applications whose endpoints are all disabled (one without any stays). */
  excludeOnlyDisabledEndpoints?: boolean;
}

export interface EventTypeRepo {
  insert(eventType: EventType): Promise<void>;
  get(name: string): Promise<EventType | undefined>;
  update(eventType: EventType): Promise<boolean>;
  delete(name: string): Promise<boolean>;
  /** `featureFlags`: only the event types a session holding them sees (domain/feature-flags.ts); absent or null, all. */
  list(
    query: ListQuery & { includeArchived: boolean; featureFlags?: readonly string[] | null },
  ): Promise<Page<EventType>>;
}

export interface ConnectorRepo {
  insert(connector: Connector): Promise<void>;
  get(idOrUid: string): Promise<Connector | undefined>;
  /** By ids, in one query (the delivery worker loads a claimed batch at once). */
  getMany(ids: string[]): Promise<Connector[]>;
  update(connector: Connector): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  list(query: ListQuery & ConnectorFilter): Promise<Page<Connector>>;
}

/** `productType`: only the connectors of it (null stored counts as Dispatch, Svix's default); null or absent, all. */
export interface ConnectorFilter {
  productType?: 'Dispatch' | 'Stream' | null;
}

export interface EndpointRepo {
  insert(endpoint: Endpoint): Promise<void>;
  get(appId: string, idOrUid: string): Promise<Endpoint | undefined>;
  /**
   * Inserts a draft unless its application holds `max` already, in one step (concurrent connects
   * cannot pass the limit); answers whether it was inserted.
   */
  insertDraft(endpoint: Endpoint, max: number): Promise<boolean>;
  /**
   * Writes the endpoint over its row, except `draft` (only {@link publish} changes it); answers
   * false when the row is gone (deleted, or a draft swept).
   */
  update(endpoint: Endpoint): Promise<boolean>;
  /**
   * The switch of a draft to live, with the events and transformation saved with it; answers
   * false when there is no such draft (gone, or live already).
   */
  publish(
    appId: string,
    id: string,
    live: Pick<Endpoint, 'eventTypes' | 'updatedAt'> & {
      transformation: Omit<Endpoint['transformation'], 'variables'>;
    },
  ): Promise<boolean>;
  /** Marks a draft as worked on now, so the sweep leaves it another day; false when there is no such draft. */
  touchDraft(appId: string, id: string, at: Date): Promise<boolean>;
  delete(appId: string, id: string): Promise<boolean>;
  /** The application's live endpoints: drafts are not listed. */
  list(appId: string, query: ListQuery): Promise<Page<Endpoint>>;
  /** The application's drafts, last changed first, at most `limit`. */
  drafts(appId: string, limit: number): Promise<Endpoint[]>;
  /** Removes every draft last changed before `before` (with its credentials); answers how many. */
  deleteDrafts(before: Date): Promise<number>;
  /** By ids, in one query (the delivery worker loads a claimed batch at once). */
  getMany(ids: string[]): Promise<Endpoint[]>;
  /**
   * Since when each of these endpoints has been failing, for those that are (one query). In a
   * transaction, their rows are held until it ends (taken in id order, as claims take them, so
   * two batches writing the same endpoints wait for each other rather than deadlock).
   */
  failingSince(ids: string[]): Promise<Map<string, Date>>;
  /**
   * Notes what a batch of deliveries made of each endpoint's run of failures, without touching
   * other fields: a success ends it; a failure starts one at `since` unless one runs already
   * (`restart`: even then, as a success earlier in the batch ended it), with its reason.
   */
  recordStreaks(streaks: EndpointStreak[]): Promise<void>;
  /** Disables it with a reason; answers false when it already was. */
  disable(id: string, reason: string, at: Date): Promise<boolean>;
}

/** An endpoint's run of failures after a batch of deliveries: see {@link EndpointRepo.recordStreaks}. */
export type EndpointStreak =
  | { id: string; failing: false }
  | { id: string; failing: true; since: Date; reason: string; restart: boolean };

export interface MessageRepo {
  insert(message: Message): Promise<void>;
  /**
   * Inserts many messages in one statement, each under the application `app` names (an id, by its
   * `app_` prefix, else a uid) as the statement finds it: the lookup is part of the insert. Leaves
   * out, and so answers without, a message whose application is not there or whose eventId its
   * application has already (or an earlier message of the batch has); answers the others, with
   * their application's id.
   */
  insertUnder(batch: { app: string; message: Omit<Message, 'appId'> }[]): Promise<Message[]>;
  /** By id, or by the vendor's eventId. */
  get(appId: string, idOrEventId: string): Promise<Message | undefined>;
  /** By ids, in one query (the delivery worker loads a claimed batch at once). */
  getMany(ids: string[]): Promise<Message[]>;
  /** Newest first or oldest first, each with its delivery status, in one query per page. */
  list(appId: string, query: ListQuery & MessageListFilter): Promise<Page<DeliveredMessage>>;
  /** The endpoints the message was dispatched to, in the order of their ids, one query per page. */
  destinations(appId: string, msgId: string, query: ListQuery): Promise<Page<MessageDestination>>;
  /**
   * Removes the payloads of the application's messages named (by id or eventId) and their
   * attempts' bodies (see {@link AttemptRepo.expungeContent}), in one transaction; their pending
   * dispatches become due at `now`, so the worker ends them (canceled) without waiting for their
   * retry. Answers the names that found a message of the application.
   */
  expungeContent(appId: string, msgIds: string[], now: Date): Promise<string[]>;
  /**
   * One batch of expunge-all-contents: the application's next `limit` messages in id order after
   * `afterId` (null: from the first) up to `throughId` lose their content as in
   * {@link expungeContent}, in the caller's transaction (a background task's batch): the WAL keeps
   * older frames until {@link RetentionRepo.checkpoint}. Answers how many held a payload still,
   * and the id to continue after (null when this batch was the last).
   */
  expungeAll(
    appId: string,
    range: { afterId: string | null; throughId: string },
    limit: number,
    now: Date,
  ): Promise<{ expunged: number; next: string | null }>;
}

export interface AttemptRepo {
  insert(attempt: Attempt): Promise<void>;
  /** Many at once: one multi-row statement (and one for the content of expunged messages). */
  insertMany(attempts: Attempt[]): Promise<void>;
  get(appId: string, id: string): Promise<Attempt | undefined>;
  listByEndpoint(appId: string, endpointId: string, query: ListQuery & AttemptFilter): Promise<Page<Attempt>>;
  listByMessage(appId: string, msgId: string, query: ListQuery & AttemptFilter): Promise<Page<Attempt>>;
  /**
   * Removes what the attempt of message `msgId` sent and received: its response reads
   * `EXPUNGED_RESPONSE` (model.ts), its request and the answer's headers null. False when there is no such attempt.
   */
  expungeContent(appId: string, msgId: string, attemptId: string): Promise<boolean>;
}

/**
 * The cleaner's steps (delivery/retention.ts), each one bounded batch in one transaction and each
 * a walk of its own index. Each answers how many rows it changed or removed, or null when another
 * process's cleaner holds the lock: one cleans at a time.
 */
export interface RetentionRepo {
  /**
   * Removes the payloads (and their attempts' bodies) of up to `limit` messages whose
   * `payloadExpiresAt` passed, except those with a dispatch still pending: they keep theirs until it ends.
   */
  expirePayloads(now: Date, limit: number): Promise<number | null>;
  /**
   * Deletes up to `limit` messages sent at `before` or earlier whose payload is gone and that have no
   * pending dispatch, with their attempts and dispatches.
   */
  deleteMessages(before: Date, limit: number): Promise<number | null>;
  /** Deletes up to `limit` of each: idempotency keys, revoked tokens and connect sessions expired by `now`. */
  deleteExpired(now: Date, limit: number): Promise<number | null>;
  /** Deletes up to `limit` expire-all revocations issued before `before` (no token they revoke lives still). */
  deleteRevocations(before: Date, limit: number): Promise<number | null>;
  /** Deletes up to `limit` background tasks that ended (finished or failed) at `before` or earlier. */
  deleteTasks(before: Date, limit: number): Promise<number | null>;
  /** Gives up to `pages` free pages of the database file back to the file system; answers how many (0 where the database does it itself). */
  reclaim(pages: number): Promise<number>;
  /** Makes what was removed gone from every file of the database (see `SqlDatabase.checkpoint`). */
  checkpoint(): Promise<void>;
}

export interface IdempotencyRepo {
  /**
   * Claims `key` for a new request until `expiresAt`, or tells what is already stored under it;
   * a claim still pending since before `abandonedBefore` (its request died) is taken over.
   */
  begin(
    scope: string,
    key: string,
    fingerprint: string,
    now: Date,
    times: { expiresAt: Date; abandonedBefore: Date },
  ): Promise<IdempotencyRecord>;
  /**
   * Stores the answer; `ref` names the message it repeats (its id), so that when that message's
   * payload goes the stored answer's goes too (see `MessageRepo.expungeContent`).
   */
  complete(scope: string, key: string, status: number, body: string, ref: string | null): Promise<void>;
  /** Forgets a claim whose request failed, so the client may try again with the same key. */
  release(scope: string, key: string): Promise<void>;
}

export interface PortalKeyRepo {
  insert(key: PortalKey): Promise<void>;
  get(kid: string): Promise<PortalKey | undefined>;
  /** Patchbay's own signing keys, newest first. */
  listOwn(): Promise<PortalKey[]>;
  listVendor(): Promise<PortalKey[]>;
  /** Replaces a Patchbay key's sealed private half (re-encryption under a new key). */
  updatePrivate(kid: string, privateJwk: Record<string, unknown>): Promise<void>;
  delete(kid: string): Promise<boolean>;
}

export interface RevocationRepo {
  insert(revocation: Revocation): Promise<void>;
  /** Whether a token of `appId`/`sessionId` issued at `issuedAt` is revoked at `now`. */
  isRevoked(appId: string, sessionId: string | null, issuedAt: Date, now: Date): Promise<boolean>;
  revokeToken(jti: string, expiresAt: Date): Promise<void>;
  isTokenRevoked(jti: string): Promise<boolean>;
}

export interface BackgroundTaskFilter {
  status?: BackgroundTaskStatus | null;
  task?: BackgroundTaskType | null;
}

/**
 * Durable background tasks. A runner leases a running one for one batch at a time; like the
 * delivery queue's, a crashed runner's lease simply expires, and no task is leased twice.
 */
export interface BackgroundTaskRepo {
  /**
   * Inserts a running task unless its application has `maxRunning` running already, in one step
   * (concurrent requests cannot pass the limit); answers whether it was inserted.
   */
  insert(task: BackgroundTask, maxRunning: number): Promise<boolean>;
  get(id: string): Promise<BackgroundTask | undefined>;
  list(query: ListQuery & BackgroundTaskFilter): Promise<Page<BackgroundTask>>;
  /** Leases up to `limit` running tasks nobody holds, the one whose last batch is oldest first. */
  claim(options: { now: Date; limit: number; leaseMs: number }): Promise<BackgroundTask[]>;
  /**
   * Writes a batch's outcome and drops the lease, only under the claim's own lease (false, and
   * nothing changed, otherwise); inside a transaction, it commits with the batch's work.
   */
  save(
    task: Pick<BackgroundTask, 'id' | 'leaseUntil'>,
    outcome: Pick<BackgroundTask, 'status' | 'data'>,
    now: Date,
  ): Promise<boolean>;
}

export interface IntegrationRepo {
  insert(integration: Integration): Promise<void>;
  /** One of `appId`'s integrations: an id of another application's names nothing. */
  get(appId: string, id: string): Promise<Integration | undefined>;
  update(integration: Integration): Promise<boolean>;
  delete(appId: string, id: string): Promise<boolean>;
  list(appId: string, query: ListQuery): Promise<Page<Integration>>;
  /** Every application's, for re-encryption under a new key. */
  all(): Promise<Integration[]>;
}

export interface ApiKeyRepo {
  insert(key: ApiKey): Promise<void>;
  /** The key not revoked whose SHA-256 (hex) is `hash`. */
  findActive(hash: string): Promise<ApiKey | undefined>;
  /** Every key, revoked ones too, oldest first. */
  list(): Promise<ApiKey[]>;
  /** Revokes it at `at`; false when there is no such key or it was revoked already. */
  revoke(id: string, at: Date): Promise<boolean>;
}

/** An application as the statistics tasks name it. */
export interface AppRef {
  id: string;
  uid: string | null;
}

/** The counts of Svix's statistics tasks (delivery/stats-tasks.ts), one application at a time. */
export interface StatisticsRepo {
  /** Applications in id order after `afterId` (null: from the first), at most `limit`. */
  applicationsAfter(afterId: string | null, limit: number): Promise<AppRef[]>;
  /** The applications these ids or uids name, in id order (one query). */
  applicationsByIdOrUid(idsOrUids: string[]): Promise<AppRef[]>;
  /** The application's messages made in [since, until), and the endpoints they were dispatched to (resends not counted). */
  appUsage(
    appId: string,
    window: { since: Date; until: Date },
  ): Promise<{ messages: number; messageDestinations: number }>;
  /** What the application's endpoints (not drafts) subscribe to: the event types named, and whether one takes every type. */
  subscriptions(appId: string): Promise<{ explicitlySubscribedEventTypes: string[]; hasCatchAllEndpoint: boolean }>;
}

/** One code an endpoint's transformation was saved with. */
export interface TransformationVersion {
  id: string;
  appId: string;
  endpointId: string;
  code: string;
  /** Who saved it: a portal session's id, or `vendor` for the API key. */
  author: string;
  createdAt: Date;
}

export interface TransformationVersionRepo {
  /** Stores `version` and removes the endpoint's older ones beyond the newest `keep`, in one transaction. */
  insert(version: TransformationVersion, keep: number): Promise<void>;
  /** The endpoint's versions, newest first, at most `limit`. */
  list(appId: string, endpointId: string, limit: number): Promise<TransformationVersion[]>;
  get(appId: string, endpointId: string, id: string): Promise<TransformationVersion | undefined>;
}

export interface Store {
  applications: ApplicationRepo;
  eventTypes: EventTypeRepo;
  connectors: ConnectorRepo;
  endpoints: EndpointRepo;
  messages: MessageRepo;
  attempts: AttemptRepo;
  queue: DeliveryQueue;
  throttle: ThrottleRepo;
  idempotency: IdempotencyRepo;
  portalKeys: PortalKeyRepo;
  revocations: RevocationRepo;
  credentials: CredentialRepo;
  connectSessions: ConnectSessionRepo;
  backgroundTasks: BackgroundTaskRepo;
  retention: RetentionRepo;
  integrations: IntegrationRepo;
  apiKeys: ApiKeyRepo;
  statistics: StatisticsRepo;
  transformationVersions: TransformationVersionRepo;
  /** Runs `work` atomically; repositories used inside it join the transaction. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** Statements this process has sent to the database so far (BEGIN and COMMIT included). */
  statements(): number;
  close(): Promise<void>;
}
