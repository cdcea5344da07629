import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import { toSpeakerJson, toSpeakerListJson } from './speakers.json.js';
import { toSpeakerPageView, toSpeakersPageView } from './speakers.view.js';

/** Speaker pages and their JSON read SQLite only, so they work while the search engine is down. */
export function speakersRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  // An id that cannot exist is not looked up: it is simply not found.
  function loadSpeaker(req: Request) {
    const id = String(req.params.id);
    const speaker = ID_PATTERN.test(id) ? store.browse.findSpeakerById(id) : undefined;
    if (!speaker) throw notFound(`speaker "${id.slice(0, 80)}"`);
    const memberships = speaker.type === 'person' ? store.browse.listMembershipsOfPerson(speaker.id) : [];
    const statements = store.statements.findManyByIds(store.browse.listStatementIdsBySpeaker(speaker.id));
    return { speaker, memberships, statements };
  }

  router.get('/speakers', (_req, res) => {
    res.render('pages/speakers', toSpeakersPageView(store.browse.listSpeakers(), config.baseUrl));
  });
  router.get('/speakers/:id', (req, res) => {
    const { speaker, memberships, statements } = loadSpeaker(req);
    res.render('pages/speaker', toSpeakerPageView(speaker, memberships, statements, config.baseUrl));
  });
  router.get('/api/speakers', (_req, res) => {
    res.json(toSpeakerListJson(store.browse.listSpeakers(), config.baseUrl));
  });
  router.get('/api/speakers/:id', (req, res) => {
    const { speaker, memberships, statements } = loadSpeaker(req);
    res.json(toSpeakerJson(speaker, memberships, statements, config.baseUrl));
  });
  return router;
}
