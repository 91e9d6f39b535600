import { type Request, type Response, Router } from 'express';
import type { Store } from '../store/types.ts';

/**
 * `GET /health` (200 `{status: 'ok'}`, what probes, the Dockerfile and workers use) and, with the
 * API, Svix's `GET /api/v1/health` (204, no credentials, as the SDKs' `health.get()` expects);
 * both 503 (not 500) while the database does not answer.
 */
export function healthRoutes(store: Store, options: { api: boolean }): Router {
  const router = Router();
  const check = (healthy: (res: Response) => void) => async (req: Request, res: Response) => {
    try {
      await store.ping();
      healthy(res);
    } catch (err) {
      req.log.warn({ err }, 'health check failed');
      res.status(503).json({ code: 'unavailable', detail: 'The database is not answering' });
    }
  };
  router.get(
    '/health',
    check((res) => res.json({ status: 'ok' })),
  );
  if (options.api) {
    router.get(
      '/api/v1/health',
      check((res) => res.status(204).end()),
    );
  }
  return router;
}
