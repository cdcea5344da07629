import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { toHomePageView } from './home.view.js';

/** The front page reads SQLite only, so it works while the search engine is down. */
export function homeRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const { statements } = deps.store;
    res.render('pages/home', toHomePageView(statements.corpusCounts(), statements.measureTallies(), statements.listRecent(6)));
  });
  return router;
}
