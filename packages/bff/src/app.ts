import express, { type Express } from 'express';
import { errorMiddleware, notFound } from './api/error-middleware.ts';
import { healthRoutes } from './api/health.ts';
import { portalRoutes } from './api/portal-routes.ts';
import { requestContext } from './api/request-context.ts';
import { requireVendorKey } from './api/vendor-auth.ts';
import type { Logger } from './logger.ts';
import type { SqliteDatabase } from './store/sqlite/database.ts';

export interface AppDeps {
  logger: Logger;
  db: SqliteDatabase;
  apiKey: string;
  /** Largest accepted JSON body; Svix accepts payloads up to 1 MiB. */
  bodyLimitBytes?: number;
}

/** Builds the HTTP application. It never listens: `main.ts` or a vendor's own server does. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestContext(deps.logger));
  app.use(express.json({ limit: deps.bodyLimitBytes ?? 1024 * 1024 }));

  app.use(healthRoutes(deps.db));
  app.use('/portal/v1', portalRoutes());
  app.use('/api/v1', requireVendorKey(deps.apiKey));

  app.use(notFound);
  app.use(errorMiddleware);
  return app;
}
