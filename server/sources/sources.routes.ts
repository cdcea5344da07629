import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE, pageWindow } from '../display/pagination.view.js';
import { notFound } from '../http/http-error.js';
import { parseListPaging, parsePage } from '../search/search.query.js';
import { loadStatementPage } from '../statements/statement-lookup.js';
import { toSourceJson } from './sources.json.js';
import { toSourcePageView } from './sources.view.js';

/** What a source contributed, and its JSON; SQLite only. */
export function sourcesRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  function loadSource(req: Request, page: number, perPage: number) {
    const id = String(req.params.id);
    const source = ID_PATTERN.test(id) ? store.browse.findSourceById(id) : undefined;
    if (!source) throw notFound(`source "${id.slice(0, 80)}"`);
    const total = store.browse.countStatementsBySource(source.id);
    const statements = loadStatementPage(store, total, pageWindow(page, perPage),
      (window) => store.browse.listStatementIdsBySource(source.id, window));
    return { source, total, statements };
  }

  router.get('/sources/:id', (req, res) => {
    const page = parsePage(req.query);
    const { source, total, statements } = loadSource(req, page, BROWSE_PER_PAGE);
    res.render('pages/source', toSourcePageView(source, total, statements, page, config.baseUrl));
  });
  router.get('/api/sources/:id', (req, res) => {
    const paging = parseListPaging(req.query);
    const { source, total, statements } = loadSource(req, paging.page, paging.perPage);
    res.json(toSourceJson(source, total, statements, paging, config.baseUrl));
  });
  return router;
}
