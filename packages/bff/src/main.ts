import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createPatchbay } from './patchbay.ts';
import { serve } from './server.ts';

// `npm run serve`: the BFF alone, in the foreground, JSON logs on stdout.
function configOrExit(): Config {
  try {
    return loadConfig(process.env, { requireApiKey: true });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`patchbay: ${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

const config = configOrExit();

const logger = createLogger(config.logLevel);
const patchbay = await createPatchbay(config, logger).catch((err: unknown) => {
  // Most often the database: unreachable, refused credentials, or a schema newer than this code.
  logger.fatal({ err }, 'could not start');
  process.exit(69); // EX_UNAVAILABLE
});
const server = await serve(patchbay.router, config.port, logger, config.host);
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
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
