import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import { toMeasureJson } from './measures.json.js';
import { toMeasurePageView } from './measures.view.js';

/** The debate view of a measure, and its JSON; SQLite only. */
export function measuresRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  function loadMeasure(req: Request) {
    const id = String(req.params.id);
    const measure = ID_PATTERN.test(id) ? store.browse.findMeasureById(id) : undefined;
    if (!measure) throw notFound(`measure "${id.slice(0, 80)}"`);
    return { measure, statements: store.statements.findManyByIds(store.browse.listStatementIdsByMeasure(measure.id)) };
  }

  router.get('/measures/:id', (req, res) => {
    const { measure, statements } = loadMeasure(req);
    res.render('pages/measure', toMeasurePageView(measure, statements, config.baseUrl));
  });
  router.get('/api/measures/:id', (req, res) => {
    const { measure, statements } = loadMeasure(req);
    res.json(toMeasureJson(measure, statements, config.baseUrl));
  });
  return router;
}
