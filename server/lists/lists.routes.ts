import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import {
  parseMeasuresQuery,
  parseMeetingsQuery,
  parseOrganizationsQuery,
  parseSourcesQuery,
  parseTopicsQuery,
} from './lists.query.js';
import {
  toMeasuresListView,
  toMeetingsListView,
  toOrganizationsListView,
  toSourcesListView,
  toTopicsListView,
} from './lists.view.js';

/** The browse index pages: every measure, meeting, topic, source and organization, paged; SQLite only. */
export function listsRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    browseLists,
    config: { baseUrl },
  } = deps;

  router.get('/measures', function showMeasuresList(req, res) {
    const query = parseMeasuresQuery(req.query);
    res.render('pages/browse-list', toMeasuresListView(browseLists.measuresPage(query), query.ignored, baseUrl));
  });
  router.get('/meetings', function showMeetingsList(req, res) {
    const query = parseMeetingsQuery(req.query);
    res.render('pages/browse-list', toMeetingsListView(browseLists.meetingsPage(query), query.ignored, baseUrl));
  });
  router.get('/topics', function showTopicsList(req, res) {
    const query = parseTopicsQuery(req.query);
    res.render('pages/browse-list', toTopicsListView(browseLists.topicsPage(query), query.ignored, baseUrl));
  });
  router.get('/sources', function showSourcesList(req, res) {
    const query = parseSourcesQuery(req.query);
    res.render('pages/browse-list', toSourcesListView(browseLists.sourcesPage(query), query.ignored, baseUrl));
  });
  router.get('/organizations', function showOrganizationsList(req, res) {
    const query = parseOrganizationsQuery(req.query);
    res.render('pages/browse-list', toOrganizationsListView(browseLists.organizationsPage(query), query.ignored, baseUrl));
  });
  return router;
}
