import { Router } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE } from '../display/pagination.view.js';
import { foundOr404 } from '../http/http-error.js';
import { parseListPaging, parsePage, type Paging } from '../http/paging.js';
import { toMeetingJson } from './meetings.json.js';
import { toMeetingPageView } from './meetings.view.js';

/** A meeting's testimony in order, and its JSON; SQLite only. */
export function meetingsRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    browse,
    config: { baseUrl },
  } = deps;
  const findMeeting = (id: string, paging: Paging) =>
    foundOr404(ID_PATTERN.test(id) ? browse.meetingPage(id, paging) : undefined, 'meeting', id);

  router.get('/meetings/:id', function showMeetingPage(req, res) {
    const paging = { page: parsePage(req.query), perPage: BROWSE_PER_PAGE };
    res.render('pages/meeting', toMeetingPageView({ ...findMeeting(String(req.params.id), paging), baseUrl }));
  });
  router.get('/api/meetings/:id', (req, res) => {
    res.json(toMeetingJson({ ...findMeeting(String(req.params.id), parseListPaging(req.query)), baseUrl }));
  });
  return router;
}
