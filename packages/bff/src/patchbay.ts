import type { Express } from 'express';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { SqliteDatabase } from './store/sqlite/database.ts';
import { migrate } from './store/sqlite/migrations.ts';

export interface Patchbay {
  /** Mount it (`app.use('/patchbay', patchbay.router)`) or listen on it directly. */
  router: Express;
  logger: Logger;
  /** Closes the database; call after the HTTP server has stopped taking requests. */
  close(): Promise<void>;
}

/** Opens and migrates the database and wires the application: everything but listening. */
export async function createPatchbay(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<Patchbay> {
  if (!config.apiKey) throw new Error('createPatchbay needs config.apiKey (PATCHBAY_API_KEY)');
  const db = await SqliteDatabase.open(config.database.path);
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } catch (err) {
    await db.close();
    throw err;
  }
  const router = createApp({ logger, db, apiKey: config.apiKey });
  return { router, logger, close: () => db.close() };
}
