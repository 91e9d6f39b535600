import type { Express } from 'express';
import { createApp } from './app.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { createDelivery } from './delivery/delivery.ts';
import { createLogger, type Logger } from './logger.ts';
import { Metrics } from './metrics.ts';
import { openSqliteStore } from './store/sqlite/store.ts';
import { TransformEngine } from './transform/engine.ts';

export interface Patchbay {
  /** Mount it (`app.use('/patchbay', patchbay.router)`) or listen on it directly. */
  router: Express;
  logger: Logger;
  /** Starts delivering (a process may also serve the API only). */
  startWorker(): void;
  /**
   * Stops the worker (in-flight deliveries get until the deadline), then closes the sandbox and
   * the database; call after the HTTP server has stopped taking requests.
   */
  close(deadlineMs?: number): Promise<void>;
}

/** Opens and migrates the database and wires the application: everything but listening. */
export async function createPatchbay(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<Patchbay> {
  if (!config.apiKey) throw new Error('createPatchbay needs config.apiKey (PATCHBAY_API_KEY)');
  const store = await openSqliteStore(config.database.path);
  const transforms = new TransformEngine({ logger, limits: config.transform });
  const metrics = new Metrics();
  const delivery = createDelivery({ store, clock: systemClock, logger, transforms, metrics, config: config.delivery });
  const router = createApp({
    logger,
    store,
    transforms,
    metrics,
    delivery: { wake: () => delivery.worker.notify(), checkDestination: delivery.checkDestination },
    apiKey: config.apiKey,
    publicUrl: config.publicUrl,
    bodyLimitBytes: config.bodyLimitBytes,
  });
  return {
    router,
    logger,
    startWorker: () => delivery.worker.start(),
    async close(deadlineMs?: number) {
      await delivery.close(deadlineMs);
      transforms.close();
      await store.close();
    },
  };
}
