import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { parseListPaging } from '../http/paging.js';
import { toSearchJson } from '../search/search.json.js';
import { parseSearchQuery } from '../search/search.query.js';
import { toStatementJson, toStatementListJson } from '../statements/statement.json.js';

/** The JSON API (SPEC §4): a stable contract for tests and outside clients. */
export function apiRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    searchPages,
    statementPages,
    config: { baseUrl },
  } = deps;

  router.get('/search', async (req: Request, res: Response) => {
    const query = parseSearchQuery(req.query);
    res.json(toSearchJson({ query, ...(await searchPages.searchStatements(query)), baseUrl }));
  });

  router.get('/statements', (req: Request, res: Response) => {
    res.json(toStatementListJson({ ...statementPages.listPublished(parseListPaging(req.query)), baseUrl }));
  });

  router.get('/statements/:id', (req: Request, res: Response) => {
    res.json(toStatementJson(statementPages.findPublished(String(req.params.id)), baseUrl));
  });

  return router;
}
