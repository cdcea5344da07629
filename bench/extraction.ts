/**
 * Quote-extraction benchmark (`npx tsx bench/extraction.ts`): runs the extractor on the fixture
 * set (test/fixtures/extractor) and, when ../shared/sources exists, on the four real articles
 * there (hand-checked quotes in bench/extraction.sources.json); prints precision, recall, F1 and
 * speaker accuracy per document and in total, and writes the "## Quote extraction" section of
 * BENCHMARKS.md (only that section: the file is re-read right before writing).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../data/paths.js';
import { loadExtractorFixtures } from '../server/ingest/extraction.fixtures.js';
import { scoreExtraction, totalScore, type ExpectedQuote, type ExtractionScore } from '../server/ingest/extraction.metrics.js';
import { ingestDocument } from '../server/ingest/ingest.file.js';

const SECTION = '## Quote extraction';
const sourcesDir = process.env.ONRECORD_SOURCES_DIR ?? join(projectRoot, '..', 'shared', 'sources');

interface SourceQuote {
  starts: string;
  ends: string;
  speaker: string | null;
}

interface Row {
  name: string;
  kind: string;
  score: ExtractionScore;
}

function scoreFixtures(): Row[] {
  return loadExtractorFixtures().map((fixture) => {
    const { source, candidates } = ingestDocument(fixture.content, fixture.path);
    return { name: fixture.name, kind: source.format, score: scoreExtraction(candidates, fixture.expected) };
  });
}

/** Expected quotes of a real article, from their first and last words to the full span in the text. */
function resolveSourceQuotes(text: string, quotes: readonly SourceQuote[], name: string): ExpectedQuote[] {
  return quotes.map((quote) => {
    const start = text.indexOf(quote.starts);
    const end = start < 0 ? -1 : text.indexOf(quote.ends, start);
    if (start < 0 || end < 0) throw new Error(`${name}: cannot find the quote starting "${quote.starts}"`);
    return { text: text.slice(start, end + quote.ends.length), speaker: quote.speaker };
  });
}

function scoreRealSources(): Row[] {
  if (!existsSync(sourcesDir)) return [];
  const data = JSON.parse(readFileSync(join(projectRoot, 'bench', 'extraction.sources.json'), 'utf8')) as {
    documents: Record<string, SourceQuote[]>;
  };
  return Object.entries(data.documents)
    .filter(([name]) => existsSync(join(sourcesDir, name)))
    .map(([name, quotes]) => {
      const { source, candidates } = ingestDocument(readFileSync(join(sourcesDir, name), 'utf8'), name);
      return { name, kind: source.format, score: scoreExtraction(candidates, resolveSourceQuotes(source.text, quotes, name)) };
    });
}

const pct = (value: number) => value.toFixed(3);

function table(rows: readonly Row[]): string[] {
  const lines = [
    '| document | format | expected | predicted | matched | precision | recall | F1 | speaker accuracy |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const s = row.score;
    lines.push(
      `| ${row.name} | ${row.kind} | ${s.expected} | ${s.predicted} | ${s.matched} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${pct(s.speakerAccuracy)} |`,
    );
  }
  const t = totalScore(rows.map((row) => row.score));
  lines.push(
    `| **total** | | ${t.expected} | ${t.predicted} | ${t.matched} | ${pct(t.precision)} | ${pct(t.recall)} | **${pct(t.f1)}** | **${pct(t.speakerAccuracy)}** |`,
  );
  return lines;
}

function problems(rows: readonly Row[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    for (const miss of row.score.missed)
      lines.push(`- ${row.name}: missed “${miss.text.slice(0, 60)}…” (${miss.speaker ?? 'no speaker'})`);
    for (const extra of row.score.spurious)
      lines.push(`- ${row.name}: not a statement, proposed anyway: “${extra.text.slice(0, 60)}…”`);
    for (const wrong of row.score.wrongSpeaker)
      lines.push(
        `- ${row.name}: “${wrong.expected.text.slice(0, 40)}…” given to ${wrong.predicted.speaker ?? 'no one'}, said by ${wrong.expected.speaker ?? 'no one named'}`,
      );
  }
  return lines;
}

function section(fixtures: readonly Row[], real: readonly Row[]): string {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    SECTION,
    '',
    `Measured ${date} by \`npx tsx bench/extraction.ts\` (server/ingest/quote-extractor.ts). A predicted quote matches an expected one when their words overlap by at least 90% of the longer one's characters (one-to-one, best overlap first); speaker accuracy is the share of matched quotes whose speaker is right (names compared case-insensitively). Paraphrases are not scored.`,
    '',
    `### Fixtures (test/fixtures/extractor: ${fixtures.length} documents written for the extractor, expected quotes checked by hand)`,
    '',
    ...table(fixtures),
    '',
  ];
  const fixtureProblems = problems(fixtures);
  if (fixtureProblems.length > 0) lines.push('Errors:', '', ...fixtureProblems, '');
  if (real.length > 0) {
    lines.push(
      '### The four real articles (../shared/sources, read at run time; quotes judged by hand in bench/extraction.sources.json)',
      '',
      ...table(real),
      '',
    );
    const realProblems = problems(real);
    lines.push(
      ...(realProblems.length > 0
        ? ['Errors:', '', ...realProblems]
        : ['No errors: every hand-judged quote found with the right speaker; no scare quote, report title or teaser proposed.']),
      '',
    );
  } else {
    lines.push(`The four real articles were not measured: ${sourcesDir} is not there.`, '');
  }
  return lines.join('\n');
}

/** Replaces only our section (up to the next "## " heading), re-reading the file first: others write theirs. */
function writeSection(body: string): void {
  const file = join(projectRoot, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`${SECTION}\n`);
  let next: string;
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${body}`;
  } else {
    const after = current.indexOf('\n## ', start + SECTION.length);
    next = current.slice(0, start) + body + (after < 0 ? '' : `\n${current.slice(after + 1)}`);
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

const fixtures = scoreFixtures();
const real = scoreRealSources();
const body = section(fixtures, real);
console.log(body);
writeSection(body);
