import { Router } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE } from '../display/pagination.view.js';
import { foundOr404 } from '../http/http-error.js';
import { parseListPaging, parsePage } from '../http/paging.js';
import { toSpeakerJson } from './speakers.json.js';
import { SPEAKERS_PER_PAGE, toSpeakerPageView, toSpeakersPageView } from './speakers.view.js';

/** Speaker pages and a speaker's JSON (the list: server/api/api.routes.ts); SQLite only, so they work while search is down. */
export function speakersRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    browse,
    config: { baseUrl },
  } = deps;
  // An id that cannot exist is not looked up: it is simply not found.
  const findSpeaker = (id: string, paging: { page: number; perPage: number }) =>
    foundOr404(ID_PATTERN.test(id) ? browse.speakerPage(id, paging) : undefined, 'speaker', id);

  router.get('/speakers', function showSpeakersPage(req, res) {
    const paging = { page: parsePage(req.query), perPage: SPEAKERS_PER_PAGE };
    res.render('pages/speakers', toSpeakersPageView({ ...browse.speakersPage(paging), baseUrl }));
  });
  router.get('/speakers/:id', function showSpeakerPage(req, res) {
    const paging = { page: parsePage(req.query), perPage: BROWSE_PER_PAGE };
    res.render('pages/speaker', toSpeakerPageView({ ...findSpeaker(String(req.params.id), paging), baseUrl }));
  });
  router.get('/api/speakers/:id', (req, res) => {
    res.json(toSpeakerJson({ ...findSpeaker(String(req.params.id), parseListPaging(req.query)), baseUrl }));
  });
  return router;
}
