import type { Store } from '../types.ts';
import { sqliteApplications } from './applications.ts';
import { sqliteAttempts } from './attempts.ts';
import { sqliteConnectSessions } from './connect-sessions.ts';
import { sqliteConnectors } from './connectors.ts';
import { sqliteCredentials } from './credentials.ts';
import { SqliteDatabase } from './database.ts';
import { sqliteEndpoints } from './endpoints.ts';
import { sqliteEventTypes } from './event-types.ts';
import { sqliteIdempotency } from './idempotency.ts';
import { sqliteMessages } from './messages.ts';
import { migrate } from './migrations.ts';
import { sqlitePortalKeys } from './portal-keys.ts';
import { sqliteQueue } from './queue.ts';
import { sqliteRevocations } from './revocations.ts';

/** Opens (creating if needed) and migrates the SQLite file, and returns the {@link Store} over it. */
export async function openSqliteStore(file: string): Promise<Store> {
  const db = await SqliteDatabase.open(file);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return sqliteStore(db);
}

export function sqliteStore(db: SqliteDatabase): Store {
  return {
    applications: sqliteApplications(db),
    eventTypes: sqliteEventTypes(db),
    connectors: sqliteConnectors(db),
    endpoints: sqliteEndpoints(db),
    messages: sqliteMessages(db),
    attempts: sqliteAttempts(db),
    queue: sqliteQueue(db),
    idempotency: sqliteIdempotency(db),
    portalKeys: sqlitePortalKeys(db),
    revocations: sqliteRevocations(db),
    credentials: sqliteCredentials(db),
    connectSessions: sqliteConnectSessions(db),
    transaction: (work) => db.transaction(() => work()),
    ping: async () => {
      await db.get('SELECT 1');
    },
    close: () => db.close(),
  };
}
