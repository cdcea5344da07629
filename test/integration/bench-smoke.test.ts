import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPerf, type PerfResults } from '../../bench/perf.harness.js';
import { checkGoals, PERF_HEADING, renderPerfTable, renderZipfTable, replaceSection } from '../../bench/perf.report.js';
import { runZipf, zipfSequence } from '../../bench/zipf.bench.js';

// The performance harness on a tiny corpus, so it cannot rot: it must produce every figure.
// It asserts that figures exist and make sense, never how fast anything is.
describe('the performance benchmark harness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onrecord-bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures every figure against the raw engine on a small corpus', async () => {
    const results: PerfResults = await runPerf({
      size: 300,
      dir: join(dir, 'run'),
      queries: 8,
      concurrency: { low: 1, high: 2 },
      highRounds: 1,
      edits: 3,
      importBatch: 100,
      rebuildBatch: 100,
      app: 'source',
      log: () => undefined,
      mixed: { requests: 200, concurrency: 4 },
    });
    // Every page the mixed load visits exists and answers: a broken link in it would show as errors.
    expect(results.mixed).toMatchObject({ requests: 200, errors: 0, serverErrors: 0, concurrency: 4 });
    const positive = [
      results.import.perSecond,
      results.mapping.perSecond,
      results.rebuild.ours.perSecond,
      results.rebuild.raw.perSecond,
      results.freshness.p50,
      results.freshness.p95,
      results.freshness.rawP95,
      results.fts5.build.perSecond,
      results.fts5.search.p95,
      results.memory.appPeakMb,
      results.memory.enginePeakMb,
      results.disk.sqliteMb,
      results.disk.engineMb,
      results.disk.fts5Mb,
    ];
    for (const level of [results.search.low, results.search.high]) {
      for (const figures of [level.raw, level.api, level.html]) {
        expect(figures.errors).toBe(0);
        positive.push(figures.requests, figures.p50, figures.p95, figures.p99, figures.rps);
      }
    }
    for (const value of positive) expect(value).toBeGreaterThan(0);
    for (const ratio of [results.rebuild.ratio, ...Object.values(results.ratios)]) expect(Number.isFinite(ratio)).toBe(true);
    expect(results.search.low.api.requests).toBe(8);
    expect(results.machine.meilisearch).toMatch(/^\d+\.\d+/);

    const table = renderPerfTable(results);
    expect(table).toContain('| full rebuild');
    expect(table).toContain('| mixed load: 200 requests at c4');
    expect(checkGoals(results)).toHaveLength(9);
  }, 180_000);

  it('measures the repeated-query load against the raw engine on one Zipf sequence', async () => {
    // Rank 1 is drawn most: a real repeat load, not the list sent round again.
    const sequence = zipfSequence(220, 2000);
    const first = sequence.filter((i) => i === 0).length;
    expect(first).toBeGreaterThan(sequence.filter((i) => i === 9).length);
    expect(new Set(sequence).size).toBeLessThan(220);

    const results = await runZipf({
      size: 300,
      dir: join(dir, 'zipf'),
      queries: 8,
      requests: 40,
      concurrency: [2],
      app: 'source',
      log: () => undefined,
    });
    expect(results.levels).toHaveLength(1);
    for (const figures of [results.levels[0]?.raw, results.levels[0]?.api, results.levels[0]?.html]) {
      expect(figures).toMatchObject({ requests: 40, errors: 0 });
      expect(figures?.rps).toBeGreaterThan(0);
    }
    expect(results.distinct).toBeLessThanOrEqual(8);
    expect(renderZipfTable(results)).toContain('| /api/search c2 throughput (req/s)');
  }, 180_000);

  it('replaces only its own section of BENCHMARKS.md', () => {
    const file = join(dir, 'BENCHMARKS.md');
    writeFileSync(file, '# Benchmarks\n\n## Relevance\n\nkept\n\n## Performance\n\nold\n\n## Quote extraction\n\nalso kept\n');
    replaceSection(file, PERF_HEADING, 'new figures');
    expect(readFileSync(file, 'utf8')).toBe(
      '# Benchmarks\n\n## Relevance\n\nkept\n\n## Performance\n\nnew figures\n\n## Quote extraction\n\nalso kept\n',
    );
    replaceSection(file, '## Other', 'appended');
    expect(readFileSync(file, 'utf8')).toMatch(/also kept\n\n## Other\n\nappended\n$/);
  });
});
