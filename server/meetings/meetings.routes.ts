import { Router, type Request } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import { toMeetingJson } from './meetings.json.js';
import { toMeetingPageView } from './meetings.view.js';

/** A meeting's testimony in order, and its JSON; SQLite only. */
export function meetingsRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  function loadMeeting(req: Request) {
    const id = String(req.params.id);
    const meeting = ID_PATTERN.test(id) ? store.browse.findMeetingById(id) : undefined;
    if (!meeting) throw notFound(`meeting "${id.slice(0, 80)}"`);
    return {
      meeting,
      measures: store.browse.listMeasuresAtMeeting(meeting.id),
      sources: store.browse.listSourcesOfMeeting(meeting.id),
      statements: store.statements.findManyByIds(store.browse.listStatementIdsByMeeting(meeting.id)),
    };
  }

  router.get('/meetings/:id', (req, res) => {
    const { meeting, measures, sources, statements } = loadMeeting(req);
    res.render('pages/meeting', toMeetingPageView(meeting, measures, sources, statements, config.baseUrl));
  });
  router.get('/api/meetings/:id', (req, res) => {
    const { meeting, measures, sources, statements } = loadMeeting(req);
    res.json(toMeetingJson(meeting, measures, sources, statements, config.baseUrl));
  });
  return router;
}
