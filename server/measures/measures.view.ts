import { toDivisionView, type DivisionView } from '../display/division.view.js';
import { STANCES, type Stance } from '../../data/archive.types.js';
import type { MeasurePage } from '../services/browse.service.js';
import { NOT_GIVEN, pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { sumStances, toStanceChartView, type StanceChartView } from '../charts/stance-chart.view.js';
import { toTimelineChartView, toYearCounts, type TimelineChartView } from '../charts/timeline-chart.view.js';
import { toStatementCardView, type StatementCardView } from '../statements/statement.view.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';
import { STANCE_NAMES } from '../../data/domain/labels.js';

export const measurePath = (id: string) => `/measures/${encodeURIComponent(id)}`;

/** Statements each column of the debate view shows; "all N …" links to the rest in search. */
export const DEBATE_COLUMN_SIZE = 10;

interface DebateColumn {
  stance: Stance;
  headingId: string;
  heading: string;
  emptyLabel: string;
  statements: StatementCardView[];
  /** The column's every statement in search, when it shows only the first ones. */
  more: { label: string; url: string } | null;
}

export interface MeasurePageView {
  title: string;
  canonicalUrl: string;
  heading: string;
  description: string | null;
  bodyName: string;
  bodyDivision: DivisionView | null;
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
  support: 'In support',
  oppose: 'In opposition',
  mixed: 'Mixed',
  neutral: 'Neutral',
  unclear: 'Stance unclear',
};

const ALL_OF_STANCE: Record<Stance, [string, string]> = {
  support: ['supporting statement', 'supporting statements'],
  oppose: ['opposing statement', 'opposing statements'],
  mixed: ['mixed statement', 'mixed statements'],
  neutral: ['neutral statement', 'neutral statements'],
  unclear: ['statement with its stance unclear', 'statements with their stance unclear'],
};

/**
 * The debate view: `firsts` holds each stance's first statements (up to DEBATE_COLUMN_SIZE), and
 * the tallies count them all.
 */
export function toMeasurePageView({
  measure,
  bodyDivision,
  tallies,
  firsts,
  baseUrl,
}: MeasurePage & { baseUrl: string }): MeasurePageView {
  const counts = sumStances(tallies.byMeasure);
  const searchUrl = `/search?measure=${encodeURIComponent(measure.id)}`;
  const column = (stance: Stance): DebateColumn => {
    const shown = firsts.filter((s) => s.stance === stance);
    const count = counts[stance];
    return {
      stance,
      headingId: `debate-${stance}`,
      heading: `${HEADINGS[stance]} (${count.toLocaleString('en-US')})`,
      emptyLabel: `No statement in the archive is ${stance === 'support' ? 'in support' : stance === 'oppose' ? 'in opposition' : stance}.`,
      statements: shown.map((s) => toStatementCardView(s)),
      more:
        count > shown.length
          ? { label: `All ${pluralize(count, ...ALL_OF_STANCE[stance])}`, url: `${searchUrl}&stance=${stance}` }
          : null,
    };
  };
  return {
    title: measure.title,
    canonicalUrl: toAbsoluteUrl(baseUrl, measurePath(measure.id)),
    heading: measure.title,
    description: measure.description,
    bodyName: measure.body?.name ?? NOT_GIVEN,
    bodyDivision: toDivisionView(bodyDivision),
    outcome: measure.outcome ?? NOT_GIVEN,
    decidedOn: formatPartialDate(measure.decided_on, measure.decided_on_precision) ?? NOT_GIVEN,
    totalLabel: pluralize(tallies.total, 'statement'),
    tally: STANCES.map((stance) => ({
      stance,
      label: STANCE_NAMES[stance],
      count: counts[stance],
      className: `stance-${stance}`,
    })),
    stanceChart: toStanceChartView([{ measureId: measure.id, label: measure.title, url: null, counts, total: tallies.total }], {
      id: 'measure-stances',
      subject: measure.title,
    }),
    timeline: toTimelineChartView(toYearCounts(tallies.byYear), { id: 'measure-timeline', subject: measure.title }),
    sides: [column('support'), column('oppose')],
    others: (['mixed', 'neutral', 'unclear'] as const).filter((stance) => counts[stance] > 0).map(column),
    searchUrl,
    apiUrl: `/api${measurePath(measure.id)}`,
  };
}
