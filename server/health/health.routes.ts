import { Router } from 'express';
import type { AppDeps } from '../deps.js';

/** /healthz: is the store answering, is search up, and has the index caught up with the store? */
export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const { store, meili, config } = deps;
    const db = store.checkHealth() ? 'ok' : 'error';
    const statements = store.statements.countPublished();
    const pending = store.outbox.countPending();
    // Counted with the server's admin client: the key searches go out with may only search.
    const indexed = await meili.index(config.indexUid).getStats().then((stats) => stats.numberOfDocuments, () => null);
    const searchStatus = indexed === null ? 'unavailable' : 'ok';
    res.set('Cache-Control', 'no-store').json({
      status: db === 'ok' && searchStatus === 'ok' ? 'ok' : 'degraded',
      db,
      search: searchStatus,
      statements,
      indexed,
      pending,
    });
  });
  return router;
}
