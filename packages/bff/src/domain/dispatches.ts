import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { type Application, type Endpoint, type Message, TriggerType } from '../model.ts';
import type { Store } from '../store/types.ts';

export type Dispatches = ReturnType<typeof createDispatches>;

/** A draft delivers nothing until the customer saves it: no resend, recovery or example either. */
function live(endpoint: Endpoint): Endpoint {
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

/** Queues deliveries: a message's fan-out, manual resends and recoveries, example messages. */
export function createDispatches(deps: { store: Store; clock: Clock; wake: () => void }) {
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

    /** The worker looks at once instead of at its next poll; call after the commit. */
    wake,

    async resend(message: Message, endpoint: Endpoint): Promise<void> {
      await enqueue(message, [live(endpoint)], TriggerType.Manual);
      wake();
    },

    /** How many messages `recover` would send again for the window, so the customer can confirm first. */
    async failedCount(endpoint: Endpoint, since: Date, until: Date | null): Promise<number> {
      if (since.getTime() < clock.now().getTime() - RECOVER_WINDOW_MS) {
        throw new ValidationError([
          {
            loc: ['query', 'since'],
            msg: `must be within the last ${RECOVER_WINDOW_MS / 86_400_000} days`,
            type: 'value_error.date.too_old',
          },
        ]);
      }
      return store.queue.countFailed(endpoint.id, since, until);
    },

    /** Sends again every message whose latest delivery to the endpoint failed in the window. */
    async recover(endpoint: Endpoint, since: Date, until: Date | null): Promise<{ id: string; messagesSent: number }> {
      live(endpoint);
      const ids = await store.queue.failedMessages(endpoint.id, since, until);
      await store.transaction(async () => {
        for (const id of ids) {
          const message = await store.messages.get(endpoint.appId, id);
          if (message) await enqueue(message, [endpoint], TriggerType.Manual);
        }
      });
      wake();
      return { id: newId('qtask', clock.now().getTime()), messagesSent: ids.length };
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
      const message: Message = {
        id: newId('msg', now.getTime()),
        appId: app.id,
        eventId: null,
        eventType: eventTypeName,
        payload: JSON.stringify(payload),
        channels: null,
        tags: null,
        transformationsParams: null,
        timestamp: now,
      };
      await store.transaction(async () => {
        await store.messages.insert(message);
        await enqueue(message, [endpoint], TriggerType.Manual);
      });
      wake();
      return message;
    },

    stats: (endpoint: Endpoint) => store.queue.endpointStats(endpoint.id, clock.now()),
  };
}

/** The n-th example of the newest schema version (JSON Schema's `examples`). */
function exampleOf(schemas: Record<string, unknown> | null, index: number): Record<string, unknown> | undefined {
  const versions = Object.keys(schemas ?? {}).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  const newest = versions[0] ? (schemas?.[versions[0]] as { examples?: unknown[] }) : undefined;
  const example = newest?.examples?.[index];
  return example && typeof example === 'object' && !Array.isArray(example)
    ? (example as Record<string, unknown>)
    : undefined;
}
