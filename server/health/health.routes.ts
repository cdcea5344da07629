import { Router } from 'express';
import type { AppDeps } from '../deps.js';

/** /healthz: is the store answering, is search up, and has the index caught up with the store? */
export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await deps.health.check());
  });
  return router;
}
