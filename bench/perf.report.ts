/**
 * Renders the "## Performance" section of BENCHMARKS.md and replaces only that section:
 * other benchmarks write their own sections into the same file, so the file is re-read right
 * before writing and everything outside our section is kept byte for byte.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { PerfResults } from './perf.harness.js';
import type { ZipfResults } from './zipf.bench.js';

export const PERF_HEADING = '## Performance';

const n = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });
const x = (value: number) => `${value.toFixed(2)}×`;
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

/** Goals from issue 6, checked against one run's figures. */
export function checkGoals(r: PerfResults): { goal: string; figure: string; met: boolean | null }[] {
  const atMillion = r.size >= 1_000_000;
  return [
    { goal: 'rebuild ≥ 0.9× raw ingestion', figure: x(r.rebuild.ratio), met: r.rebuild.ratio >= 0.9 },
    {
      goal: `/api/search p95 ≤ 1.2× raw at c${r.concurrency.low}`,
      figure: x(r.ratios.apiP95Low),
      met: r.ratios.apiP95Low <= 1.2,
    },
    {
      goal: `/search HTML p95 ≤ 1.4× raw at c${r.concurrency.low}`,
      figure: x(r.ratios.htmlP95Low),
      met: r.ratios.htmlP95Low <= 1.4,
    },
    {
      goal: `/api/search throughput ≥ 0.8× raw at c${r.concurrency.high}`,
      figure: x(r.ratios.apiRpsHigh),
      met: r.ratios.apiRpsHigh >= 0.8,
    },
    {
      goal: `/search HTML throughput ≥ 0.7× raw at c${r.concurrency.high}`,
      figure: x(r.ratios.htmlRpsHigh),
      met: r.ratios.htmlRpsHigh >= 0.7,
    },
    { goal: 'edit-to-searchable p95 ≤ 1 s', figure: `${n(r.freshness.p95)} ms`, met: r.freshness.p95 <= 1000 },
    ...(r.mixed
      ? [
          {
            goal: `mixed load at c${r.mixed.concurrency}: zero errors, zero 5xx (issue 7)`,
            figure: `${n(r.mixed.errors)} errors, ${n(r.mixed.serverErrors)} 5xx of ${n(r.mixed.requests + r.mixed.errors)}; p99 ${n(r.mixed.p99)} ms`,
            met: r.mixed.errors === 0 && r.mixed.serverErrors === 0,
          },
        ]
      : []),
    {
      goal: 'app RSS ≤ 200 MB under c16 load (at 1M)',
      figure: `${n(r.memory.appPeakMb)} MB peak`,
      met: atMillion ? r.memory.appPeakMb <= 200 : null,
    },
    {
      goal: 'faster than FTS5 on faceted queries (at 1M)',
      figure: `raw p95 ${n(r.search.low.raw.p95)} ms, ours ${n(r.search.low.api.p95)} ms vs FTS5 ${n(r.fts5.search.p95)} ms`,
      met: atMillion ? r.search.low.api.p95 < r.fts5.search.p95 : null,
    },
  ];
}

export function renderPerfTable(r: PerfResults): string {
  const { low, high } = r.search;
  const lines = [
    `### ${n(r.size)} statements`,
    '',
    `Measured ${r.date.slice(0, 10)} by \`npm run bench -- --size ${r.size}\` (bench/run.ts) on ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB RAM; Node ${r.machine.node}, Meilisearch ${r.machine.meilisearch}. ${r.queries} queries (single words, phrases, multi-word, typos, browsing; 0–3 filters; every facet counted). App and engine share the same cores with the load generator.`,
    '',
    '| figure | ours | raw engine | ours/raw |',
    '|---|---:|---:|---:|',
    `| import through importArchive (statements/s) | ${n(r.import.perSecond)} | — | — |`,
    `| reading SQLite + mapping documents, no engine (docs/s) | ${n(r.mapping.perSecond)} | — | — |`,
    `| full rebuild, batch ${n(r.rebuild.batchSize)} (docs/s) | ${n(r.rebuild.ours.perSecond)} | ${n(r.rebuild.raw.perSecond)} | ${x(r.rebuild.ratio)} |`,
  ];
  for (const [label, figures] of [
    [`c${r.concurrency.low}`, low],
    [`c${r.concurrency.high}`, high],
  ] as const) {
    for (const [path, mine] of [
      ['/api/search', figures.api],
      ['/search HTML', figures.html],
    ] as const) {
      lines.push(
        `| ${path} ${label} p50 / p95 / p99 (ms) | ${n(mine.p50)} / ${n(mine.p95)} / ${n(mine.p99)} | ${n(figures.raw.p50)} / ${n(figures.raw.p95)} / ${n(figures.raw.p99)} | p95 ${x(mine.p95 / figures.raw.p95)} |`,
      );
      lines.push(
        `| ${path} ${label} throughput (req/s) | ${n(mine.rps)} | ${n(figures.raw.rps)} | ${x(mine.rps / figures.raw.rps)} |`,
      );
    }
  }
  lines.push(
    `| edit → searchable, p50 / p95 (ms, ${r.freshness.edits} edits; raw: one document pushed straight in) | ${n(r.freshness.p50)} / ${n(r.freshness.p95)} | ${n(r.freshness.rawP50)} / ${n(r.freshness.rawP95)} | p95 ${x(r.freshness.p95 / r.freshness.rawP95)} |`,
    ...(r.mixed
      ? [
          `| mixed load: ${n(r.mixed.requests + r.mixed.errors)} requests at c${r.mixed.concurrency} (searches with filters, permalinks, pages), p50 / p95 / p99 (ms); errors, 5xx | ${n(r.mixed.p50)} / ${n(r.mixed.p95)} / ${n(r.mixed.p99)}; ${n(r.mixed.errors)} errors, ${n(r.mixed.serverErrors)} 5xx, ${n(r.mixed.rps)} req/s | — | — |`,
        ]
      : []),
    `| SQLite FTS5 peer, c1 in-process, p50 / p95 / p99 (ms) | ${n(r.fts5.search.p50)} / ${n(r.fts5.search.p95)} / ${n(r.fts5.search.p99)} | ${n(low.raw.p50)} / ${n(low.raw.p95)} / ${n(low.raw.p99)} | p95 ${x(r.fts5.search.p95 / low.raw.p95)} |`,
    `| FTS5 facet counts alone (GROUP BY), p50 / p95 (ms) | ${n(r.fts5.facetP50)} / ${n(r.fts5.facetP95)} | — | — |`,
    `| FTS5 build (docs/s) | ${n(r.fts5.build.perSecond)} | ${n(r.rebuild.raw.perSecond)} | — |`,
    `| peak RSS: app under c${r.concurrency.high} load / Meilisearch over the run (MB) | ${n(r.memory.appPeakMb)} | ${n(r.memory.enginePeakMb)} | — |`,
    `| on disk: SQLite archive / Meilisearch / FTS5 peer (MB) | ${n(r.disk.sqliteMb)} | ${n(r.disk.engineMb)} | FTS5 ${n(r.disk.fts5Mb)} |`,
    '',
    '| goal | figure | |',
    '|---|---|---|',
    ...checkGoals(r).map((g) => `| ${g.goal} | ${g.figure} | ${g.met === null ? 'judged at 1M' : verdict(g.met)} |`),
    '',
  );
  return lines.join('\n');
}

/** The repeated-query (Zipf) load at one size: ours (search cache on) against the raw engine on the same sequence. */
export function renderZipfTable(r: ZipfResults): string {
  const lines = [
    `### Repeated queries (Zipf), ${n(r.size)} statements`,
    '',
    `Measured ${r.date.slice(0, 10)} by \`npx tsx bench/run.ts --zipf --size ${r.size}\` (bench/zipf.bench.ts) on ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB RAM; Node ${r.machine.node}; the machine was shared with other sessions' builds, tests and engines at the time. ${n(r.requests)} requests drawn from the ${r.queries} benchmark queries with weight 1/rank${r.exponent === 1 ? '' : `^${r.exponent}`} (${r.distinct} distinct, so ${(r.repeatShare * 100).toFixed(1)} % repeat an earlier request), the same sequence to each side; the app with its search cache on (default \`SEARCH_CACHE_MB\`), started afresh for each run so its misses are counted; the raw engine gets the exact multi-searches the app would send for each request. The cold figures above are measured with the cache off.`,
    '',
    '| figure | ours | raw engine | ours/raw |',
    '|---|---:|---:|---:|',
  ];
  for (const level of r.levels) {
    for (const [path, mine] of [
      ['/api/search', level.api],
      ['/search HTML', level.html],
    ] as const) {
      lines.push(
        `| ${path} c${level.concurrency} p50 / p95 / p99 (ms) | ${n(mine.p50)} / ${n(mine.p95)} / ${n(mine.p99)} | ${n(level.raw.p50)} / ${n(level.raw.p95)} / ${n(level.raw.p99)} | p95 ${x(mine.p95 / level.raw.p95)} |`,
        `| ${path} c${level.concurrency} throughput (req/s) | ${n(mine.rps)} | ${n(level.raw.rps)} | ${x(mine.rps / level.raw.rps)} |`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** Replaces the text between `heading` and the next "## " heading (or the end), or appends it. */
export function replaceSection(file: string, heading: string, body: string): void {
  // Re-read now: another benchmark may have rewritten its own section since we started.
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `${heading}\n\n${body.trim()}\n`;
  const lines = current.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  let next: string;
  if (start === -1) {
    next = `${current.replace(/\n*$/, '\n')}\n${section}`;
  } else {
    let end = lines.findIndex((line, i) => i > start && /^## /.test(line));
    if (end === -1) end = lines.length;
    const before = lines.slice(0, start).join('\n');
    const after = lines.slice(end).join('\n');
    next = `${before.replace(/\n*$/, '\n\n')}${section}${after ? `\n${after}` : ''}`;
  }
  writeFileSync(file, next.replace(/\n*$/, '\n'));
}
