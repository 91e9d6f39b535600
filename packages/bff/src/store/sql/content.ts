import { EXPUNGED_RESPONSE } from '../../model.ts';
import type { SqlDatabase } from './database.ts';

/** A removed payload: `messages.payload` is NOT NULL, and no accepted payload (a JSON object) is empty. */
export const REMOVED_PAYLOAD = '';

/**
 * Removes the payloads of messages `ids` and their attempts' bodies (the response, the request as
 * sent with its headers and body, the answer's headers): overwritten in the rows, so the bytes
 * are gone once the database reuses the pages, not only hidden. Call inside a transaction.
 */
export async function removeContent(db: SqlDatabase, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const list = `(SELECT value FROM ${db.dialect.jsonValues('?')})`;
  const json = JSON.stringify(ids);
  await db.run(`UPDATE messages SET payload = ? WHERE id IN ${list} AND payload <> ?`, [
    REMOVED_PAYLOAD,
    json,
    REMOVED_PAYLOAD,
  ]);
  await db.run(
    `UPDATE attempts SET response = ?, request = NULL, response_headers = NULL WHERE msg_id IN ${list} AND response <> ?`,
    [EXPUNGED_RESPONSE, json, EXPUNGED_RESPONSE],
  );
}
