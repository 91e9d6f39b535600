import { Router } from 'express';
import { CATALOG } from '../catalog/catalog.ts';

/** The kinds Patchbay ships: public, the same for every vendor. */
export function kindRoutes(): Router {
  const router = Router();
  router.get('/kinds', (_req, res) => {
    res.json({ data: CATALOG.map((k) => ({ kind: k.kind, name: k.name, connect: k.connect.type, logo: k.logo })) });
  });
  return router;
}
