import type { TopicPage } from '../services/browse.service.js';
import { pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { BROWSE_PER_PAGE, pagePath, toPagedListView, type PagedListView } from '../display/pagination.view.js';
import { CHART_MAX_MEASURES, toStanceChartView, toStanceTallyRows, type StanceChartView } from '../charts/stance-chart.view.js';
import { toTimelineChartView, toYearCounts, type TimelineChartView } from '../charts/timeline-chart.view.js';
import { toStatementCardView, type StatementCardView } from '../statements/statement.view.js';

/** Topic slugs are curated (data/topics.json): lower-case words joined by hyphens. */
export const TOPIC_SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;

export const topicPath = (slug: string) => `/topics/${encodeURIComponent(slug)}`;

export interface TopicPageView {
  title: string;
  canonicalUrl: string;
  heading: string;
  description: string | null;
  countLabel: string;
  stanceChart: StanceChartView;
  timeline: TimelineChartView;
  statements: StatementCardView[];
  list: PagedListView;
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
    stanceChart: toStanceChartView(toStanceTallyRows(tallies.byMeasure, { maxMeasures: CHART_MAX_MEASURES }), {
      id: 'topic-stances',
      subject: topic.label,
    }),
    timeline: toTimelineChartView(toYearCounts(tallies.byYear), { id: 'topic-timeline', subject: topic.label }),
    statements: statements.map((s) => toStatementCardView(s)),
    list: toPagedListView({
      total: tallies.total,
      page,
      perPage: BROWSE_PER_PAGE,
      shown: statements.length,
      noun: 'statement',
      urlOf: (n) => `${pagePath(path, n)}#topic-statements-heading`,
    }),
    searchUrl: `/search?topic=${encodeURIComponent(topic.slug)}`,
  };
}
