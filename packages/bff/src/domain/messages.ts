import { Batcher } from '../batcher.ts';
import type { Clock } from '../clock.ts';
import type { PurgeData } from '../delivery/purge-task.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { idBound, newId } from '../ids.ts';
import { type Application, AttemptStatus, type BackgroundTask, type Endpoint, type Message } from '../model.ts';
import type { ListQuery, MessageFilter, Store } from '../store/types.ts';
import { APP_PATH, type ApplicationInput, type Applications } from './applications.ts';
import type { BackgroundTasks } from './background-tasks.ts';
import type { Dispatches } from './dispatches.ts';
import { uidAt } from './uids.ts';
import { uniquely } from './unique.ts';

export interface MessageInput {
  eventType: string;
  payload: Record<string, unknown>;
  eventId?: string | null;
  channels?: string[] | null;
  tags?: string[] | null;
  transformationsParams?: Record<string, unknown> | null;
  /** When to deliver it (Svix's scheduled messages): {@link SCHEDULE_MIN_MS} to {@link SCHEDULE_MAX_MS} from now. */
  deliverAt?: Date | null;
  /** Creates the application on the fly when the path names one that does not exist yet. */
  application?: ApplicationInput | null;
  /** Days to keep the payload (Svix: 1 to 90), or hours (1 to 2160); at most one. Default: the deployment's retention. */
  payloadRetentionPeriod?: number | null;
  payloadRetentionHours?: number | null;
}

export type Messages = ReturnType<typeof createMessages>;

/** Svix's `BulkExpungeStatus`. */
export type BulkExpungeStatus = 'expunged' | 'not-found';

/** Messages stored together at most, and their payloads' size together (a batch is one JSON parameter). */
const BATCH_MAX = 128;
const BATCH_MAX_PAYLOAD = 4 * 1024 * 1024;

/** A message not stored yet, and its application as the path names it. */
interface Unplaced {
  app: string;
  message: Omit<Message, 'appId'>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Svix's window for `deliverAt`: "at least one minute and no more than 24 hours in the future", both ends included. */
const SCHEDULE_MIN_MS = 60_000;
const SCHEDULE_MAX_MS = 24 * 3600_000;

/** Refuses a `deliverAt` outside Svix's window, measured from `now` (the time the request is taken). */
function checkSchedule(deliverAt: Date, now: Date): void {
  const ahead = deliverAt.getTime() - now.getTime();
  if (ahead >= SCHEDULE_MIN_MS && ahead <= SCHEDULE_MAX_MS) return;
  throw new ValidationError([
    {
      loc: ['body', 'deliverAt'],
      msg: 'must be at least one minute and no more than 24 hours in the future',
      type: 'value_error.date.out_of_range',
    },
  ]);
}

/**
 * Where a message's deliveries stand in the log (Patchbay): success, pending (being sent, or
 * waiting for its next try after a failure) or failed (no tries left).
 */
export type DeliveryState = typeof AttemptStatus.Success | typeof AttemptStatus.Pending | typeof AttemptStatus.Fail;

/** What a dispatch's status counts as in the log: one being sent is pending, one a transformation canceled is done. */
function stateOf(status: AttemptStatus | null): DeliveryState | null {
  if (status === AttemptStatus.Sending) return AttemptStatus.Pending;
  return status === AttemptStatus.Canceled ? AttemptStatus.Success : status;
}
const statusesOf = (state: DeliveryState) =>
  state === AttemptStatus.Success ? [AttemptStatus.Success, AttemptStatus.Canceled] : [state];

export function createMessages(deps: {
  store: Store;
  clock: Clock;
  applications: Applications;
  dispatches: Dispatches;
  /** Expunge-all-contents is one (delivery/purge-task.ts). */
  tasks: BackgroundTasks;
  /** The deployment's retention (`PATCHBAY_RETENTION_DAYS`): a payload's unless its message says otherwise. */
  retentionMs: number;
}) {
  const { store, clock, applications, dispatches } = deps;

  const retentionOf = (input: MessageInput) =>
    input.payloadRetentionHours
      ? input.payloadRetentionHours * HOUR_MS
      : input.payloadRetentionPeriod
        ? input.payloadRetentionPeriod * DAY_MS
        : deps.retentionMs;

  /**
   * Concurrent creates are stored together: one transaction, one INSERT for their messages (the
   * application lookup part of it) and one for their fan-out, so that under load a message costs
   * a fraction of a statement instead of four. A message the batch leaves out (its application
   * is not there, its eventId is taken) or a batch that fails as a whole is answered undefined:
   * its create goes again alone, to succeed or fail on its own, without taking the others with it.
   */
  const accepting = new Batcher<Unplaced, Message | undefined>(
    async (batch) => {
      let stored: Message[];
      let queued: number;
      try {
        [stored, queued] = await store.transaction(async () => {
          const inserted = await store.messages.insertUnder(batch);
          return [inserted, await dispatches.fanOutAll(inserted)] as const;
        });
      } catch {
        return batch.map(() => undefined);
      }
      // The worker is woken for deliveries, not for messages no endpoint takes.
      if (queued > 0) dispatches.wake();
      const byId = new Map(stored.map((m) => [m.id, m]));
      return batch.map(({ message }) => byId.get(message.id));
    },
    { max: BATCH_MAX, weight: ({ message }) => message.payload?.length ?? 0, maxWeight: BATCH_MAX_PAYLOAD },
  );

  /** One message stored by itself: its application found or made, its eventId's conflict a 409. */
  async function createAlone(appIdOrUid: string, input: MessageInput, unplaced: Omit<Message, 'appId'>) {
    const app = await appFor(appIdOrUid, input);
    const message: Message = { ...unplaced, appId: app.id };
    const queued = await store.transaction(async () => {
      await uniquely(store.messages.insert(message), `A message with eventId "${message.eventId}"`);
      return dispatches.fanOut(message);
    });
    if (queued > 0) dispatches.wake();
    return message;
  }

  async function appFor(idOrUid: string, input: MessageInput): Promise<Application> {
    const app = await store.applications.get(idOrUid);
    if (app) return app;
    if (!input.application) throw new NotFoundError('Application not found');
    const at = uidAt(idOrUid, APP_PATH);
    return (await applications.createOrGet({ ...input.application, uid: input.application.uid ?? at })).app;
  }

  return {
    /**
     * Stores the message and its deliveries in one commit; the answer (202) goes out only after it.
     * A scheduled message's deliveries are due at its `deliverAt`.
     */
    async create(appIdOrUid: string, input: MessageInput): Promise<Message> {
      const now = clock.now();
      if (input.deliverAt) checkSchedule(input.deliverAt, now);
      const message: Omit<Message, 'appId'> = {
        id: newId('msg', now.getTime()),
        eventId: input.eventId ?? null,
        eventType: input.eventType,
        payload: JSON.stringify(input.payload),
        channels: input.channels ?? null,
        tags: input.tags ?? null,
        transformationsParams: input.transformationsParams ?? null,
        timestamp: now,
        payloadExpiresAt: new Date(now.getTime() + retentionOf(input)),
        deliverAt: input.deliverAt ?? null,
      };
      return (await accepting.add({ app: appIdOrUid, message })) ?? createAlone(appIdOrUid, input, message);
    },
    /** Svix's precheck: whether a message of this event type and channels would reach an endpoint now. */
    async precheck(appIdOrUid: string, eventType: string, channels: string[] | null): Promise<boolean> {
      const app = await applications.get(appIdOrUid);
      return store.queue.wouldFanOut(app.id, eventType, channels);
    },
    async get(app: Application, idOrEventId: string): Promise<Message> {
      const message = await store.messages.get(app.id, idOrEventId);
      if (!message) throw new NotFoundError('Message not found');
      return message;
    },
    /**
     * The application's messages, each with its state: the worst of its latest dispatches to
     * each endpoint, null when it went to none; with `endpoint`, only those dispatched to it,
     * in the state of the latest dispatch there.
     */
    async list(app: Application, query: ListQuery & MessageFilter & { state?: DeliveryState }, endpoint?: Endpoint) {
      const page = await store.messages.list(app.id, {
        ...query,
        status: query.state === undefined ? null : statusesOf(query.state),
        endpointId: endpoint?.id ?? null,
      });
      return { ...page, data: page.data.map((d) => ({ message: d.message, state: stateOf(d.status) })) };
    },
    /** The messages dispatched to `endpoint`, with Svix's status of the latest dispatch there (and when it is tried next). */
    sentTo: (endpoint: Endpoint, query: ListQuery & MessageFilter & { status?: AttemptStatus }) =>
      store.messages.list(endpoint.appId, {
        ...query,
        status: query.status === undefined ? null : [query.status],
        endpointId: endpoint.id,
      }),
    /** Removes the message's payload and its attempts' bodies from the database (Svix's expunge-content). */
    async expungeContent(appIdOrUid: string, idOrEventId: string): Promise<void> {
      const app = await applications.get(appIdOrUid);
      if ((await store.messages.expungeContent(app.id, [idOrEventId], clock.now())).length === 0)
        throw new NotFoundError('Message not found');
      dispatches.wake();
    },
    /** The same for each message named (by id or eventId): answers, by name, `expunged` or `not-found`. */
    async bulkExpungeContent(appIdOrUid: string, names: string[]): Promise<Record<string, BulkExpungeStatus>> {
      const app = await applications.get(appIdOrUid);
      const found = new Set(await store.messages.expungeContent(app.id, names, clock.now()));
      if (found.size > 0) dispatches.wake();
      return Object.fromEntries(names.map((name) => [name, found.has(name) ? 'expunged' : 'not-found']));
    },
    /**
     * Svix's expunge-all-contents: a background task that expunges, batch by batch, every message
     * of the application sent until now (those sent meanwhile keep their payload).
     */
    async expungeAllContents(appIdOrUid: string): Promise<BackgroundTask> {
      const app = await applications.get(appIdOrUid);
      const data: PurgeData = {
        throughId: idBound('msg', clock.now().getTime(), 'last'),
        messagesExpunged: 0,
        cursor: null,
      };
      return deps.tasks.start(app, 'application.purge_content', data);
    },
    /** The endpoints the message was dispatched to, with where the latest dispatch to each stands. */
    destinations: (message: Message, query: ListQuery) => store.messages.destinations(message.appId, message.id, query),
  };
}
