import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE, pageWindow } from '../display/pagination.view.js';
import { notFound } from '../http/http-error.js';
import { parseListPaging, parsePage } from '../search/search.query.js';
import { loadStatementPage } from '../statements/statement-lookup.js';
import { toMeetingJson } from './meetings.json.js';
import { toMeetingPageView } from './meetings.view.js';

/** A meeting's testimony in order, and its JSON; SQLite only. */
export function meetingsRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  function loadMeeting(req: Request, page: number, perPage: number) {
    const id = String(req.params.id);
    const meeting = ID_PATTERN.test(id) ? store.browse.findMeetingById(id) : undefined;
    if (!meeting) throw notFound(`meeting "${id.slice(0, 80)}"`);
    const total = store.browse.countStatementsByMeeting(meeting.id);
    return {
      meeting,
      measures: store.browse.listMeasuresAtMeeting(meeting.id),
      sources: store.browse.listSourcesOfMeeting(meeting.id),
      total,
      statements: loadStatementPage(store, total, pageWindow(page, perPage),
        (window) => store.browse.listStatementIdsByMeeting(meeting.id, window)),
    };
  }

  router.get('/meetings/:id', (req, res) => {
    const page = parsePage(req.query);
    const { meeting, measures, sources, total, statements } = loadMeeting(req, page, BROWSE_PER_PAGE);
    res.render('pages/meeting', toMeetingPageView(meeting, measures, sources, total, statements, page, config.baseUrl));
  });
  router.get('/api/meetings/:id', (req, res) => {
    const paging = parseListPaging(req.query);
    const { meeting, measures, sources, total, statements } = loadMeeting(req, paging.page, paging.perPage);
    res.json(toMeetingJson(meeting, measures, sources, total, statements, paging, config.baseUrl));
  });
  return router;
}
