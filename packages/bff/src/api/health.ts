import { Router } from 'express';
import type { Store } from '../store/types.ts';

/** `GET /health`: 200 while the database answers; 503 (not 500) when it does not. */
export function healthRoutes(store: Store): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ok' });
    } catch (err) {
      req.log.warn({ err }, 'health check failed');
      res.status(503).json({ code: 'unavailable', detail: 'The database is not answering' });
    }
  });
  return router;
}
