import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Express } from 'express';
import { Registry } from 'prom-client';
import { createApp } from './app.ts';
import { unknownInConfig } from './catalog/catalog.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { Cipher } from './crypto/cipher.ts';
import { loadOrCreateKeyFile } from './crypto/encryption-key.ts';
import { createDeliveryEngine } from './delivery/engine.ts';
import { createOperationalWebhooks } from './domain/operational-webhooks.ts';
import { createLogger, type Logger } from './logger.ts';
import { openStore } from './store/open.ts';
import { TransformService } from './transform/service.ts';

export interface Patchbay {
  /** Mount it (`app.use('/patchbay', patchbay.router)`) or listen on it directly. */
  router: Express;
  logger: Logger;
  /** Starts delivering (and sweeping abandoned drafts, running background tasks, cleaning what is past its retention), unless the process's role is `api`. */
  startWorker(): void;
  /**
   * Stops the worker (in-flight deliveries get until the deadline), then ends the sandbox processes
   * and closes the database; call after the HTTP server has stopped taking requests.
   */
  close(deadlineMs?: number): Promise<void>;
}

/** Opens and migrates the database and wires the application: everything but listening. */
export async function createPatchbay(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<Patchbay> {
  if (!config.apiKey) throw new Error('createPatchbay needs config.apiKey (PATCHBAY_API_KEY)');
  const unknown = unknownInConfig(config);
  if (unknown.length)
    logger.warn({ variables: unknown }, 'no connector kind has these services or OAuth apps: ignored');
  const cipher = new Cipher(await encryptionKeys(config, logger));
  const store = await openStore(config.database);
  const transforms = new TransformService({ logger, limits: config.transform });
  const metrics = new Registry();
  const delivery = createDeliveryEngine({
    store,
    clock: systemClock,
    logger,
    transforms,
    metrics,
    config: config.delivery,
    cipher,
    oauth: config.oauth,
    serviceBaseUrls: config.serviceBaseUrls,
  });
  const operational = config.delivery.operationalWebhook;
  if (operational) await createOperationalWebhooks({ store, clock: systemClock }).seed(operational);
  const router = createApp({
    logger,
    store,
    transforms,
    metrics,
    cipher,
    oauth: config.oauth,
    delivery: { ...delivery, wake: () => delivery.worker.notify() },
    apiKey: config.apiKey,
    publicUrl: config.publicUrl,
    embedOrigins: config.embedOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    serveApi: config.role !== 'worker',
    appRateLimits: config.appRateLimits,
    portal: config.portal,
  });
  return {
    router,
    logger,
    startWorker: () => {
      if (config.role !== 'api') {
        delivery.worker.start();
        delivery.housekeeping.start();
        delivery.tasks.start();
        delivery.retention.start();
      }
    },
    async close(deadlineMs?: number) {
      await delivery.close(deadlineMs);
      await transforms.close();
      await store.close();
    },
  };
}

/** The configured keys, or one kept beside the database (made once, with a warning). */
export async function encryptionKeys(config: Config, logger: Logger): Promise<Buffer[]> {
  if (config.encryptionKeys) return config.encryptionKeys;
  if (config.database.kind !== 'sqlite') {
    // loadConfig refuses PostgreSQL without a key; reaching here is a caller's mistake.
    throw new Error('PostgreSQL needs config.encryptionKeys (PATCHBAY_ENCRYPTION_KEY)');
  }
  if (config.database.path === ':memory:') {
    logger.warn('no PATCHBAY_ENCRYPTION_KEY: using a throw-away key, fine for an in-memory database only');
    return [randomBytes(32)];
  }
  const { key, created, file } = await loadOrCreateKeyFile(path.dirname(config.database.path));
  if (created) {
    logger.warn(
      { file },
      'no PATCHBAY_ENCRYPTION_KEY: generated one beside the database; set the variable from a secret store in production',
    );
  }
  return [key];
}
