import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { toHomePageView } from './home.view.js';

const RECENT = 6;

/** The front page reads SQLite only, so it works while the search engine is down. */
export function homeRouter(deps: AppDeps): Router {
  const router = Router();
  const { store } = deps;
  // The counts, tallies and newest statements scan the whole archive (a second at a million
  // statements): the page is built again only once something was written.
  let cached: { stamp: string; view: ReturnType<typeof toHomePageView> } | null = null;
  router.get('/', (_req, res) => {
    const stamp = store.changeStamp();
    if (cached?.stamp !== stamp) {
      const { statements } = store;
      cached = { stamp, view: toHomePageView(statements.corpusCounts(), statements.measureTallies(), statements.listRecent(RECENT)) };
    }
    res.render('pages/home', cached.view);
  });
  return router;
}
