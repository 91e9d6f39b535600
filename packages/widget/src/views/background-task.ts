import { ApiError } from '../api/api-error.ts';
import type { BffClient } from '../api/bff-client.ts';
import type { BackgroundTask, TaskStarted } from '../api/types.ts';

/** The first look soon (most recoveries and replays are a few messages), then less often. */
const FIRST_LOOK_MS = 250;
const SLOWEST_LOOK_MS = 2000;

/** Resolves after `ms`, or rejects with the signal's reason once it is aborted. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Follows a background task (a recovery, a replay) until the BFF has finished it, and answers how
 * many messages it sent. One that failed is an error (`task_failed`), said as any other. A task
 * may wait hours for a failing endpoint: `signal` ends the following (the picker left the page)
 * with its reason, an AbortError.
 */
export async function messagesSent(
  client: Pick<BffClient, 'backgroundTask'>,
  started: TaskStarted,
  signal: AbortSignal,
): Promise<number> {
  // Its result is read from the task itself, even when it was done by the time it answered.
  let task: BackgroundTask | undefined =
    started.status === 'running' ? undefined : await client.backgroundTask(started.id, signal);
  let wait = FIRST_LOOK_MS;
  while (!task || task.status === 'running') {
    await pause(wait, signal);
    wait = Math.min(wait * 2, SLOWEST_LOOK_MS);
    task = await client.backgroundTask(started.id, signal);
  }
  if (task.status === 'failed') {
    // Why, for the vendor (cp-error's message): the customer reads the code's sentence.
    const why = typeof task.data.error === 'string' ? task.data.error : 'failed';
    throw new ApiError(500, { code: 'task_failed', detail: `${task.task} ${task.id}: ${why}` });
  }
  const sent = task.data.messagesSent;
  return typeof sent === 'number' ? sent : 0;
}
