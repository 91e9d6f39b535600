import { Router } from 'express';
import type { SqliteDatabase } from '../store/sqlite/database.ts';

/** `GET /health`: 200 while the database answers; 503 (not 500) when it does not. */
export function healthRoutes(db: SqliteDatabase): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    try {
      await db.get('SELECT 1');
      res.json({ status: 'ok' });
    } catch (err) {
      req.log.warn({ err }, 'health check failed');
      res.status(503).json({ code: 'unavailable', detail: 'The database is not answering' });
    }
  });
  return router;
}
