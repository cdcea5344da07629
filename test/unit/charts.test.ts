import { describe, expect, it } from 'vitest';
import {
  emptyStanceCounts,
  STANCE_CHART_WIDTH,
  sumStances,
  toStanceChartView,
  toStanceTallyRows,
  type StanceTallyRow,
} from '../../server/charts/stance-chart.view.js';
import { toTimelineChartView, toYearCounts } from '../../server/charts/timeline-chart.view.js';

/** Year counts as the aggregate returns them, from one date (or null) per statement. */
const yearsOf = (dates: (string | null)[]) => toYearCounts(dates.map((date) => ({ year: date?.slice(0, 4) ?? null, n: 1 })));

function row(label: string, counts: Partial<ReturnType<typeof emptyStanceCounts>>): StanceTallyRow {
  const full = { ...emptyStanceCounts(), ...counts };
  return { measureId: label, label, url: null, counts: full, total: Object.values(full).reduce((a, b) => a + b, 0) };
}

/** Every number in a view, however deeply nested, to check none is NaN or infinite. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('stance chart geometry', () => {
  it('makes segment widths proportional to counts, on one scale for every bar', () => {
    const chart = toStanceChartView([row('A', { support: 4, oppose: 2 }), row('B', { oppose: 1 })], { id: 'c', subject: 'test' });
    const [a, b] = chart.rows;
    const support = a?.segments.find((s) => s.stance === 'support');
    const oppose = a?.segments.find((s) => s.stance === 'oppose');
    expect(support?.width).toBeCloseTo(2 * (oppose?.width ?? 0), 1);
    expect(b?.segments[0]?.width).toBeCloseTo((oppose?.width ?? 0) / 2, 1);
    // The longest bar spans the plot, leaving room for its total.
    const longest = (support?.width ?? 0) + (oppose?.width ?? 0);
    expect(longest).toBeGreaterThan(STANCE_CHART_WIDTH * 0.8);
    expect(longest).toBeLessThanOrEqual(STANCE_CHART_WIDTH);
  });

  it('stacks segments end to end in stance order, leaving out stances nobody took', () => {
    const chart = toStanceChartView([row('A', { support: 1, mixed: 2, unclear: 3 })], { id: 'c', subject: 'test' });
    const segments = chart.rows[0]?.segments ?? [];
    expect(segments.map((s) => s.stance)).toEqual(['support', 'mixed', 'unclear']);
    for (let i = 1; i < segments.length; i += 1) {
      const previous = segments[i - 1];
      expect(segments[i]?.x).toBeCloseTo((previous?.x ?? 0) + (previous?.width ?? 0), 1);
    }
  });

  it('handles zero totals without NaN and says there is nothing to chart', () => {
    const empty = toStanceChartView([row('A', {})], { id: 'c', subject: 'test' });
    expect(empty.isEmpty).toBe(true);
    expect(empty.rows[0]?.segments).toEqual([]);
    expect(numbersIn(empty).every(Number.isFinite)).toBe(true);
    const none = toStanceChartView([], { id: 'c', subject: 'test' });
    expect(none.isEmpty).toBe(true);
    expect(numbersIn(none).every(Number.isFinite)).toBe(true);
  });

  it('puts the same numbers in the table as in the bars', () => {
    const chart = toStanceChartView([row('A', { support: 3, oppose: 5, neutral: 1 })], { id: 'c', subject: 'test' });
    const cells = Object.fromEntries(chart.table.rows[0]?.cells.map((c) => [c.stance, c.count]) ?? []);
    expect(cells).toEqual({ support: 3, oppose: 5, mixed: 0, neutral: 1, unclear: 0 });
    expect(chart.table.rows[0]?.total).toBe(9);
    expect(chart.description).toContain('3 support, 5 oppose, 1 neutral');
  });

  it('tallies the aggregate per measure, most statements first, with statements that name no measure last', () => {
    const rows = toStanceTallyRows([
      { measure_id: null, measure_title: null, stance: 'support', n: 1 },
      { measure_id: 'm2', measure_title: 'M2', stance: 'support', n: 1 },
      { measure_id: 'm1', measure_title: 'M1', stance: 'oppose', n: 2 },
      { measure_id: 'm1', measure_title: 'M1', stance: 'support', n: 1 },
    ]);
    expect(rows.map((r) => [r.measureId, r.total])).toEqual([
      ['m1', 3],
      ['m2', 1],
      [null, 1],
    ]);
    expect(rows[0]?.counts).toMatchObject({ oppose: 2, support: 1 });
    expect(rows[0]?.url).toBe('/measures/m1');
    expect(rows[2]?.label).toBe('No measure named');
    expect(
      sumStances([
        { stance: 'mixed', n: 2 },
        { stance: 'mixed', n: 1 },
        { stance: 'oppose', n: 4 },
      ]),
    ).toEqual({ ...emptyStanceCounts(), mixed: 3, oppose: 4 });
  });

  it('adds up the measures past the cap in one row, so a chart of a thousand measures stays readable', () => {
    const aggregate = Array.from({ length: 30 }, (_, i) => ({
      measure_id: `m${i}`,
      measure_title: `M${i}`,
      stance: 'support' as const,
      n: 100 - i,
    }));
    const rows = toStanceTallyRows([...aggregate, { measure_id: null, measure_title: null, stance: 'unclear', n: 7 }], {
      maxMeasures: 12,
    });
    expect(rows).toHaveLength(14);
    expect(rows.slice(0, 12).map((r) => r.measureId)).toEqual(aggregate.slice(0, 12).map((r) => r.measure_id));
    const other = rows[12];
    expect(other?.label).toBe('18 other measures');
    expect(other?.total).toBe(aggregate.slice(12).reduce((sum, r) => sum + r.n, 0));
    expect(rows[13]).toMatchObject({ label: 'No measure named', total: 7 });
  });
});

describe('statements-over-time chart', () => {
  it('counts by year and keeps undated statements apart', () => {
    const counts = toYearCounts([
      { year: '2021', n: 2 },
      { year: null, n: 2 },
      { year: '2023', n: 1 },
    ]);
    expect([...counts.byYear]).toEqual([
      [2021, 2],
      [2023, 1],
    ]);
    expect(counts.undated).toBe(2);
  });

  it('plots every year in the span, empty years included, with heights proportional to counts', () => {
    const chart = toTimelineChartView(yearsOf(['2020', '2020', '2022-01-05', '2020-07']), { id: 't', subject: 'test' });
    expect(chart.bars.map((b) => [b.year, b.count])).toEqual([
      [2020, 3],
      [2021, 0],
      [2022, 1],
    ]);
    const [y2020, y2021, y2022] = chart.bars;
    expect(y2020?.height).toBeCloseTo(3 * (y2022?.height ?? 0), 1);
    expect(y2021?.height).toBe(0);
    expect(y2020?.y).toBeCloseTo(chart.baselineY - (y2020?.height ?? 0), 5);
    expect(chart.undatedNote).toBeNull();
    expect(numbersIn(chart).every(Number.isFinite)).toBe(true);
  });

  it('never plots undated statements; it says how many there are instead', () => {
    const allUndated = toTimelineChartView(yearsOf([null, null, null]), { id: 't', subject: 'test' });
    expect(allUndated.hasBars).toBe(false);
    expect(allUndated.bars).toEqual([]);
    expect(allUndated.undatedNote).toBe('None of these 3 statements has a date given in source, so none is plotted.');
    expect(allUndated.table.rows).toEqual([{ label: 'Date not given in source', count: 3, undated: true }]);
    expect(numbersIn(allUndated).every(Number.isFinite)).toBe(true);

    const some = toTimelineChartView(yearsOf(['2024-05-02', null]), { id: 't', subject: 'test' });
    expect(some.bars.map((b) => b.year)).toEqual([2024]);
    expect(some.undatedNote).toBe('1 statement has no date given in source and is not plotted.');
  });

  it('handles no statements at all without NaN', () => {
    const chart = toTimelineChartView(yearsOf([]), { id: 't', subject: 'test' });
    expect(chart.hasBars).toBe(false);
    expect(chart.undatedNote).toBeNull();
    expect(chart.table.rows).toEqual([]);
    expect(numbersIn(chart).every(Number.isFinite)).toBe(true);
  });

  it('labels only some years when the span is long, so labels do not overlap', () => {
    const chart = toTimelineChartView(yearsOf(['1990', '2024']), { id: 't', subject: 'test' });
    expect(chart.bars).toHaveLength(35);
    const labelled = chart.bars.filter((b) => b.yearLabel !== null);
    expect(labelled.length).toBeLessThanOrEqual(12);
    expect(labelled[0]?.yearLabel).toBe('1990');
  });
});
