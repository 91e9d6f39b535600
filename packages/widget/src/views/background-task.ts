import { ApiError } from '../api/api-error.ts';
import type { BffClient } from '../api/bff-client.ts';
import type { BackgroundTask } from '../api/types.ts';

/** The first look soon (most recoveries and replays are a few messages), then less often. */
const FIRST_LOOK_MS = 250;
const SLOWEST_LOOK_MS = 2000;

/**
 * Follows a background task (a recovery, a replay) until the BFF has finished it, and answers how
 * many messages it sent. One that failed is an error (`task_failed`), said as any other.
 */
export async function messagesSent(
  client: Pick<BffClient, 'backgroundTask'>,
  started: BackgroundTask,
): Promise<number> {
  let task = started;
  let wait = FIRST_LOOK_MS;
  while (task.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, SLOWEST_LOOK_MS);
    task = await client.backgroundTask(task.id);
  }
  if (task.status === 'failed') {
    throw new ApiError(500, { code: 'task_failed', detail: `${task.task} ${task.id} failed` });
  }
  return task.data?.messagesSent ?? 0;
}
