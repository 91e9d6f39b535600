import type { Store } from '../types.ts';
import { sqlApiKeys } from './api-keys.ts';
import { sqlApplications } from './applications.ts';
import { sqlAttempts } from './attempts.ts';
import { sqlBackgroundTasks } from './background-tasks.ts';
import { sqlConnectSessions } from './connect-sessions.ts';
import { sqlConnectors } from './connectors.ts';
import { sqlCredentials } from './credentials.ts';
import type { SqlDatabase } from './database.ts';
import { sqlEndpoints } from './endpoints.ts';
import { sqlEventTypes } from './event-types.ts';
import { sqlIdempotency } from './idempotency.ts';
import { sqlIntegrations } from './integrations.ts';
import { sqlMessages } from './messages.ts';
import { sqlPortalKeys } from './portal-keys.ts';
import { sqlQueue } from './queue.ts';
import { sqlRetention } from './retention.ts';
import { sqlRevocations } from './revocations.ts';
import { sqlStatistics } from './statistics.ts';
import { sqlThrottle } from './throttle.ts';

export function sqlStore(db: SqlDatabase): Store {
  return {
    applications: sqlApplications(db),
    eventTypes: sqlEventTypes(db),
    connectors: sqlConnectors(db),
    endpoints: sqlEndpoints(db),
    messages: sqlMessages(db),
    attempts: sqlAttempts(db),
    queue: sqlQueue(db),
    throttle: sqlThrottle(db),
    idempotency: sqlIdempotency(db),
    portalKeys: sqlPortalKeys(db),
    revocations: sqlRevocations(db),
    credentials: sqlCredentials(db),
    connectSessions: sqlConnectSessions(db),
    backgroundTasks: sqlBackgroundTasks(db),
    retention: sqlRetention(db),
    integrations: sqlIntegrations(db),
    apiKeys: sqlApiKeys(db),
    statistics: sqlStatistics(db),
    transaction: (work) => db.transaction(() => work()),
    ping: async () => {
      await db.get('SELECT 1');
    },
    statements: () => db.statements,
    close: () => db.close(),
  };
}
