import { EXPIRED_PAYLOAD, EXPUNGED_RESPONSE } from '../../model.ts';
import type { SqlDatabase } from './database.ts';

/** A removed payload: `messages.payload` is NOT NULL, and no accepted payload (a JSON object) is empty. */
export const REMOVED_PAYLOAD = '';

/**
 * Removes the payloads of messages `ids`, their attempts' bodies (the response, the request as
 * sent with its headers and body, the answer's headers) and any stored Idempotency-Key answer's
 * copy of them: overwritten in the rows, not only hidden (SQLite zeroes what it overwrote, see
 * `SqlDatabase.checkpoint` for the WAL). Call inside a transaction.
 */
export async function removeContent(db: SqlDatabase, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const { oneOf } = db.dialect;
  const json = JSON.stringify(ids);
  await db.run(`UPDATE messages SET payload = ? WHERE ${oneOf('id')} AND payload <> ?`, [
    REMOVED_PAYLOAD,
    json,
    REMOVED_PAYLOAD,
  ]);
  await db.run(
    `UPDATE attempts SET response = ?, request = NULL, response_headers = NULL WHERE ${oneOf('msg_id')} AND response <> ?`,
    [EXPUNGED_RESPONSE, json, EXPUNGED_RESPONSE],
  );
  // A stored answer to an Idempotency-Key (12 hours) repeats the payload: a replay reads as the message does now.
  const answers = await db.all<{ scope: string; key: string; body: string }>(
    `SELECT scope, key, body FROM idempotency_keys WHERE ${oneOf('ref')} AND body IS NOT NULL`,
    [json],
  );
  for (const answer of answers) {
    // Only a message's own answer is kept in clear (route-table.ts `plainAnswer`); a sealed one is no JSON.
    if (!answer.body.startsWith('{')) continue;
    const body = JSON.parse(answer.body) as { payload?: unknown } | null;
    if (!body || typeof body !== 'object' || !('payload' in body)) continue;
    await db.run('UPDATE idempotency_keys SET body = ? WHERE scope = ? AND key = ?', [
      JSON.stringify({ ...body, payload: EXPIRED_PAYLOAD }),
      answer.scope,
      answer.key,
    ]);
  }
}
