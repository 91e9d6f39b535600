import type { BffClient } from '../../api/bff-client.ts';
import type { Attempt, AttemptDetail, Destination, Message, MessageFilter, MessagePage } from '../../api/types.ts';

interface Page<T> {
  data: T[];
}

/** The message log's reads, through the picker's client (its token, its errors), shipped with the log. */
export function logApi(client: Pick<BffClient, 'request' | 'appPath'>) {
  const msg = (id: string) => `/msg/${encodeURIComponent(id)}`;
  const get = <T>(path: string, signal?: AbortSignal) =>
    client.request<T>('GET', client.appPath(path), undefined, signal);
  return {
    /** One page of the application's messages, newest first, from `iterator` (Svix's; none: the newest). */
    messages(filter: MessageFilter, iterator: string | null, limit: number, signal?: AbortSignal) {
      const query = new URLSearchParams({ limit: String(limit), with_content: 'false' });
      for (const [name, value] of Object.entries(filter)) if (value) query.set(name, value);
      if (iterator) query.set('iterator', iterator);
      return get<MessagePage>(`/msg?${query}`, signal);
    },
    message: (id: string, signal?: AbortSignal) => get<Message>(msg(id), signal),
    /** Where a message went: each endpoint it was dispatched to, and how its delivery stands. */
    destinations: (id: string, signal?: AbortSignal) =>
      get<Page<Destination>>(`${msg(id)}/endpoint?limit=250`, signal).then((p) => p.data),
    /** Every attempt of a message, newest first (as many as one page holds). */
    attempts: (id: string, signal?: AbortSignal) =>
      get<Page<Attempt>>(`/attempt/msg/${encodeURIComponent(id)}?limit=250&with_content=false`, signal).then(
        (p) => p.data,
      ),
    attempt: (id: string, attempt: string, signal?: AbortSignal) =>
      get<AttemptDetail>(`${msg(id)}/attempt/${encodeURIComponent(attempt)}`, signal),
  };
}

export type LogApi = ReturnType<typeof logApi>;
