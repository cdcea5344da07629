import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { RetractedError } from './statement-lookup.js';
import { toRetractedPageView, toStatementPageView } from './statement-page.view.js';

/** Permalinks read SQLite (and ask the engine only for statements close in meaning): they work while it is down. */
export function statementsRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    statementPages,
    config: { baseUrl },
  } = deps;

  router.get('/statements/:id', async function showStatementPage(req: Request, res: Response, next: NextFunction) {
    let page;
    try {
      page = await statementPages.statementPage(String(req.params.id));
    } catch (error) {
      // A retracted statement's tombstone (410): who, where, when and why, never the words.
      if (error instanceof RetractedError && req.accepts('html')) {
        res.status(410).render('pages/statement-retracted', toRetractedPageView(error.statement, baseUrl));
        return;
      }
      next(error);
      return;
    }
    res.render('pages/statement', toStatementPageView({ ...page, baseUrl }));
  });
  return router;
}
