import { Router } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { foundOr404 } from '../http/http-error.js';
import { parseListPaging } from '../http/paging.js';
import { toMeasureJson } from './measures.json.js';
import { DEBATE_COLUMN_SIZE, toMeasurePageView } from './measures.view.js';

/** The debate view of a measure, and its JSON; SQLite only. */
export function measuresRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    browse,
    config: { baseUrl },
  } = deps;
  const known = (id: string) => ID_PATTERN.test(id);

  router.get('/measures/:id', function showMeasurePage(req, res) {
    const id = String(req.params.id);
    // Each side shows its first statements; the rest are a search away.
    const page = foundOr404(known(id) ? browse.measurePage(id, DEBATE_COLUMN_SIZE) : undefined, 'measure', id);
    res.render('pages/measure', toMeasurePageView({ ...page, baseUrl }));
  });
  router.get('/api/measures/:id', (req, res) => {
    const id = String(req.params.id);
    const paging = parseListPaging(req.query);
    const page = foundOr404(known(id) ? browse.measureStatementsPage(id, paging) : undefined, 'measure', id);
    res.json(toMeasureJson({ ...page, baseUrl }));
  });
  return router;
}
