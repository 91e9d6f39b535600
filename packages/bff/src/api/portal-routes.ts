import { Router } from 'express';
import { connectorKinds } from '../catalog/kinds.ts';

/** The widget's own API. Public catalog data only until portal sessions exist. */
export function portalRoutes(): Router {
  const router = Router();
  router.get('/kinds', (_req, res) => {
    res.json({ data: connectorKinds });
  });
  return router;
}
