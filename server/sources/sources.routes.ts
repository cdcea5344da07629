import { Router } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE } from '../display/pagination.view.js';
import { foundOr404 } from '../http/http-error.js';
import { parseListPaging, parsePage, type Paging } from '../http/paging.js';
import { toSourceJson } from './sources.json.js';
import { toSourcePageView } from './sources.view.js';

/** What a source contributed, and its JSON; SQLite only. */
export function sourcesRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    browse,
    config: { baseUrl },
  } = deps;
  const findSource = (id: string, paging: Paging) =>
    foundOr404(ID_PATTERN.test(id) ? browse.sourcePage(id, paging) : undefined, 'source', id);

  router.get('/sources/:id', function showSourcePage(req, res) {
    const paging = { page: parsePage(req.query), perPage: BROWSE_PER_PAGE };
    res.render('pages/source', toSourcePageView({ ...findSource(String(req.params.id), paging), baseUrl }));
  });
  router.get('/api/sources/:id', (req, res) => {
    res.json(toSourceJson({ ...findSource(String(req.params.id), parseListPaging(req.query)), baseUrl }));
  });
  return router;
}
