import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import { TOPIC_SLUG_PATTERN, toTopicPageView } from './topics.view.js';

/** Statements on one curated topic; SQLite only. */
export function topicsRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, config } = deps;

  router.get('/topics/:slug', (req, res) => {
    const slug = String(req.params.slug);
    const topic = TOPIC_SLUG_PATTERN.test(slug) ? store.browse.findTopicBySlug(slug) : undefined;
    if (!topic) throw notFound(`topic "${slug.slice(0, 80)}"`);
    const statements = store.statements.findManyByIds(store.browse.listStatementIdsByTopic(topic.slug));
    res.render('pages/topic', toTopicPageView(topic, statements, config.baseUrl));
  });
  return router;
}
