/**
 * Hostile HTML through the converter (`npx tsx bench/extraction.hostile.ts`): each shape that
 * made the old hand-written tokenizer quadratic or overflow its stack, at 100 KB and 1 MB. Prints
 * a table of milliseconds; the target is under a second for each case at 1 MB.
 */
import { extractFromDocument } from '../server/ingest/extraction.document.js';
import { hostileHtmlCases } from './extraction.hostile-cases.js';

import { htmlToText } from '../server/ingest/source-text.html.js';

const sizes = [100 * 1024, 1024 * 1024];
console.log('| case | size | html → text (ms) | + extraction (ms) | text chars |');
console.log('|---|---:|---:|---:|---:|');
for (const hostile of hostileHtmlCases) {
  for (const size of sizes) {
    const html = hostile.build(size);
    let started = performance.now();
    const text = htmlToText(html);
    const convert = performance.now() - started;
    started = performance.now();
    extractFromDocument(html, 'hostile.html');
    const total = performance.now() - started;
    console.log(
      `| ${hostile.name} | ${(html.length / 1024).toFixed(0)} KB | ${convert.toFixed(0)} | ${total.toFixed(0)} | ${text.length} |`,
    );
  }
}
