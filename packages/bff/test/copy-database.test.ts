import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DatabaseConfig } from '../src/config.ts';
import type { Application } from '../src/model.ts';
import { OPERATIONAL_APP_ID, TriggerType } from '../src/model.ts';
import { openDatabase } from '../src/store/open.ts';
import { CopyRefused, copyDatabase, TABLES } from '../src/store/sql/copy.ts';
import type { SqlDatabase } from '../src/store/sql/database.ts';
import { migrations } from '../src/store/sql/migrations.ts';
import { sqlStore } from '../src/store/sql/store.ts';
import { freshDatabase, postgresSuite } from './postgres.ts';
import { storeFixtures } from './store-contract.ts';

const copyCli = new URL('../src/copy-database.ts', import.meta.url).pathname;

/** A row or more in every table, written through the store as Patchbay writes them. */
async function populate(db: SqlDatabase): Promise<void> {
  const store = sqlStore(db);
  const { tick, makeApp, makeEndpoint, makeMessage, makeConnector, makeConnectSession } = storeFixtures();
  const app = makeApp('acme');
  await store.applications.insert(app);
  const now = tick();
  await store.eventTypes.insert({
    name: 'invoice.created',
    description: 'An invoice was created',
    archived: false,
    deprecated: false,
    schemas: { '1': { type: 'object' } },
    groupName: 'invoices',
    featureFlags: null,
    createdAt: now,
    updatedAt: now,
  });
  await store.connectors.insert(
    makeConnector({
      id: 'trtmpl_copy1',
      uid: 'custom',
      name: 'Custom',
      description: 'Any URL',
      kind: 'Custom',
      allowedEventTypes: null,
      defaultUrl: 'https://example.com/',
      authenticationMethod: 'HttpBearer',
    }),
  );
  const endpoint = { ...makeEndpoint(app, 'main'), eventTypes: null, connectorId: 'trtmpl_copy1' };
  await store.endpoints.insert(endpoint);
  for (let i = 0; i < 5; i++) {
    const message = makeMessage(app, { tags: ['t'], channels: ['eu'], transformationsParams: { i } });
    await store.messages.insert(message);
    await store.queue.fanOut(message, tick());
  }
  const [task] = await store.queue.claim({ now: tick(), limit: 1, leaseMs: 1000, perEndpoint: 1 });
  assert.ok(task);
  await store.attempts.insert({
    id: 'atmpt_copy1',
    appId: app.id,
    msgId: task.msgId,
    endpointId: endpoint.id,
    url: endpoint.url,
    response: 'ok',
    responseStatusCode: 200,
    responseDurationMs: 12,
    status: 0,
    triggerType: TriggerType.Scheduled,
    timestamp: tick(),
    taskId: task.id,
    attemptNumber: 1,
    request: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      bodyTruncated: false,
    },
    responseHeaders: { 'content-type': 'text/plain' },
  });
  await store.queue.finish(task, 0, 1, tick());
  await store.throttle.take(endpoint.id, 5, tick());
  await store.credentials.put({
    endpointId: endpoint.id,
    kind: 'Custom',
    ciphertext: 'sealed',
    hint: { token: '••••abcd' },
    updatedAt: tick(),
  });
  await store.connectSessions.insert(
    makeConnectSession(app, { id: 'cs_copy1', connectorId: 'trtmpl_copy1', origin: 'https://acme.example' }),
  );
  await store.idempotency.begin('vendor', 'key-1', 'fp', tick(), {
    expiresAt: new Date(Date.now() + 3_600_000),
    abandonedBefore: new Date(0),
  });
  await store.idempotency.complete('vendor', 'key-1', 201, '{"id":"x"}', 'x');
  await store.portalKeys.insert({
    kid: 'own-1',
    alg: 'EdDSA',
    publicJwk: { x: 'pub' },
    privateJwk: { sealed: 'priv' },
    issuer: null,
    createdAt: tick(),
  });
  await store.revocations.insert({ appId: app.id, sessionId: null, issuedBefore: tick(), effectiveAt: tick() });
  await store.revocations.revokeToken('jti-1', tick());
  const started = tick();
  await store.backgroundTasks.insert(
    {
      id: 'qtask_copy1',
      appId: app.id,
      task: 'endpoint.replay',
      status: 'running',
      data: { endpointId: endpoint.id, messagesSent: 2, cursor: 'msg_x' },
      leaseUntil: null,
      createdAt: started,
      updatedAt: started,
    },
    3,
  );
  await store.integrations.insert({
    id: 'integ_copy1',
    appId: app.id,
    name: 'Zapier',
    featureFlags: ['beta'],
    keyCiphertext: 'sealed',
    createdAt: tick(),
    updatedAt: tick(),
  });
  await store.apiKeys.insert({ id: 'key_copy1', name: 'ci', hash: 'f'.repeat(64), createdAt: tick(), revokedAt: null });
  await store.transformationVersions.insert(
    {
      id: 'trver_copy1',
      appId: app.id,
      endpointId: endpoint.id,
      code: 'function handler(w) { return w; }',
      author: 'vendor',
      createdAt: tick(),
    },
    50,
  );
}

async function dump(db: SqlDatabase): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const { name, key } of TABLES) {
    const order = key.length ? key : ['app_id', 'issued_before'];
    tables[name] = await db.all(`SELECT * FROM ${name} ORDER BY ${order.join(', ')}`);
  }
  return tables;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [copyCli, ...args], { env: { PATH: process.env.PATH } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

describe('copying a database (npm run copy-database)', () => {
  let dir: string;
  let source: Extract<DatabaseConfig, { kind: 'sqlite' }>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-copy-'));
    source = { kind: 'sqlite', path: path.join(dir, 'source.db') };
    const db = await openDatabase(source);
    await populate(db);
    await db.close();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('knows every table the migrations create', () => {
    // In migration order: what is made, and what a table made again (migration 21) drops and renames.
    const tables = new Set<string>();
    for (const m of migrations) {
      for (const [, created, dropped, from, to] of m.sql.matchAll(
        /CREATE TABLE (\w+)|DROP TABLE (\w+)|ALTER TABLE (\w+) RENAME TO (\w+)/g,
      )) {
        if (created) tables.add(created);
        if (dropped) tables.delete(dropped);
        if (from && to) {
          tables.delete(from);
          tables.add(to);
        }
      }
    }
    assert.deepEqual(TABLES.map((t) => t.name).sort(), [...tables].sort());
  });

  /** Copies the source into `target` and checks that every row of every table arrived as it was. */
  async function copiesEverything(target: DatabaseConfig) {
    const [from, to] = [await openDatabase(source), await openDatabase(target)];
    try {
      const before = await dump(from);
      for (const [table, rows] of Object.entries(before)) assert.ok(rows.length > 0, `the source has rows in ${table}`);
      const copied = await copyDatabase(from, to);
      assert.deepEqual(copied, Object.fromEntries(Object.entries(before).map(([table, rows]) => [table, rows.length])));
      assert.deepEqual(await dump(to), before);

      await assert.rejects(copyDatabase(from, to), CopyRefused, 'a second copy into a non-empty target is refused');

      const store = sqlStore(to);
      const app = await store.applications.get('acme');
      assert.ok(app);
      const message = (await store.messages.list(app.id, { limit: 1, order: 'ascending' })).data[0]?.message;
      assert.ok(message);
      const [endpoint] = (await store.endpoints.list(app.id, { limit: 1, order: 'ascending' })).data;
      assert.ok(endpoint);
      await store.queue.enqueue(
        [{ appId: app.id, msgId: message.id, endpointId: endpoint.id, triggerType: 1, nextAttemptAt: new Date() }],
        new Date(),
      );
      const ids = (await to.all<{ id: number }>('SELECT id FROM tasks ORDER BY id')).map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'a task queued after the copy gets an id of its own');
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  }

  it('copies every row of every table into another SQLite file, and refuses a non-empty target', () =>
    copiesEverything({ kind: 'sqlite', path: path.join(dir, 'copy.db') }));

  it('refuses a target whose only rows are an operational webhook endpoint, and leaves it there', async () => {
    const [from, to] = [
      await openDatabase(source),
      await openDatabase({ kind: 'sqlite', path: path.join(dir, 'ops.db') }),
    ];
    try {
      const { makeEndpoint } = storeFixtures();
      const seeded = makeEndpoint({ id: OPERATIONAL_APP_ID } as Application, 'patchbay-configured');
      await sqlStore(to).endpoints.insert(seeded);
      await assert.rejects(copyDatabase(from, to), /table endpoints has rows/);
      assert.ok(await sqlStore(to).endpoints.get(OPERATIONAL_APP_ID, seeded.id), 'the seeded endpoint stays');
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });

  it('runs from the command line, and says what is wrong with its arguments', async () => {
    const target = `sqlite:${path.join(dir, 'cli.db')}`;
    const ok = await runCli([`sqlite:${source.path}`, target]);
    assert.equal(ok.code, 0, ok.stderr);
    // The vendor's application and the operational webhooks' internal one (migration 18).
    assert.match(ok.stdout, /^applications: 2$/m);
    assert.match(ok.stdout, /^tasks: 5$/m);
    const again = await runCli([`sqlite:${source.path}`, target]);
    assert.equal(again.code, 65);
    assert.match(again.stderr, /refused: the target is not empty: table applications has rows; nothing was copied/);
    assert.equal((await runCli([])).code, 64);
    const missing = await runCli([`sqlite:${path.join(dir, 'nope.db')}`, target]);
    assert.equal(missing.code, 66);
    assert.match(missing.stderr, /no SQLite database at/);
  });

  describe('into PostgreSQL', postgresSuite, () => {
    let schema: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      schema = await freshDatabase();
    });
    after(() => schema.drop());

    it('copies every row of every table, and the queue goes on numbering after the copied tasks', () =>
      copiesEverything({ kind: 'postgres', url: schema.url, poolSize: 2 }));
  });
});
