import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { type Application, type Endpoint, type Message, ownMessage, TriggerType } from '../model.ts';
import type { StatsBucket, Store } from '../store/types.ts';

export type Dispatches = ReturnType<typeof createDispatches>;

/** A draft delivers nothing until the customer saves it: no resend, recovery or example either. */
export function live(endpoint: Endpoint): Endpoint {
  if (endpoint.draft) {
    throw new ConflictError('endpoint_draft', 'This connection is not saved yet: save it to send messages to it');
  }
  return endpoint;
}

/**
 * How far back a recovery count may look: Svix reads messages and attempts 90 days back at most
 * (its list endpoints' documented window), and so does the count before "Resend failed".
 */
export const RECOVER_WINDOW_MS = 90 * 24 * 3600 * 1000;

/** The longest window the stats count over: as far back as a recovery reads. */
export const STATS_WINDOW_MS = RECOVER_WINDOW_MS;

const HOUR_MS = 3600_000;
/** The series' length: seven days of hours, a bounded answer (168 buckets) whatever the endpoint's volume. */
export const SERIES_HOURS = 7 * 24;

/** Queues deliveries: a message's fan-out, manual resends, example messages (recoveries and replays: replays.ts). */
export function createDispatches(deps: { store: Store; clock: Clock; wake: () => void; retentionMs: number }) {
  const { store, clock, wake } = deps;

  const enqueue = async (message: Message, endpoints: Endpoint[], triggerType: TriggerType) => {
    const now = clock.now();
    await store.queue.enqueue(
      endpoints.map((e) => ({
        appId: message.appId,
        msgId: message.id,
        endpointId: e.id,
        triggerType,
        nextAttemptAt: now,
      })),
      now,
    );
  };

  return {
    /** One task per subscribed endpoint; call inside the transaction that stores the message. */
    fanOut: (message: Message) => store.queue.fanOut(message, clock.now()),
    /** The same for many messages at once, as one statement. */
    fanOutAll: (messages: Message[]) => store.queue.fanOutAll(messages, clock.now()),

    /** The worker looks at once instead of at its next poll; call after the commit. */
    wake,

    async resend(message: Message, endpoint: Endpoint): Promise<void> {
      // Svix: a message cannot be resent once its payload was expunged or has expired.
      if (message.payload === null) {
        throw new ConflictError(
          'payload_expired',
          "This message's payload was expunged or has expired: there is nothing left to send",
        );
      }
      await enqueue(message, [live(endpoint)], TriggerType.Manual);
      wake();
    },

    /** A message with the event type's example payload, sent to this endpoint only. */
    async sendExample(
      app: Application,
      endpoint: Endpoint,
      eventTypeName: string,
      exampleIndex: number,
    ): Promise<Message> {
      live(endpoint);
      const eventType = await store.eventTypes.get(eventTypeName);
      if (!eventType) throw new NotFoundError('Event type not found');
      const payload = exampleOf(eventType.schemas, exampleIndex);
      if (payload === undefined) {
        throw new ValidationError([
          {
            loc: ['body', 'exampleIndex'],
            msg: `event type "${eventTypeName}" has no example at index ${exampleIndex}`,
            type: 'value_error.no_example',
          },
        ]);
      }
      const now = clock.now();
      const message = ownMessage({
        id: newId('msg', now.getTime()),
        appId: app.id,
        eventType: eventTypeName,
        payload: JSON.stringify(payload),
        timestamp: now,
        payloadExpiresAt: new Date(now.getTime() + deps.retentionMs),
      });
      await store.transaction(async () => {
        await store.messages.insert(message);
        await enqueue(message, [endpoint], TriggerType.Manual);
      });
      wake();
      return message;
    },

    /**
     * The endpoint's dispatches by status, made from `since` to `until` (both included; until
     * defaults to now). Without either, all of them (as kept: retention bounds them). A window
     * is at most {@link STATS_WINDOW_MS} long and since comes before until.
     */
    stats(endpoint: Endpoint, since?: Date | null, until?: Date | null) {
      const now = clock.now();
      if (!since && !until) return store.queue.endpointStats(endpoint.id, now);
      const end = until ?? now;
      const start = since ?? new Date(end.getTime() - STATS_WINDOW_MS);
      const problem = (loc: string, msg: string, type: string) =>
        new ValidationError([{ loc: ['query', loc], msg, type }]);
      if (start > end) throw problem('since', 'must not be after until', 'value_error.date.order');
      if (end.getTime() - start.getTime() > STATS_WINDOW_MS)
        throw problem(
          'since',
          `must be at most ${STATS_WINDOW_MS / 86_400_000} days before until`,
          'value_error.date.range',
        );
      return store.queue.endpointStats(endpoint.id, now, { since: start, until: end });
    },

    /**
     * The last {@link SERIES_HOURS} hours of the endpoint's dispatches, hour by hour (the last
     * bucket is the current hour, so far): the widget's 24-hour chart, and its 7 days summed in
     * the customer's time zone.
     */
    async series(endpoint: Endpoint): Promise<{ start: Date; bucketSeconds: number; buckets: StatsBucket[] }> {
      const hourEnd = Math.floor(clock.now().getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
      const start = new Date(hourEnd - SERIES_HOURS * HOUR_MS);
      const buckets = await store.queue.endpointSeries(endpoint.id, start, HOUR_MS, SERIES_HOURS);
      return { start, bucketSeconds: HOUR_MS / 1000, buckets };
    },
  };
}

/** The n-th example of the newest schema version (JSON Schema's `examples`). */
export function exampleOf(schemas: Record<string, unknown> | null, index: number): Record<string, unknown> | undefined {
  const versions = Object.keys(schemas ?? {}).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  const newest = versions[0] ? (schemas?.[versions[0]] as { examples?: unknown[] }) : undefined;
  const example = newest?.examples?.[index];
  return example && typeof example === 'object' && !Array.isArray(example)
    ? (example as Record<string, unknown>)
    : undefined;
}
