import type { Dialect } from './database.ts';

/**
 * Endpoint `e` takes a message of event type `eventType` sent to the channels `channels` (SQL
 * expressions: a parameter, or a message row's columns): its event type filter (none = all)
 * and its channels (an endpoint with channels takes only messages sent to one of them). Empty
 * filters are stored as '[]' (or NULL) and mean "everything". The fan-out and replay-missing
 * decide alike with it.
 */
export const subscribes = (dialect: Dialect, e: string, eventType: string, channels: string) =>
  `(${e}.event_types IS NULL OR ${e}.event_types = '[]'
     OR EXISTS (SELECT 1 FROM ${dialect.jsonValues(`${e}.event_types`)} WHERE value = ${eventType}))
   AND (${e}.channels IS NULL OR ${e}.channels = '[]'
     OR EXISTS (SELECT 1 FROM ${dialect.jsonValues(`${e}.channels`)}
                WHERE value IN (SELECT value FROM ${dialect.jsonValues(channels)})))`;
