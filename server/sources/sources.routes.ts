import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import { toSourceJson } from './sources.json.js';
import { toSourcePageView } from './sources.view.js';

/** What a source contributed, and its JSON; SQLite only. */
export function sourcesRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  function loadSource(req: Request) {
    const id = String(req.params.id);
    const source = ID_PATTERN.test(id) ? store.browse.findSourceById(id) : undefined;
    if (!source) throw notFound(`source "${id.slice(0, 80)}"`);
    return { source, statements: store.statements.findManyByIds(store.browse.listStatementIdsBySource(source.id)) };
  }

  router.get('/sources/:id', (req, res) => {
    const { source, statements } = loadSource(req);
    res.render('pages/source', toSourcePageView(source, statements, config.baseUrl));
  });
  router.get('/api/sources/:id', (req, res) => {
    const { source, statements } = loadSource(req);
    res.json(toSourceJson(source, statements, config.baseUrl));
  });
  return router;
}
