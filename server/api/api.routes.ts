import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { HttpError, invalidParameter, notFound } from '../http/http-error.js';
import { parsePaging, parseSearchQuery } from '../search/search.query.js';
import { toStatementJson } from '../statements/statement.json.js';
import { ID_PATTERN } from '../../data/archive.types.js';

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
    const unknown = Object.keys(req.query).find((key) => key !== 'page' && key !== 'per_page');
    if (unknown) throw invalidParameter(unknown, 'unknown parameter');
    const { page, perPage } = parsePaging(req.query);
    const total = store.statements.countPublished();
    const items = store.statements.listPublished((page - 1) * perPage, perPage);
    res.json({ total, page, per_page: perPage, items: items.map((s) => toStatementJson(s, config.baseUrl)) });
  });

  router.get('/statements/:id', (req: Request, res: Response) => {
    const id = String(req.params.id);
    const statement = ID_PATTERN.test(id) ? store.statements.findById(id) : undefined;
    if (!statement) throw notFound(`statement "${id.slice(0, 80)}"`);
    if (statement.status === 'retracted') {
      throw new HttpError(410, 'retracted', `statement "${id}" was retracted`, undefined, {
        reason: statement.retraction_reason, retracted_on: statement.retracted_on,
      });
    }
    res.json(toStatementJson(statement, config.baseUrl));
  });

  return router;
}
