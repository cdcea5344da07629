/**
 * The judged sets the relevance benchmark scores: the held-out set (bench/relevance-set, written
 * and graded blind) as its test and dev halves, each imported on its own, and the old fixture set
 * (test/fixtures/relevance), which the index settings were tuned on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseImportText } from '../data/import/import.file.js';
import { projectRoot } from '../data/paths.js';
import type { Store } from '../data/store.js';
import { runImportPlan } from '../server/services/import/import.service.js';
import { loadRelevanceCorpus, readRelevanceQueries, type RelevanceQuery } from './relevance.fixtures.js';
import type { Judgements } from './relevance.metrics.js';

export const HELD_OUT_DIR = join(projectRoot, 'bench', 'relevance-set');

export type Split = 'dev' | 'test';
export const SPLITS: readonly Split[] = ['dev', 'test'];

export interface HeldOutStatement {
  id: string;
  split: Split;
  [field: string]: unknown;
}

export interface HeldOutCorpus {
  organizations: unknown[];
  measures: unknown[];
  meetings: unknown[];
  sources: unknown[];
  statements: HeldOutStatement[];
}

export interface HeldOutQuery {
  id: string;
  q: string;
  kind: string;
  filters?: Record<string, string[]>;
  judgements: Judgements;
  pooled?: boolean;
}

export interface HeldOutSet {
  corpus: HeldOutCorpus;
  queries: HeldOutQuery[];
}

export function readHeldOutSet(): HeldOutSet {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(HELD_OUT_DIR, name), 'utf8'));
  return { corpus: read('corpus.json') as HeldOutCorpus, queries: read('queries.json') as HeldOutQuery[] };
}

/** A judged set ready to score: how to fill a fresh store, and the queries scored on it. */
export interface EvalSet {
  name: 'test' | 'dev' | 'fixtures';
  title: string;
  /** Imports the set's statements into an empty store; returns the published statement count. */
  load(store: Store): number;
  /** Only queries with a statement judged > 0 in this set, judgements restricted to it. */
  queries: RelevanceQuery[];
  /** Per-query detail may be reported (never for the test half). */
  perQuery: boolean;
}

/**
 * One half's queries: those with a statement of the half judged above 0, each keeping only the
 * judgements of statements in the half.
 */
export function queriesForHalf(set: HeldOutSet, split: Split): RelevanceQuery[] {
  const inHalf = new Set(set.corpus.statements.filter((s) => s.split === split).map((s) => s.id));
  const queries: RelevanceQuery[] = [];
  for (const query of set.queries) {
    const judgements = Object.fromEntries(Object.entries(query.judgements).filter(([id]) => inHalf.has(id)));
    if (!Object.values(judgements).some((grade) => grade > 0)) continue;
    queries.push({ id: query.id, q: query.q, filters: query.filters, note: query.kind, judgements });
  }
  return queries;
}

/** One half as an import file: every organization, measure, meeting and source; only its statements. */
export function halfImportText(set: HeldOutSet, split: Split): string {
  return JSON.stringify({ ...set.corpus, statements: set.corpus.statements.filter((s) => s.split === split) });
}

function heldOutHalf(set: HeldOutSet, split: Split): EvalSet {
  const count = set.corpus.statements.filter((s) => s.split === split).length;
  return {
    name: split,
    title: `Held-out set, ${split} half (bench/relevance-set: ${count} statements)`,
    load(store) {
      runImportPlan(store, parseImportText(halfImportText(set, split), `relevance-set-${split}.json`));
      return store.statements.countPublished();
    },
    queries: queriesForHalf(set, split),
    perQuery: split === 'dev',
  };
}

/** The three sets in the order they are reported: test first, then dev, then the fixture set. */
export function readEvalSets(): EvalSet[] {
  const heldOut = readHeldOutSet();
  return [
    heldOutHalf(heldOut, 'test'),
    heldOutHalf(heldOut, 'dev'),
    {
      name: 'fixtures',
      title: 'Old fixture set (test/fixtures/relevance plus the seed; tuned on)',
      load: loadRelevanceCorpus,
      queries: readRelevanceQueries(),
      perQuery: true,
    },
  ];
}
