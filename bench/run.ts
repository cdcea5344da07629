/**
 * `npm run bench` — the performance benchmark (issue 6). Builds a synthetic archive of --size
 * statements (default 100,000) under bench/var/, measures our layer against the raw engine,
 * writes bench/results/perf-<size>.json and the "## Performance" section of BENCHMARKS.md
 * (a table per measured size, plus the notes in bench/perf.notes.md).
 *
 *   npx tsx bench/run.ts [--size N] [--quick] [--profile] [--keep] [--no-write]
 *   npx tsx bench/run.ts --zipf [--size N]   (the repeated-query load alone, bench/zipf.bench.ts)
 *   npx tsx bench/run.ts --report-only   (re-renders the section from bench/results/perf-*.json and zipf-*.json)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../data/paths.js';
import { runAlertsBench } from './alerts.bench.js';
import { runPerf, type PerfResults } from './perf.harness.js';
import { PERF_HEADING, renderPerfTable, renderZipfTable, replaceSection } from './perf.report.js';
import { runZipf, type ZipfResults } from './zipf.bench.js';

const benchDir = join(projectRoot, 'bench');
const resultsDir = join(benchDir, 'results');

function parseSize(raw: string | undefined): number {
  const size = Number((raw ?? '100000').replace(/[_,]/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isInteger(size) || size < 100) throw new Error(`--size: expected a whole number of at least 100, got ${raw}`);
  return size;
}

/** Every size measured so far, smallest first, with the notes: the whole section. */
function renderSection(): string {
  const results = readdirSync(resultsDir)
    .filter((f) => /^perf-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as PerfResults)
    .filter((r) => r.size >= 10_000)
    .sort((a, b) => a.size - b.size);
  const zipf = readdirSync(resultsDir)
    .filter((f) => /^zipf-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as ZipfResults)
    .sort((a, b) => a.size - b.size);
  const notesFile = join(benchDir, 'perf.notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : '';
  const [intro = '', ...rest] = notes.split(/\n(?=### )/);
  return [intro, ...results.map(renderPerfTable), ...zipf.map(renderZipfTable), ...rest]
    .map((part) => part.trim())
    .filter(Boolean)
    .join('\n\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      quick: { type: 'boolean' },
      profile: { type: 'boolean' },
      keep: { type: 'boolean' },
      'no-write': { type: 'boolean' },
      'report-only': { type: 'boolean' },
      zipf: { type: 'boolean' },
    },
  });
  if (values['report-only']) {
    replaceSection(join(projectRoot, 'BENCHMARKS.md'), PERF_HEADING, renderSection());
    return;
  }
  const size = parseSize(values.size);
  if (values.zipf) {
    await recordZipf(size, values['no-write'] === true);
    return;
  }
  const quick = values.quick === true;
  const dir = join(benchDir, 'var', `perf-${size}`);
  const started = Date.now();
  const results = await runPerf({
    size,
    dir,
    queries: quick ? 60 : 220,
    highRounds: quick ? 1 : 3,
    edits: quick ? 20 : 100,
    keep: values.keep === true,
    profileDir: values.profile ? join(benchDir, 'var', 'profiles') : undefined,
  });
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(renderPerfTable(results));
  // Quick runs and the profiling run are for development: they never replace the recorded figures.
  if (quick || values.profile || values['no-write']) return;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `perf-${size}.json`), JSON.stringify(results, null, 2) + '\n');
  replaceSection(join(projectRoot, 'BENCHMARKS.md'), PERF_HEADING, renderSection());
  console.log(`wrote bench/results/perf-${size}.json and the ${PERF_HEADING} section of BENCHMARKS.md`);
  // Alerts (issue 17): 10,000 saved searches against a day of new statements, at the same size.
  await runAlertsBench({ size });
  // The repeated-query load (the search cache), on its own archive of the same size.
  await recordZipf(size, false);
}

async function recordZipf(size: number, noWrite: boolean): Promise<void> {
  const started = Date.now();
  const results = await runZipf({ size, dir: join(benchDir, 'var', `zipf-${size}`) });
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(renderZipfTable(results));
  if (noWrite) return;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `zipf-${size}.json`), JSON.stringify(results, null, 2) + '\n');
  replaceSection(join(projectRoot, 'BENCHMARKS.md'), PERF_HEADING, renderSection());
  console.log(`wrote bench/results/zipf-${size}.json and the ${PERF_HEADING} section of BENCHMARKS.md`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
