import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unknownInConfig } from '../src/catalog/catalog.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

const KEY = 'k'.repeat(32);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({}, { cwd: '/srv/patchbay' });
    assert.deepEqual(config, {
      host: '127.0.0.1',
      port: 8787,
      database: { kind: 'sqlite', path: '/srv/patchbay/data/patchbay.db' },
      role: 'all',
      apiKey: undefined,
      publicUrl: 'http://localhost:8787',
      embedOrigins: ['http://localhost:8787'],
      logLevel: 'info',
      bodyLimitBytes: 1048576,
      transform: { timeoutMs: 50, memoryMb: 32 },
      appRateLimits: { queue: 60, simulate: 120, connect: 60, manage: 120 },
      delivery: {
        allowPrivateNetworks: false,
        privateOrigins: [],
        retrySchedule: [5, 300, 1800, 7200, 18000, 36000, 36000],
        concurrency: 64,
        perEndpointConcurrency: 32,
        timeoutMs: 15000,
        disableAfterMs: 120 * 3_600_000,
        operationalWebhook: null,
        retentionMs: 90 * 86_400_000,
      },
      encryptionKeys: null,
      oauth: {},
      serviceBaseUrls: {},
      portal: { frameAncestors: ['*'], look: {}, scriptUrl: null },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '0',
        PATCHBAY_DATABASE: 'sqlite:/tmp/x.db',
        PATCHBAY_API_KEY: KEY,
        PATCHBAY_PUBLIC_URL: 'https://hooks.example.com/',
        LOG_LEVEL: 'warn',
        PATCHBAY_BODY_LIMIT_BYTES: '2097152',
        PATCHBAY_APP_QUEUE_PER_MINUTE: '10',
        PATCHBAY_APP_SIMULATE_PER_MINUTE: '20',
        PATCHBAY_APP_CONNECT_PER_MINUTE: '30',
        PATCHBAY_APP_MANAGE_PER_MINUTE: '40',
      },
      { requireApiKey: true },
    );
    assert.deepEqual(config.appRateLimits, { queue: 10, simulate: 20, connect: 30, manage: 40 });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 0);
    assert.deepEqual(config.database, { kind: 'sqlite', path: '/tmp/x.db' });
    assert.equal(config.role, 'all');
    assert.equal(config.apiKey, KEY);
    assert.equal(config.publicUrl, 'https://hooks.example.com');
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.bodyLimitBytes, 2_097_152);
  });

  it('collects every problem into one clear error', () => {
    assert.throws(
      () =>
        loadConfig(
          {
            PORT: '80a',
            PATCHBAY_DATABASE: 'mysql://x',
            PATCHBAY_PUBLIC_URL: 'ftp://x',
            LOG_LEVEL: 'loud',
            PATCHBAY_BODY_LIMIT_BYTES: '12',
          },
          { requireApiKey: true },
        ),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 6);
        assert.match(err.message, /PATCHBAY_BODY_LIMIT_BYTES must be an integer/);
        assert.match(err.message, /PORT must be an integer/);
        assert.match(err.message, /PATCHBAY_DATABASE must be sqlite/);
        assert.match(err.message, /PATCHBAY_API_KEY is required/);
        assert.match(err.message, /PATCHBAY_PUBLIC_URL must be an absolute http\(s\) URL/);
        assert.match(err.message, /LOG_LEVEL must be one of/);
        return true;
      },
    );
  });

  it('reads the delivery settings and refuses bad ones', () => {
    const config = loadConfig({
      PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
      PATCHBAY_RETRY_SCHEDULE: '1, 10,100',
      PATCHBAY_OPERATIONAL_WEBHOOK_URL: 'https://ops.example.com/hooks',
      PATCHBAY_OPERATIONAL_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    assert.equal(config.delivery.allowPrivateNetworks, true);
    assert.deepEqual(config.delivery.retrySchedule, [1, 10, 100]);
    assert.deepEqual(config.delivery.operationalWebhook, {
      url: 'https://ops.example.com/hooks',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    assert.throws(() => loadConfig({ PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'yes' }), /must be true or false/);
    assert.deepEqual(
      loadConfig({ PATCHBAY_ALLOW_PRIVATE_ORIGINS: 'http://127.0.0.1:4010, http://10.0.0.5:8000/' }).delivery
        .privateOrigins,
      ['http://127.0.0.1:4010', 'http://10.0.0.5:8000'],
    );
    assert.deepEqual(loadConfig({}).delivery.privateOrigins, []);
    assert.throws(
      () => loadConfig({ PATCHBAY_ALLOW_PRIVATE_ORIGINS: 'http://127.0.0.1:4010/hooks' }),
      /PATCHBAY_ALLOW_PRIVATE_ORIGINS must list origins like http:\/\/127\.0\.0\.1:4010; got "http:\/\/127\.0\.0\.1:4010\/hooks"/,
    );
    assert.throws(() => loadConfig({ PATCHBAY_RETRY_SCHEDULE: '5,soon' }), /PATCHBAY_RETRY_SCHEDULE must list/);
    assert.throws(
      () => loadConfig({ PATCHBAY_OPERATIONAL_WEBHOOK_URL: 'https://x.example' }),
      /must be a whsec_ secret/,
    );
  });

  it('reads the retention in days, decimals allowed, and refuses anything else', () => {
    assert.equal(loadConfig({}).delivery.retentionMs, 90 * 86_400_000);
    assert.equal(loadConfig({ PATCHBAY_RETENTION_DAYS: '7' }).delivery.retentionMs, 7 * 86_400_000);
    assert.equal(loadConfig({ PATCHBAY_RETENTION_DAYS: '0.0005' }).delivery.retentionMs, 43_200);
    for (const bad of ['0', '-1', 'soon', '1e3', '3651', '.5']) {
      assert.throws(
        () => loadConfig({ PATCHBAY_RETENTION_DAYS: bad }),
        (err: Error) =>
          err.message.includes('PATCHBAY_RETENTION_DAYS must be a number of days above 0') &&
          err.message.includes(`got "${bad}"`),
      );
    }
  });

  it('reads the encryption keys, the OAuth apps and the service base URLs', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const old = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({
      PATCHBAY_ENCRYPTION_KEY: key,
      PATCHBAY_ENCRYPTION_KEYS_PREVIOUS: old,
      PATCHBAY_SLACK_CLIENT_ID: 'id',
      PATCHBAY_SLACK_CLIENT_SECRET: 'secret',
      PATCHBAY_HUBSPOT_BASE_URL: 'http://127.0.0.1:4001/',
    });
    assert.deepEqual(config.encryptionKeys, [Buffer.alloc(32, 7), Buffer.alloc(32, 9)]);
    assert.deepEqual(config.oauth, { slack: { clientId: 'id', clientSecret: 'secret' } });
    assert.deepEqual(config.serviceBaseUrls, { HUBSPOT: 'http://127.0.0.1:4001' });
    assert.throws(() => loadConfig({ PATCHBAY_ENCRYPTION_KEY: 'c2hvcnQ=' }), /base64 of 32 bytes/);
    assert.throws(() => loadConfig({ PATCHBAY_DISCORD_CLIENT_ID: 'id' }), /go together/);
    assert.throws(() => loadConfig({ PATCHBAY_SLACK_BASE_URL: 'http://x/path' }), /must be an origin/);
  });

  it('reads any service base URL and OAuth app, and names those no connector kind declares', () => {
    const config = loadConfig({
      PATCHBAY_SLACK_BASE_URL: 'http://127.0.0.1:4001',
      PATCHBAY_SLAK_BASE_URL: 'http://127.0.0.1:4002',
      PATCHBAY_HUBSPOT_CLIENT_ID: 'id',
      PATCHBAY_HUBSPOT_CLIENT_SECRET: 'secret',
      PATCHBAY_HUBSPOTT_CLIENT_ID: 'id',
      PATCHBAY_HUBSPOTT_CLIENT_SECRET: 'secret',
    });
    assert.deepEqual(unknownInConfig(config), ['PATCHBAY_SLAK_BASE_URL', 'PATCHBAY_HUBSPOTT_CLIENT_ID']);
  });

  it("takes the embedding origins, the public URL's by default, and refuses anything but origins", () => {
    assert.deepEqual(loadConfig({ PATCHBAY_PUBLIC_URL: 'https://hooks.example.com/patchbay' }).embedOrigins, [
      'https://hooks.example.com',
    ]);
    assert.deepEqual(
      loadConfig({ PATCHBAY_EMBED_ORIGINS: 'https://App.Example.com/, http://localhost:5173,https://app.example.com' })
        .embedOrigins,
      // The public URL's too: the App Portal page is there.
      ['https://app.example.com', 'http://localhost:5173', 'http://localhost:8787'],
    );
    for (const bad of [
      '*',
      'null',
      'https://*.example.com',
      'https://app.example.com/embed',
      'ftp://x',
      'app.example.com',
    ]) {
      assert.throws(
        () => loadConfig({ PATCHBAY_EMBED_ORIGINS: `https://ok.example,${bad}` }),
        (err: Error) => err.message.includes(`PATCHBAY_EMBED_ORIGINS must list origins`) && err.message.includes(bad),
        bad,
      );
    }
  });

  it('refuses a short API key', () => {
    assert.throws(() => loadConfig({ PATCHBAY_API_KEY: 'short' }), /at least 16 characters/);
  });

  it('takes PostgreSQL with a shared encryption key, and a role', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({
      PATCHBAY_DATABASE: 'postgres://patchbay:s3cret@db.internal:5432/patchbay',
      PATCHBAY_DATABASE_POOL_SIZE: '20',
      PATCHBAY_ENCRYPTION_KEY: key,
      PATCHBAY_ROLE: 'worker',
    });
    assert.deepEqual(config.database, {
      kind: 'postgres',
      url: 'postgres://patchbay:s3cret@db.internal:5432/patchbay',
      poolSize: 20,
    });
    assert.equal(config.role, 'worker');
    assert.throws(
      () => loadConfig({ PATCHBAY_DATABASE: 'postgres://db/patchbay' }),
      /PATCHBAY_ENCRYPTION_KEY is required with PostgreSQL/,
    );
    assert.throws(() => loadConfig({ PATCHBAY_ROLE: 'both' }), /PATCHBAY_ROLE must be one of api, worker, all/);
    assert.throws(
      () => loadConfig({ PATCHBAY_DATABASE: 'postgres://a:s3cret@[bad/x', PATCHBAY_ENCRYPTION_KEY: key }),
      (err: Error) => /not a valid postgres/.test(err.message) && !err.message.includes('s3cret'),
      'the URL, with its password, is not repeated in the error',
    );
    assert.throws(
      () => loadConfig({ PATCHBAY_DATABASE: 'postgress://a:s3cret@db/x' }),
      (err: Error) => /got "postgress:…"/.test(err.message) && !err.message.includes('s3cret'),
      'nor is a mistyped one',
    );
  });
});
