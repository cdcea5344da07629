import type { TopicPage } from '../services/browse.service.js';
import { pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { pagePath } from '../display/pagination.view.js';
import { toTalliedStatementsView, type TalliedStatementsView } from '../charts/tallied-statements.view.js';

/** Topic slugs are curated (data/topics.json): lower-case words joined by hyphens. */
export const TOPIC_SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;

export const topicPath = (slug: string) => `/topics/${encodeURIComponent(slug)}`;

export interface TopicPageView extends TalliedStatementsView {
  title: string;
  canonicalUrl: string;
  heading: string;
  description: string | null;
  countLabel: string;
  searchUrl: string;
}

export function toTopicPageView({
  topic,
  tallies,
  statements,
  paging: { page },
  baseUrl,
}: TopicPage & { baseUrl: string }): TopicPageView {
  const path = topicPath(topic.slug);
  return {
    title: page > 1 ? `Topic: ${topic.label}, page ${page}` : `Topic: ${topic.label}`,
    canonicalUrl: toAbsoluteUrl(baseUrl, pagePath(path, page)),
    heading: topic.label,
    description: topic.description,
    countLabel: pluralize(tallies.total, 'statement'),
    ...toTalliedStatementsView({
      tallies,
      statements,
      page,
      path,
      chartId: 'topic',
      subject: topic.label,
      anchor: 'topic-statements-heading',
    }),
    searchUrl: `/search?topic=${encodeURIComponent(topic.slug)}`,
  };
}
