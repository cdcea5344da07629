import type { Statement } from '../../data/archive.types.js';
import type { TopicDetailRow } from '../../data/browse.repository.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { tallyStancesByMeasure, toStanceChartView, type StanceChartView } from '../charts/stance-chart.view.js';
import { toTimelineChartView, type TimelineChartView } from '../charts/timeline-chart.view.js';
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
  searchUrl: string;
}

export function toTopicPageView(topic: TopicDetailRow, statements: readonly Statement[], baseUrl: string): TopicPageView {
  return {
    title: `Topic: ${topic.label}`,
    canonicalUrl: toAbsoluteUrl(baseUrl, topicPath(topic.slug)),
    heading: topic.label,
    description: topic.description,
    countLabel: pluralize(statements.length, 'statement'),
    stanceChart: toStanceChartView(tallyStancesByMeasure(statements), { id: 'topic-stances', subject: topic.label }),
    timeline: toTimelineChartView(statements.map(effectiveDate), { id: 'topic-timeline', subject: topic.label }),
    statements: statements.map((s) => toStatementCardView(s)),
    searchUrl: `/search?topic=${encodeURIComponent(topic.slug)}`,
  };
}
