export { type AppDeps, createApp } from './app.ts';
export { CATALOG } from './catalog/catalog.ts';
export { type Config, ConfigError, loadConfig } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export { createPatchbay, type Patchbay } from './patchbay.ts';
export { type RunningServer, serve } from './server.ts';
