import type { Express } from 'express';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { openSqliteStore } from './store/sqlite/store.ts';
import { TransformEngine } from './transform/engine.ts';

export interface Patchbay {
  /** Mount it (`app.use('/patchbay', patchbay.router)`) or listen on it directly. */
  router: Express;
  logger: Logger;
  /** Closes the database and the sandbox; call after the HTTP server has stopped taking requests. */
  close(): Promise<void>;
}

/** Opens and migrates the database and wires the application: everything but listening. */
export async function createPatchbay(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<Patchbay> {
  if (!config.apiKey) throw new Error('createPatchbay needs config.apiKey (PATCHBAY_API_KEY)');
  const store = await openSqliteStore(config.database.path);
  const transforms = new TransformEngine({ logger, limits: config.transform });
  const router = createApp({
    logger,
    store,
    transforms,
    apiKey: config.apiKey,
    publicUrl: config.publicUrl,
    bodyLimitBytes: config.bodyLimitBytes,
  });
  return {
    router,
    logger,
    async close() {
      transforms.close();
      await store.close();
    },
  };
}
