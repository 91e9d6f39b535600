import type { BackgroundTask, BackgroundTaskType } from '../model.ts';
import type { DeliveryQueue, ReplayBatch, ReplayFilter, ReplayScope, Store } from '../store/types.ts';
import type { StepOutcome, TaskKind } from './background-tasks.ts';

/** Messages (or, for a recovery, dispatches) one batch looks at: a batch's cost, whatever it finds. */
export const REPLAY_BATCH = 100;

/**
 * A replay goes on only while its endpoint has fewer dispatches due or being sent than this: it feeds the
 * queue as fast as the endpoint takes messages, never its whole window at once, so a replay of
 * 90 days neither fills the queue nor makes the endpoint's new messages wait behind it.
 */
export const REPLAY_BACKLOG = REPLAY_BATCH;

/** What a recovery or replay keeps in its task's `data`: what was asked, and how far it got. */
export type ReplayData = {
  endpointId: string;
  since: string;
  until: string;
  messagesSent: number;
  /** Where the next batch starts (the kind's own: not shown by the API). */
  cursor: string | null;
  /** A bulk replay's filters. */
  filter?: ReplayFilter;
  /** Why it failed. */
  error?: string;
};

type Enqueue = (queue: DeliveryQueue, scope: ReplayScope, data: ReplayData) => Promise<ReplayBatch>;

function replayKind(store: Store, task: BackgroundTaskType, enqueue: Enqueue): TaskKind {
  return {
    task,
    async step(background: BackgroundTask, now: Date): Promise<StepOutcome> {
      const data = background.data as unknown as ReplayData;
      const failed = (error: string) => ({ status: 'failed' as const, data: { ...data, cursor: null, error } });
      const endpoint = await store.endpoints.get(background.appId, data.endpointId);
      if (!endpoint) return failed('The endpoint was deleted');
      // Its dispatches would be canceled: the customer enables it again, then replays.
      if (endpoint.disabled) return failed('The endpoint was disabled');
      if ((await store.queue.countDue(endpoint.id, now, REPLAY_BACKLOG)) >= REPLAY_BACKLOG) {
        return { status: 'running', data, waiting: true };
      }
      const batch = await enqueue(
        store.queue,
        {
          appId: background.appId,
          endpointId: endpoint.id,
          window: { since: new Date(data.since), until: new Date(data.until) },
          cursor: data.cursor,
          limit: REPLAY_BATCH,
          now,
        },
        data,
      );
      return {
        status: batch.cursor === null ? 'finished' : 'running',
        data: { ...data, cursor: batch.cursor, messagesSent: data.messagesSent + batch.enqueued.length },
      };
    },
  };
}

/** Svix's endpoint recover, replay-missing and bulk-replay, as background task kinds. */
export function replayKinds(store: Store): TaskKind[] {
  return [
    replayKind(store, 'endpoint.recover', (queue, scope) => queue.enqueueFailed(scope)),
    replayKind(store, 'endpoint.replay', (queue, scope) => queue.enqueueMissing(scope)),
    replayKind(store, 'endpoint.bulk-replay', (queue, scope, data) =>
      queue.enqueueDispatched(scope, data.filter ?? {}),
    ),
  ];
}
