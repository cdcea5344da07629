import type { YearCount } from '../../data/statement-browse.repository.js';
import { pluralize } from '../display/display.format.js';

// Statements per year, as vertical bars from the first dated year to the last (years with
// none included, so gaps show). Undated statements are counted and said so in words; they are
// never placed on a made-up date.

export interface TimelineBar {
  year: number;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
  centerX: number;
  countY: number;
  /** Every year when few; every nth when many, so labels never overlap. */
  yearLabel: string | null;
  countLabel: string | null;
  tooltip: string;
}

export interface TimelineChartView {
  titleId: string;
  descId: string;
  title: string;
  description: string;
  width: number;
  height: number;
  baselineY: number;
  yearLabelY: number;
  bars: TimelineBar[];
  /** False when nothing has a date: then there is no plot, only the sentence and the table. */
  hasBars: boolean;
  datedCount: number;
  undatedCount: number;
  /** Says how many statements have no date and that they are not plotted; null when all are dated. */
  undatedNote: string | null;
  table: { caption: string; rows: { label: string; count: number; undated: boolean }[] };
}

export const TIMELINE_WIDTH = 640;
const PLOT_TOP = 22;
const PLOT_HEIGHT = 140;
const YEAR_LABEL_SPACE = 24;
const MAX_BAR_WIDTH = 56;
const MAX_YEAR_LABELS = 12;

export interface YearCounts {
  byYear: Map<number, number>;
  undated: number;
}

/** The aggregate's (year, count) rows as a map; rows with no year are the undated statements. */
export function toYearCounts(rows: readonly YearCount[]): YearCounts {
  const byYear = new Map<number, number>();
  let undated = 0;
  for (const row of rows) {
    const year = row.year !== null && /^\d{4}$/.test(row.year) ? Number(row.year) : null;
    if (year === null) undated += row.n;
    else byYear.set(year, (byYear.get(year) ?? 0) + row.n);
  }
  return { byYear, undated };
}

export function toTimelineChartView(
  { byYear, undated }: YearCounts,
  options: { id: string; subject: string },
): TimelineChartView {
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const first = years[0];
  const last = years[years.length - 1];
  const span = first === undefined || last === undefined ? [] : range(first, last);
  const maxCount = Math.max(0, ...byYear.values());
  const slot = span.length > 0 ? TIMELINE_WIDTH / span.length : 0;
  const barWidth = round(Math.min(MAX_BAR_WIDTH, slot * 0.7));
  const baselineY = PLOT_TOP + PLOT_HEIGHT;
  const labelEvery = Math.max(1, Math.ceil(span.length / MAX_YEAR_LABELS));

  const bars = span.map((year, index): TimelineBar => {
    const count = byYear.get(year) ?? 0;
    const height = maxCount > 0 ? round((count / maxCount) * PLOT_HEIGHT) : 0;
    const centerX = round(index * slot + slot / 2);
    return {
      year,
      count,
      width: barWidth,
      height,
      centerX,
      x: round(centerX - barWidth / 2),
      y: round(baselineY - height),
      countY: round(baselineY - height - 6),
      yearLabel: index % labelEvery === 0 ? String(year) : null,
      countLabel: count > 0 && labelEvery === 1 ? String(count) : null,
      tooltip: `${year}: ${pluralize(count, 'statement')}`,
    };
  });

  const datedCount = [...byYear.values()].reduce((sum, n) => sum + n, 0);
  const undatedNote =
    undated === 0
      ? null
      : datedCount === 0
        ? `${undated === 1 ? 'This statement has' : `None of these ${pluralize(undated, 'statement')} has`} a date given in source, so ${undated === 1 ? 'it is' : 'none is'} plotted.`
        : `${pluralize(undated, 'statement')} ${undated === 1 ? 'has' : 'have'} no date given in source and ${undated === 1 ? 'is' : 'are'} not plotted.`;
  const described = bars
    .filter((bar) => bar.count > 0)
    .map((bar) => `${bar.year}: ${bar.count}`)
    .join(', ');

  return {
    titleId: `${options.id}-title`,
    descId: `${options.id}-desc`,
    title: `Statements over time: ${options.subject}`,
    description: [described ? `Statements per year — ${described}.` : 'No dated statements.', undatedNote]
      .filter(Boolean)
      .join(' '),
    width: TIMELINE_WIDTH,
    height: baselineY + YEAR_LABEL_SPACE,
    baselineY,
    yearLabelY: baselineY + 18,
    bars,
    hasBars: bars.length > 0,
    datedCount,
    undatedCount: undated,
    undatedNote,
    table: {
      caption: `Statements per year (${pluralize(datedCount + undated, 'statement')})`,
      rows: [
        ...bars.map((bar) => ({ label: String(bar.year), count: bar.count, undated: false })),
        ...(undated > 0 ? [{ label: 'Date not given in source', count: undated, undated: true }] : []),
      ],
    },
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
