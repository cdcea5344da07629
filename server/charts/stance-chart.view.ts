import { STANCES, type Stance } from '../../data/archive.types.js';
import type { StanceByMeasure } from '../../data/statement-browse.repository.js';
import { pluralize } from '../display/display.format.js';
import { STANCE_NAMES } from '../../data/domain/labels.js';

// A horizontal stacked bar per measure: one segment per stance, all bars on one scale so
// lengths compare across rows. The geometry is computed here; the template only prints it.

export type StanceCounts = Record<Stance, number>;

export interface StanceTallyRow {
  /** The measure's id, or null for statements that name no measure. */
  measureId: string | null;
  label: string;
  url: string | null;
  counts: StanceCounts;
  total: number;
}

export interface StanceChartSegment {
  stance: Stance;
  className: string;
  x: number;
  width: number;
  /** Printed inside the segment only where it fits; the table always has every number. */
  countLabel: string | null;
  countX: number;
  tooltip: string;
}

export interface StanceChartRow {
  label: string;
  labelY: number;
  barY: number;
  totalLabel: string;
  totalX: number;
  totalY: number;
  countY: number;
  segments: StanceChartSegment[];
}

export interface StanceChartView {
  titleId: string;
  descId: string;
  title: string;
  description: string;
  width: number;
  height: number;
  barHeight: number;
  rows: StanceChartRow[];
  legend: { stance: Stance; label: string; className: string }[];
  table: {
    caption: string;
    stanceHeadings: { stance: Stance; label: string }[];
    rows: { label: string; url: string | null; cells: { stance: Stance; count: number }[]; total: number }[];
  };
  isEmpty: boolean;
}

export const STANCE_CHART_WIDTH = 640;
/** Measures a page's chart names one by one; the rest are added up in one row. */
export const CHART_MAX_MEASURES = 12;
const TOTAL_GUTTER = 48;
const LABEL_HEIGHT = 18;
const BAR_HEIGHT = 22;
const ROW_GAP = 14;
const MIN_WIDTH_FOR_COUNT = 22;
const MAX_LABEL_CHARS = 80;

const collator = new Intl.Collator('en');

export function emptyStanceCounts(): StanceCounts {
  return { support: 0, oppose: 0, mixed: 0, neutral: 0, unclear: 0 };
}

/** Counts of each stance over all the rows (every measure), with zeros for stances nobody took. */
export function sumStances(rows: readonly Pick<StanceByMeasure, 'stance' | 'n'>[]): StanceCounts {
  const counts = emptyStanceCounts();
  for (const row of rows) counts[row.stance] += row.n;
  return counts;
}

/**
 * One row per measure from the aggregate's (measure, stance, count) rows: most statements first,
 * then by title; "no measure named" last. With `maxMeasures`, the measures past it are added up in
 * one "other measures" row (a topic can span a thousand measures; a chart of them all says nothing).
 */
export function toStanceTallyRows(rows: readonly StanceByMeasure[], options: { maxMeasures?: number } = {}): StanceTallyRow[] {
  const byMeasure = new Map<string | null, StanceTallyRow>();
  for (const row of rows) {
    const key = row.measure_id;
    let tally = byMeasure.get(key);
    if (!tally) {
      tally = {
        measureId: key,
        label: key === null ? 'No measure named' : (row.measure_title ?? key),
        url: key === null ? null : `/measures/${encodeURIComponent(key)}`,
        counts: emptyStanceCounts(),
        total: 0,
      };
      byMeasure.set(key, tally);
    }
    tally.counts[row.stance] += row.n;
    tally.total += row.n;
  }
  const none = byMeasure.get(null);
  const named = [...byMeasure.values()]
    .filter((row) => row.measureId !== null)
    .sort((a, b) => b.total - a.total || collator.compare(a.label, b.label));
  const max = options.maxMeasures ?? Infinity;
  const shown = named.slice(0, max);
  const rest = named.slice(max);
  if (rest.length > 0) {
    const counts = emptyStanceCounts();
    for (const row of rest) for (const stance of STANCES) counts[stance] += row.counts[stance];
    shown.push({
      measureId: null,
      label: pluralize(rest.length, 'other measure'),
      url: null,
      counts,
      total: rest.reduce((sum, row) => sum + row.total, 0),
    });
  }
  return none ? [...shown, none] : shown;
}

export function toStanceChartView(rows: readonly StanceTallyRow[], options: { id: string; subject: string }): StanceChartView {
  const plotWidth = STANCE_CHART_WIDTH - TOTAL_GUTTER;
  const maxTotal = Math.max(0, ...rows.map((row) => row.total));
  // With nothing to show every bar has zero width, rather than dividing by zero.
  const scale = maxTotal > 0 ? plotWidth / maxTotal : 0;
  const rowHeight = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP;

  const chartRows = rows.map((row, index): StanceChartRow => {
    const top = index * rowHeight;
    const barY = top + LABEL_HEIGHT;
    let x = 0;
    const segments = STANCES.filter((stance) => row.counts[stance] > 0).map((stance): StanceChartSegment => {
      const count = row.counts[stance];
      const width = round(count * scale);
      const segment = {
        stance,
        className: `chart-seg stance-${stance}`,
        x: round(x),
        width,
        countLabel: width >= MIN_WIDTH_FOR_COUNT ? String(count) : null,
        countX: round(x + width / 2),
        tooltip: `${STANCE_NAMES[stance]}: ${pluralize(count, 'statement')}`,
      };
      x += width;
      return segment;
    });
    return {
      label: truncate(row.label, MAX_LABEL_CHARS),
      labelY: top + LABEL_HEIGHT - 5,
      barY,
      totalLabel: String(row.total),
      totalX: round(x + 6),
      totalY: barY + BAR_HEIGHT / 2 + 5,
      countY: barY + BAR_HEIGHT / 2 + 5,
      segments,
    };
  });

  const grandTotal = rows.reduce((sum, row) => sum + row.total, 0);
  const summary = rows.map((row) => `${row.label}: ${describeCounts(row.counts)}`).join('; ');
  return {
    titleId: `${options.id}-title`,
    descId: `${options.id}-desc`,
    title: `Stance by measure: ${options.subject}`,
    description: grandTotal === 0 ? 'No statements to chart.' : `${summary}.`,
    width: STANCE_CHART_WIDTH,
    height: Math.max(rowHeight, rows.length * rowHeight),
    barHeight: BAR_HEIGHT,
    rows: chartRows,
    legend: STANCES.map((stance) => ({ stance, label: STANCE_NAMES[stance], className: `chart-key stance-${stance}` })),
    table: {
      caption: `Statements by stance, per measure (${pluralize(grandTotal, 'statement')})`,
      stanceHeadings: STANCES.map((stance) => ({ stance, label: STANCE_NAMES[stance] })),
      rows: rows.map((row) => ({
        label: row.label,
        url: row.url,
        cells: STANCES.map((stance) => ({ stance, count: row.counts[stance] })),
        total: row.total,
      })),
    },
    isEmpty: grandTotal === 0,
  };
}

/** "4 support, 4 oppose" — only the stances someone took. */
export function describeCounts(counts: StanceCounts): string {
  const parts = STANCES.filter((stance) => counts[stance] > 0).map((stance) => `${counts[stance]} ${stance}`);
  return parts.length > 0 ? parts.join(', ') : 'no statements';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
