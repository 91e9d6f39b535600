import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import { OPERATIONAL_APP_ID, ownMessage } from '../model.ts';
import type { Store } from '../store/types.ts';

/** Svix's operational webhook types that Patchbay sends (the `webhooks` of its OpenAPI document). */
export const OPERATIONAL_EVENT_TYPES = [
  'endpoint.created',
  'endpoint.updated',
  'endpoint.deleted',
  'endpoint.enabled',
  'endpoint.disabled',
  'message.attempt.exhausted',
  'message.attempt.failing',
  'message.attempt.recovered',
  'background_task.finished',
] as const;

export type OperationalEventType = (typeof OPERATIONAL_EVENT_TYPES)[number];

export interface OperationalEvents {
  /**
   * Stores the event as a message of the operational application, queued for each of its
   * endpoints that takes this type. Call it inside the transaction of the change it reports, so
   * both commit or neither; then {@link wake} after the commit.
   */
  emit(type: OperationalEventType, data: Record<string, unknown>): Promise<void>;
  /** The worker looks at once instead of at its next poll. */
  wake(): void;
}

/**
 * Tells the vendor what happens to its customers' endpoints, so none is disabled silently: every
 * event is logged and, when an operational endpoint takes its type, becomes a message (`{type, timestamp, data}`, as Svix's) of the operational
 * application, delivered through the durable queue like any other: signed, retried on the retry
 * schedule, logged as attempts, and kept across restarts.
 */
export function createOperationalEvents(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  retentionMs: number;
  wake: () => void;
}): OperationalEvents {
  const { store, clock, logger } = deps;
  return {
    async emit(type, data) {
      // The operational endpoints' own deliveries raise nothing: a failing one would otherwise
      // report itself to itself, without end.
      if (data.appId === OPERATIONAL_APP_ID) return;
      // Stored only when an operational endpoint takes it: a customer's every endpoint change
      // would otherwise add a message that nobody receives.
      if (!(await store.queue.wouldFanOut(OPERATIONAL_APP_ID, type, null))) {
        logger.info({ operationalEvent: type, ...scalars(data) }, `operational event ${type}`);
        return;
      }
      const now = clock.now();
      // Svix's events about an application name its uid too.
      if (typeof data.appId === 'string' && !('appUid' in data)) {
        const app = await store.applications.get(data.appId);
        data = { appId: data.appId, appUid: app?.uid ?? null, ...data };
      }
      logger.info({ operationalEvent: type, ...scalars(data) }, `operational event ${type}`);
      const message = ownMessage({
        id: newId('msg', now.getTime()),
        appId: OPERATIONAL_APP_ID,
        eventType: type,
        payload: JSON.stringify({ type, timestamp: now.toISOString(), data }),
        timestamp: now,
        payloadExpiresAt: new Date(now.getTime() + deps.retentionMs),
      });
      await store.transaction(async () => {
        await store.messages.insert(message);
        await store.queue.fanOut(message, now);
      });
    },
    wake: deps.wake,
  };
}

/** What a log line shows of an event: its names and ids, not a task's whole result. */
const scalars = (data: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(data).filter(([, value]) => typeof value !== 'object' || value === null));
