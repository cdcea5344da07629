import { Router } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { HttpError, notFound } from '../http/http-error.js';
import { toStatementPageView } from './statement-page.view.js';

/** Permalinks read SQLite only: they work while the search engine is down. */
export function statementsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/statements/:id', (req, res) => {
    const id = String(req.params.id);
    const statement = ID_PATTERN.test(id) ? deps.store.statements.findById(id) : undefined;
    if (!statement) throw notFound('statement');
    if (statement.status === 'retracted') {
      throw new HttpError(410, 'retracted',
        `This statement was retracted${statement.retracted_on ? ` on ${statement.retracted_on}` : ''}: ${statement.retraction_reason ?? 'no reason recorded'}.`);
    }
    const source = statement.source ? deps.store.catalog.findSource(statement.source.id) : undefined;
    res.render('pages/statement', toStatementPageView(statement, source?.text ?? null, deps.config.baseUrl));
  });
  return router;
}
