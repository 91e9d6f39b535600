import type { BackgroundTask } from '../model.ts';
import type { Store } from '../store/types.ts';
import type { StepOutcome, TaskKind } from './background-tasks.ts';

/** Messages one batch of a purge expunges: a short transaction, so deliveries go on between batches. */
export const PURGE_BATCH = 100;

/** What expunge-all-contents keeps in its task's `data`. */
export type PurgeData = {
  /** The last message it expunges: the application's newest when it was asked (later ones keep theirs). */
  throughId: string;
  /** Payloads removed so far (messages whose payload had expired already are not counted). */
  messagesExpunged: number;
  /** Where the next batch starts (not shown by the API). */
  cursor: string | null;
};

/**
 * Svix's expunge-all-contents (`application.purge_content`): the application's messages, in id
 * order, lose their payloads and their attempts' bodies, a batch at a time; the WAL is emptied
 * after each batch, so what a finished purge removed is in no file of the database.
 */
export function purgeKind(store: Store): TaskKind {
  return {
    task: 'application.purge_content',
    async step(task: BackgroundTask, now: Date): Promise<StepOutcome> {
      const data = task.data as unknown as PurgeData;
      const batch = await store.messages.expungeAll(
        task.appId,
        { afterId: data.cursor, throughId: data.throughId },
        PURGE_BATCH,
        now,
      );
      return {
        status: batch.next === null ? 'finished' : 'running',
        data: { ...data, cursor: batch.next, messagesExpunged: data.messagesExpunged + batch.expunged },
        afterCommit: () => store.retention.checkpoint(),
      };
    },
  };
}
