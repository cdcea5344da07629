import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { parseSearchQuery, SEARCH_PARAMS } from './search.query.js';
import { loadFacetLabels } from './facet-labels.js';
import { toSearchPageView } from './search.view.js';

export function searchRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    // The page is lenient about parameters it does not know (it says which it ignored), strict about values.
    const query = parseSearchQuery(req.query, { allowUnknown: true });
    const ignored = Object.keys(req.query).filter((key) => !SEARCH_PARAMS.has(key));
    const result = await deps.search.searchStatements(query);
    const labels = loadFacetLabels(deps.store.catalog, result.facets, query);
    res.render('pages/search', toSearchPageView(query, result, labels, ignored));
  });
  return router;
}
