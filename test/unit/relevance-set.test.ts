import { describe, expect, it } from 'vitest';
import { queriesForHalf, readHeldOutSet, SPLITS } from '../../bench/relevance.sets.js';

// The held-out relevance set (bench/relevance-set) must stay loadable as `npm run relevance` reads
// it: every judgement names a statement that exists, every statement belongs to a half, and each
// half has enough scoreable queries to tell systems apart.
describe('the held-out relevance set', () => {
  const set = readHeldOutSet();
  const ids = new Set(set.corpus.statements.map((s) => s.id));

  it('has unique statement ids', () => {
    expect(ids.size).toBe(set.corpus.statements.length);
  });

  it('judges only statements that exist in the corpus', () => {
    const missing = set.queries.flatMap((q) => Object.keys(q.judgements).filter((id) => !ids.has(id)));
    expect(missing).toEqual([]);
  });

  it('gives every statement a split of dev or test', () => {
    const unsplit = set.corpus.statements.filter((s) => !SPLITS.includes(s.split)).map((s) => s.id);
    expect(unsplit).toEqual([]);
  });

  it.each(SPLITS)('has at least 100 queries with a relevant statement in the %s half', (split) => {
    const queries = queriesForHalf(set, split);
    expect(queries.length).toBeGreaterThanOrEqual(100);
    const inHalf = new Set(set.corpus.statements.filter((s) => s.split === split).map((s) => s.id));
    for (const query of queries) expect(Object.keys(query.judgements).every((id) => inHalf.has(id))).toBe(true);
  });
});
