/**
 * The mixed load of issue 7: what a busy day looks like from outside — searches with filters
 * (the HTML page and the API), permalinks, speaker, meeting and measure pages, the home page —
 * drawn with a seeded RNG from statements that exist in the synthetic corpus.
 */
import { toQueryString, type BenchQuery } from './bench.queries.js';
import { createRng, type CorpusGenerator } from './corpus.generator.js';
import type { BenchRequest } from './load.loop.js';

/** Share of each kind of request, in order; the rest are permalinks. */
const MIX = [
  ['search-html', 0.3],
  ['search-api', 0.15],
  ['speaker', 0.1],
  ['meeting', 0.08],
  ['measure', 0.08],
  ['home', 0.02],
] as const;

export function buildMixedRequests(generator: CorpusGenerator, size: number, queries: readonly BenchQuery[], count: number, seed = 11): BenchRequest[] {
  const rng = createRng(seed);
  const requests: BenchRequest[] = [];
  while (requests.length < count) {
    const statement = generator.statementOf(Math.floor(rng() * size));
    const query = queries[Math.floor(rng() * queries.length)] as BenchQuery;
    let r = rng();
    let kind = 'permalink';
    for (const [name, share] of MIX) {
      if (r < share) {
        kind = name;
        break;
      }
      r -= share;
    }
    const path = kind === 'search-html' ? `/search?${toQueryString(query)}`
      : kind === 'search-api' ? `/api/search?${toQueryString(query)}`
        : kind === 'speaker' ? `/speakers/${statement.speaker.id}`
          : kind === 'meeting' && statement.meeting ? `/meetings/${statement.meeting.id}`
            : kind === 'measure' && statement.measure ? `/measures/${statement.measure.id}`
              : kind === 'home' ? '/'
                : `/statements/${statement.id}`;
    requests.push({ path });
  }
  return requests;
}
