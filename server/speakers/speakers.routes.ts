import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE, pageWindow } from '../display/pagination.view.js';
import { notFound } from '../http/http-error.js';
import { parseListPaging, parsePage } from '../search/search.query.js';
import { loadStatementPage } from '../statements/statement-lookup.js';
import { toSpeakerJson, toSpeakerListJson } from './speakers.json.js';
import { SPEAKERS_PER_PAGE, toSpeakerPageView, toSpeakersPageView } from './speakers.view.js';

/** Speaker pages and their JSON read SQLite only, so they work while the search engine is down. */
export function speakersRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  // An id that cannot exist is not looked up: it is simply not found.
  function loadSpeaker(req: Request, page: number, perPage: number) {
    const id = String(req.params.id);
    const speaker = ID_PATTERN.test(id) ? store.browse.findSpeakerById(id) : undefined;
    if (!speaker) throw notFound(`speaker "${id.slice(0, 80)}"`);
    const memberships = speaker.type === 'person' ? store.browse.listMembershipsOfPerson(speaker.id) : [];
    const tallies = store.browse.tallyStatementsBySpeaker(speaker);
    const statements = loadStatementPage(store, tallies.total, pageWindow(page, perPage),
      (window) => store.browse.listStatementIdsBySpeaker(speaker, window));
    return { speaker, memberships, tallies, statements };
  }

  function loadSpeakerList(page: number, perPage: number) {
    const initials = store.browse.countSpeakersByInitial();
    const total = initials.reduce((sum, row) => sum + row.n, 0);
    const window = pageWindow(page, perPage);
    return { initials, total, speakers: window.offset < total ? store.browse.listSpeakers(window) : [] };
  }

  router.get('/speakers', (req, res) => {
    const page = parsePage(req.query);
    const { speakers, initials } = loadSpeakerList(page, SPEAKERS_PER_PAGE);
    res.render('pages/speakers', toSpeakersPageView(speakers, initials, page, config.baseUrl));
  });
  router.get('/speakers/:id', (req, res) => {
    const page = parsePage(req.query);
    const { speaker, memberships, tallies, statements } = loadSpeaker(req, page, BROWSE_PER_PAGE);
    res.render('pages/speaker', toSpeakerPageView(speaker, memberships, tallies, statements, page, config.baseUrl));
  });
  router.get('/api/speakers', (req, res) => {
    const paging = parseListPaging(req.query);
    const { speakers, total } = loadSpeakerList(paging.page, paging.perPage);
    res.json(toSpeakerListJson(speakers, total, paging, config.baseUrl));
  });
  router.get('/api/speakers/:id', (req, res) => {
    const paging = parseListPaging(req.query);
    const { speaker, memberships, tallies, statements } = loadSpeaker(req, paging.page, paging.perPage);
    res.json(toSpeakerJson(speaker, memberships, tallies, statements, paging, config.baseUrl));
  });
  return router;
}
