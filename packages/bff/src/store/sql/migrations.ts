import type { SqlDatabase } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, as an append-only list: a released migration is never edited, a change is a
 * new version. Written in SQLite's types; PostgreSQL runs the same list through its dialect's
 * `schema()`, so both databases share one history of versions.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'vendor api',
    // Times are integer milliseconds since the epoch; JSON columns hold text.
    sql: `
      CREATE TABLE applications (
        id TEXT PRIMARY KEY,
        uid TEXT UNIQUE,
        name TEXT NOT NULL,
        throttle_rate INTEGER,
        metadata TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE event_types (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL,
        archived INTEGER NOT NULL,
        deprecated INTEGER NOT NULL,
        schemas TEXT,
        group_name TEXT,
        feature_flags TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE connectors (
        id TEXT PRIMARY KEY,
        uid TEXT UNIQUE,
        name TEXT NOT NULL,
        logo TEXT,
        description TEXT NOT NULL,
        kind TEXT NOT NULL,
        instructions TEXT NOT NULL,
        allowed_event_types TEXT,
        transformation TEXT NOT NULL,
        feature_flags TEXT,
        product_type TEXT,
        default_url TEXT,
        authentication_method TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        transformation_updated_at INTEGER NOT NULL
      );
      CREATE TABLE endpoints (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        uid TEXT,
        url TEXT NOT NULL,
        description TEXT NOT NULL,
        event_types TEXT,
        channels TEXT,
        disabled INTEGER NOT NULL,
        metadata TEXT NOT NULL,
        headers TEXT NOT NULL,
        throttle_rate INTEGER,
        secret TEXT NOT NULL,
        previous_secrets TEXT NOT NULL,
        connector_id TEXT REFERENCES connectors(id) ON DELETE SET NULL,
        transformation_code TEXT,
        transformation_enabled INTEGER NOT NULL,
        transformation_variables TEXT NOT NULL,
        transformation_updated_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (app_id, uid)
      );
      CREATE INDEX endpoints_app ON endpoints (app_id, id);
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        event_id TEXT,
        event_type TEXT NOT NULL,
        payload TEXT NOT NULL,
        channels TEXT,
        tags TEXT,
        transformations_params TEXT,
        timestamp INTEGER NOT NULL,
        UNIQUE (app_id, event_id)
      );
      CREATE INDEX messages_app ON messages (app_id, id);
      CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        msg_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        response TEXT NOT NULL,
        response_status_code INTEGER NOT NULL,
        response_duration_ms INTEGER NOT NULL,
        status INTEGER NOT NULL,
        trigger_type INTEGER NOT NULL,
        timestamp INTEGER NOT NULL
      );
      CREATE INDEX attempts_endpoint ON attempts (endpoint_id, id);
      CREATE INDEX attempts_msg ON attempts (msg_id, id);
      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE TABLE portal_keys (
        kid TEXT PRIMARY KEY,
        alg TEXT NOT NULL,
        public_jwk TEXT NOT NULL,
        private_jwk TEXT,
        issuer TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE portal_revocations (
        app_id TEXT NOT NULL,
        session_id TEXT,
        issued_before INTEGER NOT NULL,
        effective_at INTEGER NOT NULL
      );
      CREATE INDEX portal_revocations_app ON portal_revocations (app_id);
      CREATE TABLE revoked_tokens (
        jti TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'delivery',
    // One task per (message, endpoint) dispatch; a manual resend is a task of its own. Status uses
    // the attempt status numbers (1 pending, 0 success, 2 fail, 4 canceled); a pending task with
    // a live lease is being sent.
    sql: `
      CREATE TABLE tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        msg_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        status INTEGER NOT NULL,
        trigger_type INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        lease_until INTEGER,
        failing_notified INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX tasks_due ON tasks (next_attempt_at) WHERE status = 1;
      CREATE INDEX tasks_endpoint ON tasks (endpoint_id, status);
      CREATE INDEX tasks_msg ON tasks (msg_id);
      ALTER TABLE endpoints ADD COLUMN fail_since INTEGER;
      ALTER TABLE endpoints ADD COLUMN disabled_reason TEXT;
      ALTER TABLE endpoints ADD COLUMN retry_schedule TEXT;
    `,
  },
  {
    version: 3,
    name: 'connectors',
    // Credentials are stored encrypted (see crypto/cipher.ts); `hint` is the masked, showable
    // part. Tickets and OAuth states are stored as hashes: the raw values only travel once.
    sql: `
      CREATE TABLE endpoint_credentials (
        endpoint_id TEXT PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        ciphertext TEXT NOT NULL,
        hint TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE connect_sessions (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        connector_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        status TEXT NOT NULL,
        ticket_hash TEXT NOT NULL UNIQUE,
        ticket_used INTEGER NOT NULL,
        state_hash TEXT UNIQUE,
        state_used INTEGER NOT NULL,
        code_verifier TEXT,
        origin TEXT NOT NULL,
        event_types TEXT,
        endpoint_id TEXT,
        error TEXT,
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'throttle',
    // Per-endpoint rate limits as GCRA: the "theoretical arrival time" of the next delivery,
    // in microseconds, shared by every process.
    sql: `
      CREATE TABLE throttle_buckets (
        endpoint_id TEXT PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,
        tat INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'connect claims',
    // An OAuth result waits, encrypted, for the portal session that started the connect to claim
    // it with a one-time code (stored as a hash) that only the widget's window receives.
    sql: `
      ALTER TABLE connect_sessions ADD COLUMN portal_session TEXT;
      ALTER TABLE connect_sessions ADD COLUMN result TEXT;
      ALTER TABLE connect_sessions ADD COLUMN claim_hash TEXT;
      ALTER TABLE connect_sessions ADD COLUMN claim_used INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 6,
    name: 'fair claims',
    // The claim walks the endpoints that have pending tasks (one seek each) and reads each one's
    // oldest due tasks as a range; live leases are counted per endpoint. Finished tasks and
    // released leases are in neither index, so neither history nor a backlog is ever scanned.
    sql: `
      CREATE INDEX tasks_ready ON tasks (endpoint_id, next_attempt_at, id) WHERE status = 1;
      CREATE INDEX tasks_leased ON tasks (endpoint_id, lease_until) WHERE lease_until IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'endpoint drafts',
    // A connection made in the portal stays a draft until the customer saves it: kept, never
    // delivered to. The index serves the application's list of drafts and the sweep that
    // removes abandoned ones; live endpoints are in neither.
    sql: `
      ALTER TABLE endpoints ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX endpoints_drafts ON endpoints (app_id, updated_at) WHERE draft = 1;
    `,
  },
  {
    version: 8,
    name: 'delivery log',
    // Each attempt names its dispatch and its place in it, so the log can say "attempt 2 of 8"
    // and whether (and when) it is tried again; an endpoint keeps why its latest delivery failed.
    sql: `
      ALTER TABLE attempts ADD COLUMN task_id INTEGER;
      ALTER TABLE attempts ADD COLUMN attempt_number INTEGER;
      ALTER TABLE endpoints ADD COLUMN fail_reason TEXT;
      CREATE INDEX tasks_msg_endpoint ON tasks (msg_id, endpoint_id) WHERE status = 1;
    `,
  },
  {
    version: 9,
    name: 'connector translations',
    // The vendor's name, description and instructions of a connector in other languages (JSON by locale).
    sql: `
      ALTER TABLE connectors ADD COLUMN translations TEXT;
    `,
  },
  {
    version: 10,
    name: 'one dispatch of a message at a time',
    // A claim takes a task only when it is the oldest pending one of its message and endpoint
    // and none of them is leased: each is one seek, at the pair's first task and among the
    // pair's leases, however many dispatches the pair has. The first index also serves
    // settleOthers, as tasks_msg_endpoint did.
    sql: `
      CREATE INDEX tasks_pair_order ON tasks (msg_id, endpoint_id, next_attempt_at, id) WHERE status = 1;
      CREATE INDEX tasks_pair_leased ON tasks (msg_id, endpoint_id, lease_until) WHERE lease_until IS NOT NULL;
      DROP INDEX tasks_msg_endpoint;
    `,
  },
  {
    version: 11,
    name: 'what an attempt sent and received',
    // The portal's attempt view shows the request as sent (JSON: method, URL, headers with
    // credentials masked, body up to the log's cap) and the answer's headers.
    sql: `
      ALTER TABLE attempts ADD COLUMN request TEXT;
      ALTER TABLE attempts ADD COLUMN response_headers TEXT;
    `,
  },
  {
    version: 12,
    name: 'delivery status of messages',
    // The message log reads each message's latest dispatch to each endpoint. The first index
    // walks one endpoint's messages in message order (the list of what it was sent) and finds
    // the latest dispatch of a pair in one seek; the second walks one message's endpoints in
    // endpoint order, and serves every read by message that tasks_msg served.
    sql: `
      CREATE INDEX tasks_endpoint_msgs ON tasks (endpoint_id, msg_id, id);
      CREATE INDEX tasks_msg_endpoints ON tasks (msg_id, endpoint_id, id);
      DROP INDEX tasks_msg;
    `,
  },
  {
    version: 13,
    name: 'failed and pending messages',
    // The message log's status filter walks an application's failed or pending dispatches, few
    // among many, in message order, instead of every message until a page is found. Delivered
    // and canceled tasks, most of them, are in neither.
    sql: `
      CREATE INDEX tasks_app_failed ON tasks (app_id, msg_id) WHERE status = 2;
      CREATE INDEX tasks_app_pending ON tasks (app_id, msg_id) WHERE status = 1;
    `,
  },
  {
    version: 14,
    name: "an endpoint's failed and pending messages, its dispatches by time",
    // What a portal session may ask again and again of one endpoint costs the page or the window,
    // never the endpoint's whole history: its failed or pending dispatches in message order (the
    // message log filtered by status at one endpoint, as schema 13 does for the application), and
    // its dispatches by creation time with all that the stats count (windowed stats, the series).
    // The pending one holds when each is tried next, so that it alone answers the page (without
    // it SQLite prefers walking every pending dispatch of every endpoint in tasks_pair_order).
    sql: `
      CREATE INDEX tasks_endpoint_failed ON tasks (endpoint_id, msg_id) WHERE status = 2;
      CREATE INDEX tasks_endpoint_pending ON tasks (endpoint_id, msg_id, next_attempt_at) WHERE status = 1;
      CREATE INDEX tasks_endpoint_created ON tasks (endpoint_id, created_at, status, lease_until);
    `,
  },
  {
    version: 15,
    name: 'background tasks',
    // Recoveries and replays, done batch by batch (delivery/background-tasks.ts). The runner
    // takes the running task whose batch is longest ago (running_turns), so every running task
    // gets its turn; an application's running tasks are counted before one is added (app_running);
    // the vendor's list pages by id, all of them or those of one status or kind; the retention
    // cleaner walks those that ended in the order they did (ended).
    sql: `
      CREATE TABLE background_tasks (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        task TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        lease_until INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX background_tasks_running_turns ON background_tasks (updated_at, id) WHERE status = 'running';
      CREATE INDEX background_tasks_app_running ON background_tasks (app_id) WHERE status = 'running';
      CREATE INDEX background_tasks_status ON background_tasks (status, id);
      CREATE INDEX background_tasks_task ON background_tasks (task, id);
      CREATE INDEX background_tasks_ended ON background_tasks (updated_at) WHERE status <> 'running';
    `,
  },
  {
    version: 16,
    name: 'retention',
    // A message's payload is kept until payload_expires_at (its own retention, else the
    // deployment's), then removed: the column is NOT NULL, so a removed payload is the empty
    // text, which no accepted payload (a JSON object) can be. Messages written before this
    // version keep Svix's default, 90 days. Each index serves one step of the cleaner
    // (delivery/retention.ts) as a walk in expiry order, over the rows that step may still
    // touch: payloads still held, messages whose payload is gone, expired keys, revocations,
    // connect sessions and revoked tokens. A stored answer to an Idempotency-Key names what it
    // answered with (`ref`, a message's id), so a payload it repeats is removed with the message's.
    sql: `
      ALTER TABLE messages ADD COLUMN payload_expires_at INTEGER NOT NULL DEFAULT 0;
      UPDATE messages SET payload_expires_at = timestamp + 7776000000;
      CREATE INDEX messages_payload_expiry ON messages (payload_expires_at) WHERE payload <> '';
      CREATE INDEX messages_removed ON messages (timestamp) WHERE payload = '';
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
      CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);
      CREATE INDEX portal_revocations_issued ON portal_revocations (issued_before);
      CREATE INDEX connect_sessions_expiry ON connect_sessions (expires_at);
      ALTER TABLE idempotency_keys ADD COLUMN ref TEXT;
      CREATE INDEX idempotency_keys_ref ON idempotency_keys (ref) WHERE ref IS NOT NULL;
    `,
  },
  {
    version: 17,
    name: 'scheduled messages',
    // When a message is to be delivered (Svix's deliverAt); its dispatches are due then. NULL: at once.
    sql: `
      ALTER TABLE messages ADD COLUMN deliver_at INTEGER;
    `,
  },
  {
    version: 18,
    name: 'operational webhooks',
    // The internal application whose endpoints are the operational webhook endpoints and whose
    // messages are operational events (model.ts, OPERATIONAL_APP_ID): no uid, no app_ prefix, so no
    // application route can name it, and the application list leaves it out.
    sql: `
      INSERT INTO applications (id, uid, name, throttle_rate, metadata, created_at, updated_at)
        VALUES ('operational', NULL, 'Operational webhooks', NULL, '{}', 0, 0);
    `,
  },
  {
    version: 19,
    name: 'integrations',
    // Svix's integrations of an application, gone with it. The key is sealed with the cipher
    // (crypto/cipher.ts, bound to the integration's id), never stored in clear; the list pages by id.
    sql: `
      CREATE TABLE integrations (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        feature_flags TEXT NOT NULL,
        key_ciphertext TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX integrations_app ON integrations (app_id, id);
    `,
  },
  {
    version: 20,
    name: 'api keys',
    // Vendor API keys beside PATCHBAY_API_KEY: only the SHA-256 of each (random, 256 bits, so a
    // plain digest is enough), looked up by it on every request; a revoked key keeps its row.
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
    `,
  },
  {
    version: 21,
    name: 'vendor-wide background tasks',
    // Svix's statistics tasks (application.stats, event-type.aggregate) belong to no application:
    // their app_id is NULL. A column's NOT NULL cannot be dropped in SQLite, so the table is made
    // again (nothing references it) with the same indexes; app_running counts the vendor-wide
    // ones under NULL too. The application list's exclude_apps_with_disabled_endpoints asks
    // whether an application has an enabled endpoint (endpoints_app_enabled).
    sql: `
      CREATE TABLE background_tasks_v21 (
        id TEXT PRIMARY KEY,
        app_id TEXT REFERENCES applications(id) ON DELETE CASCADE,
        task TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        lease_until INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO background_tasks_v21 (id, app_id, task, status, data, lease_until, created_at, updated_at)
        SELECT id, app_id, task, status, data, lease_until, created_at, updated_at FROM background_tasks;
      DROP TABLE background_tasks;
      ALTER TABLE background_tasks_v21 RENAME TO background_tasks;
      CREATE INDEX background_tasks_running_turns ON background_tasks (updated_at, id) WHERE status = 'running';
      CREATE INDEX background_tasks_app_running ON background_tasks (app_id) WHERE status = 'running';
      CREATE INDEX background_tasks_status ON background_tasks (status, id);
      CREATE INDEX background_tasks_task ON background_tasks (task, id);
      CREATE INDEX background_tasks_ended ON background_tasks (updated_at) WHERE status <> 'running';
      CREATE INDEX endpoints_app_enabled ON endpoints (app_id) WHERE disabled = 0 AND draft = 0;
    `,
  },
  {
    version: 22,
    name: 'transformation versions',
    // Every code an endpoint's transformation was saved with, newest last (ids sort by time), so
    // a customer can see what changed and go back; the domain keeps the last few per endpoint.
    sql: `
      CREATE TABLE transformation_versions (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX transformation_versions_endpoint ON transformation_versions (endpoint_id, id);
    `,
  },
  {
    version: 23,
    name: 'endpoint filters',
    // The endpoint's payload filter as JSON Logic text; NULL: every message it subscribes to.
    sql: 'ALTER TABLE endpoints ADD COLUMN filter TEXT;',
  },
];

/**
 * Applies, in order and each in its own transaction, every migration newer than the database.
 * Processes starting together take turns, so each migration runs once.
 */
export async function migrate(db: SqlDatabase, list: readonly Migration[] = migrations): Promise<number[]> {
  assertOrdered(list);
  return db.exclusive(() => migrateNow(db, list));
}

async function migrateNow(db: SqlDatabase, list: readonly Migration[]): Promise<number[]> {
  await db.exec(
    db.dialect.schema(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    ),
  );
  const row = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  const current = row?.version ?? 0;
  const known = list.at(-1)?.version ?? 0;
  if (current > known) {
    throw new Error(
      `The database is at schema version ${current}, newer than this Patchbay (${known}); upgrade Patchbay`,
    );
  }
  const applied: number[] = [];
  for (const migration of list.filter((m) => m.version > current)) {
    await db.transaction(async (tx) => {
      await tx.exec(db.dialect.schema(migration.sql));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
    applied.push(migration.version);
  }
  return applied;
}

function assertOrdered(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration "${m.name}" has version ${m.version}; expected ${i + 1}`);
  });
}
