import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { toStatementPageView } from './statement-page.view.js';

/** Permalinks read SQLite only: they work while the search engine is down. */
export function statementsRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    statementPages,
    config: { baseUrl },
  } = deps;

  router.get('/statements/:id', function showStatementPage(req: Request, res: Response) {
    // A retracted statement answers 410 with its reason and date (rendered by the error handler).
    const page = statementPages.statementPage(String(req.params.id));
    res.render('pages/statement', toStatementPageView({ ...page, baseUrl }));
  });
  return router;
}
