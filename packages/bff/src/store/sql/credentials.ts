import type { CredentialRepo, StoredCredentials } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date } from './rows.ts';

interface Row {
  endpoint_id: string;
  kind: string;
  ciphertext: string;
  hint: string;
  updated_at: number;
}

const fromRow = (r: Row): StoredCredentials => ({
  endpointId: r.endpoint_id,
  kind: r.kind,
  ciphertext: r.ciphertext,
  hint: JSON.parse(r.hint),
  updatedAt: date(r.updated_at),
});

export function sqlCredentials(db: SqlDatabase): CredentialRepo {
  return {
    async put(c) {
      await db.transaction((tx) =>
        tx.run(
          `INSERT INTO endpoint_credentials (endpoint_id, kind, ciphertext, hint, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (endpoint_id) DO UPDATE SET kind = excluded.kind, ciphertext = excluded.ciphertext,
             hint = excluded.hint, updated_at = excluded.updated_at`,
          [c.endpointId, c.kind, c.ciphertext, JSON.stringify(c.hint), c.updatedAt.getTime()],
        ),
      );
    },
    async get(endpointId) {
      const row = await db.get<Row>('SELECT * FROM endpoint_credentials WHERE endpoint_id = ?', [endpointId]);
      return row && fromRow(row);
    },
    async all() {
      return (await db.all<Row>('SELECT * FROM endpoint_credentials ORDER BY endpoint_id')).map(fromRow);
    },
  };
}
