import { STANCES, type Stance, type Statement } from '../../data/archive.types.js';
import type { MeasureDetailRow } from '../../data/browse.repository.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { NOT_GIVEN, pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { countStances, toStanceChartView, type StanceChartView } from '../charts/stance-chart.view.js';
import { toTimelineChartView, type TimelineChartView } from '../charts/timeline-chart.view.js';
import { formatPartialDate, STANCE_NAMES, toStatementCardView, type StatementCardView } from '../statements/statement.view.js';

export const measurePath = (id: string) => `/measures/${encodeURIComponent(id)}`;

interface DebateColumn {
  stance: Stance;
  headingId: string;
  heading: string;
  emptyLabel: string;
  statements: StatementCardView[];
}

export interface MeasurePageView {
  title: string;
  canonicalUrl: string;
  heading: string;
  description: string | null;
  bodyName: string;
  outcome: string;
  decidedOn: string;
  totalLabel: string;
  tally: { stance: Stance; label: string; count: number; className: string }[];
  stanceChart: StanceChartView;
  timeline: TimelineChartView;
  /** Supporters and opponents, side by side. */
  sides: [DebateColumn, DebateColumn];
  /** Mixed, neutral and unclear, below; only those with statements. */
  others: DebateColumn[];
  searchUrl: string;
  apiUrl: string;
}

const HEADINGS: Record<Stance, string> = {
  support: 'In support', oppose: 'In opposition', mixed: 'Mixed', neutral: 'Neutral', unclear: 'Stance unclear',
};

export function toMeasurePageView(measure: MeasureDetailRow, statements: readonly Statement[], baseUrl: string): MeasurePageView {
  const counts = countStances(statements);
  const column = (stance: Stance): DebateColumn => {
    const matching = statements.filter((s) => s.stance === stance);
    return {
      stance,
      headingId: `debate-${stance}`,
      heading: `${HEADINGS[stance]} (${matching.length})`,
      emptyLabel: `No statement in the archive is ${stance === 'support' ? 'in support' : stance === 'oppose' ? 'in opposition' : stance}.`,
      statements: matching.map((s) => toStatementCardView(s)),
    };
  };
  return {
    title: measure.title,
    canonicalUrl: toAbsoluteUrl(baseUrl, measurePath(measure.id)),
    heading: measure.title,
    description: measure.description,
    bodyName: measure.body_name ?? NOT_GIVEN,
    outcome: measure.outcome ?? NOT_GIVEN,
    decidedOn: formatPartialDate(measure.decided_on, measure.decided_on_precision) ?? NOT_GIVEN,
    totalLabel: pluralize(statements.length, 'statement'),
    tally: STANCES.map((stance) => ({ stance, label: STANCE_NAMES[stance], count: counts[stance], className: `stance-${stance}` })),
    stanceChart: toStanceChartView(
      [{ measureId: measure.id, label: measure.title, url: null, counts, total: statements.length }],
      { id: 'measure-stances', subject: measure.title },
    ),
    timeline: toTimelineChartView(statements.map(effectiveDate), { id: 'measure-timeline', subject: measure.title }),
    sides: [column('support'), column('oppose')],
    others: (['mixed', 'neutral', 'unclear'] as const).map(column).filter((c) => c.statements.length > 0),
    searchUrl: `/search?measure=${encodeURIComponent(measure.id)}`,
    apiUrl: `/api${measurePath(measure.id)}`,
  };
}
