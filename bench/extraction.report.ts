import { existsSync, readFileSync, writeFileSync } from 'node:fs';
// Markdown for the "## Quote extraction" section of BENCHMARKS.md: per set, the extractor beside
// the naive baseline, quotes and paraphrases apart, a hard-case breakdown, and (for the sets we
// tune on only) the errors, document by document.
import { kindAccuracy, ratesOf, totalOf, type DocumentScore, type Rates } from '../server/ingest/extraction.scoring.js';

export interface ScoredDocument {
  name: string;
  format: string;
  extractor: DocumentScore;
  baseline: DocumentScore;
}

export interface ScoredSet {
  title: string;
  /** The test half: aggregate numbers only, never a document or a quote. */
  aggregateOnly: boolean;
  documents: ScoredDocument[];
}

const f = (value: number) => value.toFixed(3);

function rateCells(r: Rates): string {
  return `${r.expected} | ${r.predicted} | ${r.matched} | ${f(r.precision)} | ${f(r.recall)} | **${f(r.f1)}** | **${f(r.speakerAccuracy)}** | ${f(r.roleAccuracy)}`;
}

export function summaryTable(set: ScoredSet): string[] {
  const ext = totalOf(set.documents.map((d) => d.extractor));
  const base = totalOf(set.documents.map((d) => d.baseline));
  return [
    '| system | kind | expected | predicted | matched | precision | recall | F1 | speaker acc. | role acc. |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| extractor | quotes | ${rateCells(ratesOf(ext.quotes))} |`,
    `| baseline | quotes | ${rateCells(ratesOf(base.quotes))} |`,
    `| extractor | paraphrases | ${rateCells(ratesOf(ext.paraphrases))} |`,
    `| baseline | paraphrases | ${rateCells(ratesOf(base.paraphrases))} |`,
    '',
    `Kind accuracy (a candidate matched to an entry of either kind gets the kind right): extractor ${f(kindAccuracy(ext))} over ${ext.kinds.matched}, baseline ${f(kindAccuracy(base))} over ${base.kinds.matched}.`,
  ];
}

export function tagTable(set: ScoredSet): string[] {
  const ext = totalOf(set.documents.map((d) => d.extractor)).tags;
  const base = totalOf(set.documents.map((d) => d.baseline)).tags;
  const lines = [
    '| hard case | entries | extractor recall | extractor speaker acc. | baseline recall | baseline speaker acc. |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const tags = Object.keys(ext).sort((a, b) => (ext[b]?.expected ?? 0) - (ext[a]?.expected ?? 0) || a.localeCompare(b));
  for (const tag of tags) {
    const e = ext[tag]!;
    const b = base[tag] ?? { expected: e.expected, matched: 0, speakerCorrect: 0 };
    const acc = (t: { matched: number; speakerCorrect: number }) => (t.matched === 0 ? '–' : f(t.speakerCorrect / t.matched));
    lines.push(
      `| ${tag} | ${e.expected} | ${f(e.matched / e.expected)} | ${acc(e)} | ${f(b.matched / b.expected)} | ${acc(b)} |`,
    );
  }
  return lines;
}

export function documentTable(set: ScoredSet): string[] {
  const lines = [
    '| document | format | quotes exp. | F1 | speaker acc. | paraphrases exp. | F1 | baseline quote F1 |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const d of set.documents) {
    const q = ratesOf(d.extractor.quotes);
    const p = ratesOf(d.extractor.paraphrases);
    lines.push(
      `| ${d.name} | ${d.format} | ${q.expected} | ${f(q.f1)} | ${f(q.speakerAccuracy)} | ${p.expected} | ${f(p.f1)} | ${f(ratesOf(d.baseline.quotes).f1)} |`,
    );
  }
  return lines;
}

const cut = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…` : text);

export function errorLines(set: ScoredSet): string[] {
  const lines: string[] = [];
  for (const d of set.documents) {
    const s = d.extractor;
    for (const m of s.missed)
      lines.push(`- ${d.name}: missed ${m.kind ?? 'quote'} “${cut(m.text, 60)}” (${m.speaker ?? 'no one named'})`);
    for (const x of s.spurious)
      lines.push(
        `- ${d.name}: proposed ${x.kind ?? 'quote'} matching nothing: “${cut(x.text, 60)}” (${x.speaker ?? 'no speaker'})`,
      );
    for (const w of s.wrongSpeaker)
      lines.push(
        `- ${d.name}: “${cut(w.expected.text, 40)}” given to ${w.predicted.speaker ?? 'no one'}, said by ${w.expected.speaker ?? 'no one named'}`,
      );
    for (const w of s.wrongRole)
      lines.push(
        `- ${d.name}: role of ${w.expected.speaker ?? '?'} “${w.predicted.role ?? '(none)'}”, expected “${w.expected.role ?? '(none)'}”`,
      );
  }
  return lines;
}

/** Replaces only the given "## " section of BENCHMARKS.md (up to the next "## "), re-reading it first: others write theirs. */
export function writeBenchmarkSection(file: string, heading: string, body: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${body}`;
  else {
    const after = current.indexOf('\n## ', start + heading.length);
    next = current.slice(0, start) + body + (after < 0 ? '' : `\n${current.slice(after + 1)}`);
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}
