import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { BROWSE_PER_PAGE, pageWindow } from '../display/pagination.view.js';
import { notFound } from '../http/http-error.js';
import { parsePage } from '../search/search.query.js';
import { loadStatementPage } from '../statements/statement-lookup.js';
import { TOPIC_SLUG_PATTERN, toTopicPageView } from './topics.view.js';

/** Statements on one curated topic; SQLite only. */
export function topicsRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  router.get('/topics/:slug', (req, res) => {
    const page = parsePage(req.query);
    const slug = String(req.params.slug);
    const topic = TOPIC_SLUG_PATTERN.test(slug) ? store.browse.findTopicBySlug(slug) : undefined;
    if (!topic) throw notFound(`topic "${slug.slice(0, 80)}"`);
    const tallies = store.browse.tallyStatementsByTopic(topic.slug);
    const statements = loadStatementPage(store, tallies.total, pageWindow(page, BROWSE_PER_PAGE),
      (window) => store.browse.listStatementIdsByTopic(topic.slug, window));
    res.render('pages/topic', toTopicPageView(topic, tallies, statements, page, config.baseUrl));
  });
  return router;
}
