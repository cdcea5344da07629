import type { Statement } from '../../data/archive.types.js';
import type { StatementTallies } from '../../data/statement-browse.repository.js';
import { BROWSE_PER_PAGE, pagePath, toPagedListView, type PagedListView } from '../display/pagination.view.js';
import { toStatementCardView, type StatementCardView } from '../statements/statement.view.js';
import { CHART_MAX_MEASURES, toStanceChartView, toStanceTallyRows, type StanceChartView } from './stance-chart.view.js';
import { toTimelineChartView, toYearCounts, type TimelineChartView } from './timeline-chart.view.js';

/** A page about one subject's statements (a speaker, a topic): its two charts and one page of its statements. */
export interface TalliedStatementsView {
  stanceChart: StanceChartView;
  timeline: TimelineChartView;
  statements: StatementCardView[];
  list: PagedListView;
}

export function toTalliedStatementsView(input: {
  tallies: StatementTallies;
  statements: Statement[];
  page: number;
  /** The page's own path, for its paging links. */
  path: string;
  /** Prefix of the charts' element ids ("speaker" → speaker-stances, speaker-timeline). */
  chartId: string;
  /** What the charts are about, in their accessible names. */
  subject: string;
  /** The id of the statements' heading, where paging links land. */
  anchor: string;
}): TalliedStatementsView {
  const { tallies, statements, page, path, chartId, subject, anchor } = input;
  return {
    stanceChart: toStanceChartView(toStanceTallyRows(tallies.byMeasure, { maxMeasures: CHART_MAX_MEASURES }), {
      id: `${chartId}-stances`,
      subject,
    }),
    timeline: toTimelineChartView(toYearCounts(tallies.byYear), { id: `${chartId}-timeline`, subject }),
    statements: statements.map((s) => toStatementCardView(s)),
    list: toPagedListView({
      total: tallies.total,
      page,
      perPage: BROWSE_PER_PAGE,
      shown: statements.length,
      noun: 'statement',
      urlOf: (n) => `${pagePath(path, n)}#${anchor}`,
    }),
  };
}
