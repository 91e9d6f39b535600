import type { Endpoint, Message } from '../model.ts';
import type { AttemptFilter, ListQuery, Store } from '../store/types.ts';

export type Attempts = ReturnType<typeof createAttempts>;

/** The delivery log, read side. The delivery worker writes it. */
export function createAttempts({ store }: { store: Store }) {
  return {
    listByEndpoint: (endpoint: Endpoint, query: ListQuery & AttemptFilter) =>
      store.attempts.listByEndpoint(endpoint.appId, endpoint.id, query),
    listByMessage: (message: Message, query: ListQuery & AttemptFilter) =>
      store.attempts.listByMessage(message.appId, message.id, query),
  };
}
