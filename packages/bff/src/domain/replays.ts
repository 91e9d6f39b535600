import type { Clock } from '../clock.ts';
import type { ReplayData } from '../delivery/replay-tasks.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { Application, BackgroundTask, BackgroundTaskType, Endpoint } from '../model.ts';
import type { ReplayFilter, Store, TimeWindow } from '../store/types.ts';
import type { BackgroundTasks } from './background-tasks.ts';
import { live, RECOVER_WINDOW_MS } from './dispatches.ts';

export type Replays = ReturnType<typeof createReplays>;

/** A count before a task, and the end of the window it counted (to pass on to the task). */
export interface Counted {
  messages: number;
  until: Date;
}

/**
 * Svix's recovery and replays of an endpoint, each a background task: recover (what failed),
 * replay-missing (what it never got, say while it was disabled), bulk replay (what it got,
 * filtered); and the counts the portal shows before one.
 */
export function createReplays(deps: { store: Store; clock: Clock; tasks: BackgroundTasks }) {
  const { store, clock, tasks } = deps;

  /**
   * The window asked for, checked: since within the last {@link RECOVER_WINDOW_MS} (as far back
   * as Svix keeps) and not in the future, until after since and never later than now (what
   * arrives later is fanned out as usual), so the task's work is fixed when it starts.
   */
  function windowOf(since: Date, until: Date | null | undefined, where: 'body' | 'query'): TimeWindow {
    const now = clock.now();
    const problem = (loc: string, msg: string, type: string) => new ValidationError([{ loc: [where, loc], msg, type }]);
    if (since.getTime() < now.getTime() - RECOVER_WINDOW_MS) {
      throw problem(
        'since',
        `must be within the last ${RECOVER_WINDOW_MS / 86_400_000} days`,
        'value_error.date.too_old',
      );
    }
    if (since > now) throw problem('since', 'must not be in the future', 'value_error.date.future');
    if (until && until.getTime() <= since.getTime()) {
      throw problem('until', 'must be after since', 'value_error.date.order');
    }
    return { since, until: until && until < now ? until : now };
  }

  /**
   * Refuses a draft and a disabled endpoint (409): what a replay queued for it would be canceled
   * unsent. The customer enables it again, then replays.
   */
  function refuseUnsendable(endpoint: Endpoint): void {
    live(endpoint);
    if (endpoint.disabled) {
      throw new ConflictError('endpoint_disabled', 'This endpoint is disabled: enable it first, then send again');
    }
  }

  const start = (
    app: Application,
    endpoint: Endpoint,
    task: BackgroundTaskType,
    window: { since: Date; until?: Date | null },
    filter?: ReplayFilter,
  ): Promise<BackgroundTask> => {
    refuseUnsendable(endpoint);
    const { since, until } = windowOf(window.since, window.until, 'body');
    const data: ReplayData = {
      endpointId: endpoint.id,
      since: since.toISOString(),
      until: until.toISOString(),
      messagesSent: 0,
      cursor: null,
      ...(filter ? { filter } : {}),
    };
    return tasks.start(app, task, data);
  };

  return {
    /** Sends again every message whose latest delivery to the endpoint failed in the window. */
    recover: (app: Application, endpoint: Endpoint, window: { since: Date; until?: Date | null }) =>
      start(app, endpoint, 'endpoint.recover', window),

    /** Sends the messages of the window the endpoint subscribes to and never had. */
    replayMissing: (app: Application, endpoint: Endpoint, window: { since: Date; until?: Date | null }) =>
      start(app, endpoint, 'endpoint.replay', window),

    /** Sends again the messages of the window dispatched to the endpoint that the filter keeps. */
    bulkReplay: (
      app: Application,
      endpoint: Endpoint,
      window: { since: Date; until?: Date | null },
      filter: ReplayFilter,
    ) => start(app, endpoint, 'endpoint.bulk-replay', window, filter),

    /** How many messages `recover` would send again for the window, so the customer can confirm first. */
    async failedCount(endpoint: Endpoint, since: Date, until?: Date | null): Promise<Counted> {
      const window = windowOf(since, until, 'query');
      return { messages: await store.queue.countFailed(endpoint.id, window.since, window.until), until: window.until };
    },

    /** How many messages `replayMissing` would send for the window. */
    async missingCount(endpoint: Endpoint, since: Date, until?: Date | null): Promise<Counted> {
      const window = windowOf(since, until, 'query');
      return { messages: await store.queue.countMissing(endpoint.appId, endpoint.id, window), until: window.until };
    },
  };
}
