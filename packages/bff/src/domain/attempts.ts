import { NotFoundError } from '../errors.ts';
import { type Attempt, AttemptStatus, type Endpoint, type Message } from '../model.ts';
import type { AttemptFilter, ListQuery, Page, Store } from '../store/types.ts';

export type Attempts = ReturnType<typeof createAttempts>;

/**
 * Where a failed attempt stands in its dispatch: `scheduled` (tried again at `nextAttempt`),
 * `retried` (a later attempt of the same dispatch followed), `settled` (no retry: another
 * delivery of the message, a resend, reached the endpoint), `final` (no more tries). Null for
 * attempts that did not fail, and for those older than the log's dispatch numbers.
 */
export type RetryState = 'scheduled' | 'retried' | 'settled' | 'final';

/** One line of the delivery log: the attempt, its message, and what comes after it. */
export interface LoggedAttempt {
  attempt: Attempt;
  message: Message | undefined;
  /** How many attempts its endpoint's retry schedule makes in all (the first and every retry). */
  maxAttempts: number;
  retry: RetryState | null;
  nextAttempt: Date | null;
}

/** The delivery log, read side. The delivery worker writes it. */
export function createAttempts({ store, retrySchedule }: { store: Store; retrySchedule: readonly number[] }) {
  const maxAttempts = (endpoint: Endpoint | undefined) => (endpoint?.retrySchedule ?? retrySchedule).length + 1;

  /** The page with each attempt's message and retry state, read in one query per kind for the whole page. */
  async function explain(page: Page<Attempt>, endpointOf: (id: string) => Promise<Endpoint | undefined>) {
    const unique = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
    const [messages, tasks] = await Promise.all([
      store.messages.getMany(unique(page.data.map((a) => a.msgId))),
      store.queue.getMany(unique(page.data.map((a) => a.taskId))),
    ]);
    const endpoints = new Map<string, Endpoint | undefined>();
    for (const id of unique(page.data.map((a) => a.endpointId))) endpoints.set(id, await endpointOf(id));
    const data = page.data.map((attempt): LoggedAttempt => {
      const task = tasks.find((t) => t.id === attempt.taskId);
      let retry: RetryState | null = null;
      if (attempt.status === AttemptStatus.Fail && task && attempt.attemptNumber !== null) {
        if (task.attempts > attempt.attemptNumber) retry = 'retried';
        else if (task.status === AttemptStatus.Pending) retry = 'scheduled';
        else retry = task.status === AttemptStatus.Success ? 'settled' : 'final';
      }
      return {
        attempt,
        message: messages.find((m) => m.id === attempt.msgId),
        maxAttempts: maxAttempts(endpoints.get(attempt.endpointId)),
        retry,
        nextAttempt: retry === 'scheduled' ? (task?.nextAttemptAt ?? null) : null,
      };
    });
    return { ...page, data };
  }

  const endpointOf = (appId: string) => (id: string) => store.endpoints.get(appId, id);

  return {
    /** One attempt of `message`, explained as a line of the log is. */
    async get(message: Message, id: string): Promise<LoggedAttempt> {
      const attempt = await store.attempts.get(message.appId, id);
      if (!attempt || attempt.msgId !== message.id) throw new NotFoundError('Message attempt not found');
      const page = { data: [attempt], iterator: null, prevIterator: null, done: true };
      return (await explain(page, endpointOf(message.appId))).data[0] as LoggedAttempt;
    },
    /** Removes what one attempt of `message` sent and received (Svix's expunge of an attempt's content). */
    async expungeContent(message: Message, id: string): Promise<void> {
      if (!(await store.attempts.expungeContent(message.appId, message.id, id)))
        throw new NotFoundError('Message attempt not found');
    },
    listByEndpoint: async (endpoint: Endpoint, query: ListQuery & AttemptFilter) =>
      explain(await store.attempts.listByEndpoint(endpoint.appId, endpoint.id, query), async () => endpoint),
    listByMessage: async (message: Message, query: ListQuery & AttemptFilter) =>
      explain(await store.attempts.listByMessage(message.appId, message.id, query), endpointOf(message.appId)),
  };
}
