import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createPatchbay } from '../patchbay.ts';
import { serve } from '../server.ts';
import { CommandError, type Env, EXIT, reason } from './command.ts';

/**
 * `patchbay serve`: the BFF alone, in the foreground, JSON logs on stdout. Resolves once it
 * listens; SIGTERM or SIGINT stop it and end the process.
 */
export async function serveCommand(env: Env): Promise<void> {
  const config = loadConfig(env, { requireApiKey: true });
  const logger = createLogger(config.logLevel);
  const patchbay = await createPatchbay(config, logger).catch((err: unknown) => {
    // Most often the database: unreachable, refused credentials, or a schema newer than this code.
    logger.fatal({ err }, 'could not start');
    throw new CommandError('could not start; the log line above says why', EXIT.unavailable);
  });
  const server = await serve(patchbay.router, config.port, logger, config.host).catch(async (err: unknown) => {
    await patchbay.close();
    throw new CommandError(`could not listen on ${config.host}:${config.port}: ${reason(err)}`, EXIT.unavailable);
  });
  patchbay.startWorker();
  logger.info({ url: server.url, publicUrl: config.publicUrl, role: config.role }, 'patchbay listening');

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await patchbay.close();
    logger.info('stopped');
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => process.exit(EXIT.ok),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
