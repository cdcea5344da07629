import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { parseListPaging } from '../http/paging.js';
import { toSearchJson } from '../search/search.json.js';
import { parseSearchQuery } from '../search/search.query.js';
import { toStatementJson, toStatementListJson } from '../statements/statement.json.js';
import { toApiReferenceView, type ApiReferenceView } from './api-reference.view.js';
import {
  parseMeasureList,
  parseMeetingList,
  parseOrganizationList,
  parseSourceList,
  parseSpeakerList,
  parseTopicList,
} from './list.query.js';
import {
  toMeasureListJson,
  toMeetingListJson,
  toOrganizationListJson,
  toSourceListJson,
  toSpeakerListJson,
  toTopicListJson,
} from './lists.json.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.document.js';

// The document describes the code, which does not change while the process runs: built once per
// BASE_URL (on first use, as generating it takes a moment), then served from memory.
const descriptions = new Map<string, { document: OpenApiDocument; reference: ApiReferenceView }>();
function describeApi(baseUrl: string) {
  let description = descriptions.get(baseUrl);
  if (!description) {
    const document = buildOpenApiDocument(baseUrl);
    description = { document, reference: toApiReferenceView(document, baseUrl) };
    descriptions.set(baseUrl, description);
  }
  return description;
}

/** The JSON API (SPEC §4): a stable contract for tests and outside clients, described at /api/openapi.json. */
export function apiRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    searchPages,
    statementPages,
    lists,
    config: { baseUrl },
  } = deps;
  router.get('/', function showApiReference(_req: Request, res: Response) {
    res.render('pages/api-reference', describeApi(baseUrl).reference);
  });
  router.get('/openapi.json', (_req: Request, res: Response) => {
    res.json(describeApi(baseUrl).document);
  });

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

  // The lists; each entity's own endpoint is beside its page (server/<feature>/<feature>.routes.ts).
  router.get('/speakers', (req: Request, res: Response) => {
    res.json(toSpeakerListJson({ ...lists.speakers(parseSpeakerList(req.query)), baseUrl }));
  });
  router.get('/organizations', (req: Request, res: Response) => {
    res.json(toOrganizationListJson({ ...lists.organizations(parseOrganizationList(req.query)), baseUrl }));
  });
  router.get('/meetings', (req: Request, res: Response) => {
    res.json(toMeetingListJson({ ...lists.meetings(parseMeetingList(req.query)), baseUrl }));
  });
  router.get('/measures', (req: Request, res: Response) => {
    res.json(toMeasureListJson({ ...lists.measures(parseMeasureList(req.query)), baseUrl }));
  });
  router.get('/sources', (req: Request, res: Response) => {
    res.json(toSourceListJson({ ...lists.sources(parseSourceList(req.query)), baseUrl }));
  });
  router.get('/topics', (req: Request, res: Response) => {
    res.json(toTopicListJson({ ...lists.topics(parseTopicList(req.query)), baseUrl }));
  });

  return router;
}
