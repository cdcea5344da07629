import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { parseSearchPageQuery } from './search.query.js';
import { toSearchPageView } from './search.view.js';

export function searchRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/search', async function showSearchPage(req, res) {
    // Lenient about parameters it does not know (the page says which it ignored), strict about values.
    const page = await deps.searchPages.searchPage(parseSearchPageQuery(req.query));
    res.render('pages/search', toSearchPageView(page));
  });
  return router;
}
