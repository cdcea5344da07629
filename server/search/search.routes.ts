import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { loadFacetLabels } from './facet-labels.js';
import { PAGE_ONLY_PARAMS, parseExpandedFacet, parseSearchQuery, SEARCH_PARAMS } from './search.query.js';
import { selectShownFacetValues, toSearchPageView } from './search.view.js';

export function searchRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    // The page is lenient about parameters it does not know (it says which it ignored), strict about values.
    const query = parseSearchQuery(req.query, { allowUnknown: true });
    const expanded = parseExpandedFacet(req.query);
    const ignored = Object.keys(req.query).filter((key) => !SEARCH_PARAMS.has(key) && !PAGE_ONLY_PARAMS.has(key));
    const result = await deps.search.searchStatements(query);
    const shown = selectShownFacetValues(query, result.facets, expanded);
    const labels = loadFacetLabels(deps.store.catalog, shown.counts, query);
    res.render('pages/search', toSearchPageView(query, result, shown, labels, ignored));
  });
  return router;
}
