import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import type { RawQuery } from '../http/query-params.js';
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
  type BrowseListPageView,
} from './lists.view.js';

/** The browse index pages: every measure, meeting, topic, source and organization, paged; SQLite only. */
export function listsRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    browseLists,
    config: { baseUrl },
  } = deps;

  /** One list page: parse its query, load its page, render it; every list the same way. */
  function listPage<Query extends { ignored: string[] }, Page>(
    path: string,
    parse: (raw: RawQuery) => Query,
    load: (query: Query) => Page,
    toView: (page: Page, ignored: string[], baseUrl: string) => BrowseListPageView,
  ): void {
    router.get(path, (req, res) => {
      const query = parse(req.query);
      res.render('pages/browse-list', toView(load(query), query.ignored, baseUrl));
    });
  }

  listPage('/measures', parseMeasuresQuery, (q) => browseLists.measuresPage(q), toMeasuresListView);
  listPage('/meetings', parseMeetingsQuery, (q) => browseLists.meetingsPage(q), toMeetingsListView);
  listPage('/topics', parseTopicsQuery, (q) => browseLists.topicsPage(q), toTopicsListView);
  listPage('/sources', parseSourcesQuery, (q) => browseLists.sourcesPage(q), toSourcesListView);
  listPage('/organizations', parseOrganizationsQuery, (q) => browseLists.organizationsPage(q), toOrganizationsListView);
  return router;
}
