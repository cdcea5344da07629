import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { toStatementPageView } from './statement-page.view.js';
import { findPublishedStatement } from './statement-lookup.js';

/** How many related statements each group on a permalink shows. */
const RELATED_PER_GROUP = 3;

/** Permalinks read SQLite only: they work while the search engine is down. */
export function statementsRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  router.get('/statements/:id', function showStatementPage(req: Request, res: Response) {
    // A retracted statement answers 410 with its reason and date (rendered by the error handler).
    const statement = findPublishedStatement(store, String(req.params.id));
    const source = statement.source ? store.catalog.findSource(statement.source.id) : undefined;
    res.render('pages/statement', toStatementPageView({
      statement,
      sourceText: source?.text ?? null,
      related: store.statements.findRelated(statement, RELATED_PER_GROUP),
      topicLabels: new Map(store.catalog.listTopics().map((t) => [t.slug, t.label])),
      baseUrl: config.baseUrl,
    }));
  });
  return router;
}
