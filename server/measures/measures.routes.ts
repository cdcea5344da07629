import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { pageWindow } from '../display/pagination.view.js';
import { notFound } from '../http/http-error.js';
import { parseListPaging } from '../search/search.query.js';
import { loadStatementPage } from '../statements/statement-lookup.js';
import { toMeasureJson } from './measures.json.js';
import { DEBATE_COLUMN_SIZE, toMeasurePageView } from './measures.view.js';

/** The debate view of a measure, and its JSON; SQLite only. */
export function measuresRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  function loadMeasure(req: Request) {
    const id = String(req.params.id);
    const measure = ID_PATTERN.test(id) ? store.browse.findMeasureById(id) : undefined;
    if (!measure) throw notFound(`measure "${id.slice(0, 80)}"`);
    return { measure, tallies: store.browse.tallyStatementsByMeasure(measure.id) };
  }

  router.get('/measures/:id', (req, res) => {
    const { measure, tallies } = loadMeasure(req);
    // Each side shows its first statements; the rest are a search away.
    const firsts = store.statements.findManyByIds(store.browse.listFirstStatementIdsPerStance(measure.id, DEBATE_COLUMN_SIZE));
    res.render('pages/measure', toMeasurePageView(measure, tallies, firsts, config.baseUrl));
  });
  router.get('/api/measures/:id', (req, res) => {
    const paging = parseListPaging(req.query);
    const { measure, tallies } = loadMeasure(req);
    const statements = loadStatementPage(store, tallies.total, pageWindow(paging.page, paging.perPage),
      (window) => store.browse.listStatementIdsByMeasure(measure.id, window));
    res.json(toMeasureJson(measure, tallies, statements, paging, config.baseUrl));
  });
  return router;
}
