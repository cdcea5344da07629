import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { parseListPaging, parseSearchQuery } from '../search/search.query.js';
import { toStatementJson } from '../statements/statement.json.js';
import { findPublishedStatement } from '../statements/statement-lookup.js';

/** The JSON API (SPEC §4): a stable contract for tests and outside clients. */
export function apiRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, search, config } = deps;

  router.get('/search', async (req: Request, res: Response) => {
    const query = parseSearchQuery(req.query);
    const result = await search.searchStatements(query);
    res.json({
      query: {
        q: query.q, ...query.filters, from: query.from?.raw ?? null, to: query.to?.raw ?? null,
        sort: query.sort, page: query.page, per_page: query.perPage,
      },
      total: result.total,
      page: query.page,
      per_page: query.perPage,
      items: result.hits.map((hit) => ({ ...toStatementJson(hit.statement, config.baseUrl), highlight: { text: hit.highlight } })),
      facets: result.facets,
      took_ms: result.tookMs,
    });
  });

  router.get('/statements', (req: Request, res: Response) => {
    const { page, perPage } = parseListPaging(req.query);
    const total = store.statements.countPublished();
    const items = store.statements.listPublished((page - 1) * perPage, perPage);
    res.json({ total, page, per_page: perPage, items: items.map((s) => toStatementJson(s, config.baseUrl)) });
  });

  router.get('/statements/:id', (req: Request, res: Response) => {
    res.json(toStatementJson(findPublishedStatement(store, String(req.params.id)), config.baseUrl));
  });

  return router;
}
