import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE } from '../display/pagination.view.js';
import { foundOr404 } from '../http/http-error.js';
import { parsePage } from '../http/paging.js';
import { TOPIC_SLUG_PATTERN, toTopicPageView } from './topics.view.js';

/** Statements on one curated topic; SQLite only. */
export function topicsRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    browse,
    config: { baseUrl },
  } = deps;

  router.get('/topics/:slug', function showTopicPage(req, res) {
    const paging = { page: parsePage(req.query), perPage: BROWSE_PER_PAGE };
    const slug = String(req.params.slug);
    const page = foundOr404(TOPIC_SLUG_PATTERN.test(slug) ? browse.topicPage(slug, paging) : undefined, 'topic', slug);
    res.render('pages/topic', toTopicPageView({ ...page, baseUrl }));
  });
  return router;
}
