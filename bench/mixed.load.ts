/**
 * The mixed load of issue 7: what a busy day looks like from outside — searches with filters
 * (the HTML page and the API), permalinks, speaker, meeting and measure pages, the home page —
 * drawn with a seeded RNG from statements that exist in the synthetic corpus.
 */
import { toQueryString, type BenchQuery } from './bench.queries.js';
import { createRng, type CorpusGenerator } from './corpus.generator.js';
import type { BenchRequest } from './load.loop.js';

type Generated = ReturnType<CorpusGenerator['statementOf']>;

/** Each kind of request with its share of the mix, and its path (null: fall back to the permalink). */
const MIX: readonly [share: number, path: (statement: Generated, query: BenchQuery) => string | null][] = [
  [0.3, (_, query) => `/search?${toQueryString(query)}`],
  [0.15, (_, query) => `/api/search?${toQueryString(query)}`],
  [0.1, (statement) => `/speakers/${statement.speaker.id}`],
  [0.08, (statement) => (statement.meeting ? `/meetings/${statement.meeting.id}` : null)],
  [0.08, (statement) => (statement.measure ? `/measures/${statement.measure.id}` : null)],
  [0.02, () => '/'],
];

export function buildMixedRequests(
  generator: CorpusGenerator,
  size: number,
  queries: readonly BenchQuery[],
  count: number,
  seed = 11,
): BenchRequest[] {
  const rng = createRng(seed);
  const requests: BenchRequest[] = [];
  while (requests.length < count) {
    const statement = generator.statementOf(Math.floor(rng() * size));
    const query = queries[Math.floor(rng() * queries.length)] as BenchQuery;
    // The rest of the mix (27 %) are permalinks.
    let r = rng();
    const kind = MIX.find(([share]) => (r -= share) < 0);
    requests.push({ path: kind?.[1](statement, query) ?? `/statements/${statement.id}` });
  }
  return requests;
}
