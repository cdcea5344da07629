// Builds data/ocd/us-ids.txt.gz, the US Open Civic Data division ids the archive accepts, from a
// checkout of the opencivicdata/ocd-division-ids repository:
//
//   npx tsx data/ocd/us-ids.generate.ts <checkout> [--commit <sha> --date <YYYY-MM-DD>]
//
// It reads what that repository's scripts/compile.py merges into identifiers/country-us.csv (every
// CSV under identifiers/country-us/) except the voting precincts (over half the ids, and no body
// an archive quotes is a precinct). An id with a `sameAs` is an alias: it is kept with the id to
// use instead. Output: a header line, then one id a line, sorted ("id<TAB>canonical" for an alias);
// gzip without a timestamp, so the same input gives the same bytes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { US_IDS_FILE } from './ocd-division.lookup.js';

/** The id rule of the repository's compile.py (type:value segments; Python's Unicode \w spelt out). */
const ID = /^ocd-division\/(country|region):[a-z]{2}(\/[\p{L}_]+[-]?[\p{L}_]+:[\p{L}\p{N}_.~-]+)*$/u;

function csvFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return csvFiles(path);
    return entry.name.endsWith('.csv') ? [path] : [];
  });
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const checkout = process.argv[2];
if (!checkout || checkout.startsWith('--')) {
  console.error('usage: tsx data/ocd/us-ids.generate.ts <ocd-division-ids checkout> [--commit <sha> --date <YYYY-MM-DD>]');
  process.exit(2);
}
const git = (...args: string[]) => execFileSync('git', ['-C', checkout, ...args], { encoding: 'utf8' }).trim();
const commit = option('--commit') ?? git('rev-parse', 'HEAD');
const date = option('--date') ?? git('log', '-1', '--format=%cs');

const root = join(checkout, 'identifiers', 'country-us');
const canonical = new Map<string, string | null>();
let files = 0;
for (const file of csvFiles(root).sort()) {
  if (/precinct/i.test(relative(root, file))) continue;
  const text = readFileSync(file, 'utf8');
  // Legacy files have no header row: id, name.
  const legacy = text.startsWith('ocd-division/');
  const rows = parse<Record<string, string | undefined>>(text, {
    columns: legacy ? ['id', 'name'] : true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  files += 1;
  for (const row of rows) {
    const id = row.id?.trim();
    if (!id) continue;
    if (!ID.test(id) || id !== id.toLowerCase()) throw new Error(`${relative(checkout, file)}: not an OCD id: ${id}`);
    const sameAs = row.sameAs?.trim() || null;
    if (!canonical.has(id) || sameAs !== null) canonical.set(id, sameAs);
  }
}

const lines = [...canonical.entries()]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([id, sameAs]) => (sameAs === null ? id : `${id}\t${sameAs}`));
const aliases = lines.filter((line) => line.includes('\t')).length;
const header =
  `# opencivicdata/ocd-division-ids ${commit} ${date}: ${lines.length - aliases} US division ids ` +
  `and ${aliases} aliases from ${files} files, precincts left out`;
writeFileSync(US_IDS_FILE, gzipSync(`${header}\n${lines.join('\n')}\n`, { level: 9 }));
console.log(`${header}\nwrote ${relative(process.cwd(), US_IDS_FILE)}`);
