/**
 * Hostile HTML through the converter (`npx tsx bench/extraction.hostile.ts`): each shape that
 * made the old hand-written tokenizer quadratic or overflow its stack, at 100 KB and 1 MB. Prints
 * a table of milliseconds; the target is under a second for each case at 1 MB.
 */
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFromDocument } from '../server/ingest/extraction.document.js';
import { htmlToText } from '../server/ingest/source-text.html.js';
import { hostileHtmlCases } from './extraction.hostile-cases.js';
import { writeBenchmarkSection } from './extraction.report.js';

const sizes = [100 * 1024, 1024 * 1024];
const rows = [
  '| case | size | html → text (ms) | whole ingest: text + extraction (ms) | text chars |',
  '|---|---:|---:|---:|---:|',
];
for (const hostile of hostileHtmlCases) {
  for (const size of sizes) {
    const html = hostile.build(size);
    let started = performance.now();
    const text = htmlToText(html);
    const convert = performance.now() - started;
    started = performance.now();
    extractFromDocument(html, 'hostile.html');
    const total = performance.now() - started;
    rows.push(
      `| ${hostile.name} | ${(html.length / 1024).toFixed(0)} KB | ${convert.toFixed(0)} | ${total.toFixed(0)} | ${text.length} |`,
    );
  }
}

// The machine is shared: the load when measured says how far the timings are inflated.
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ');
const SECTION = '## Hostile HTML';
const body = [
  SECTION,
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npx tsx bench/extraction.hostile.ts\` (bench/extraction.hostile-cases.ts): each shape at 100 KB and 1 MB through htmlToText alone and through the whole ingest (conversion, quote and paraphrase extraction). Target: under a second for each case at 1 MB for the conversion. Timings are one run on a shared machine and vary by ±50%; load average when measured (1 / 5 / 15 min): ${load} on ${cpus().length} cores.`,
  '',
  ...rows,
  '',
].join('\n');
console.log(body);
if (!process.argv.includes('--no-write'))
  writeBenchmarkSection(join(dirname(fileURLToPath(import.meta.url)), '..', 'BENCHMARKS.md'), SECTION, body);
