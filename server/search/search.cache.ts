import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** What the cached engine answers may hold at most: some 8,000 first pages of a typical size (about 4 KB each, as counted). */
export const SEARCH_CACHE_BYTES = 32 * 1024 * 1024;

/** One hit of a cached answer: what the engine said of it; the statement itself is read afresh. */
export interface CachedHit {
  id: string;
  /** The engine's snippet, with its marks (empty when it gave none). */
  formatted: string;
  matchesAllWords: boolean | null;
  foundByMeaning: boolean;
}

/** The engine's answer to one page of results, as the search service reads it. */
export interface CachedAnswer {
  total: number;
  matchedAll: number;
  facets: Record<string, Readonly<Record<string, number>>>;
  hits: CachedHit[];
}

/**
 * The version guards a single engine: a batch is counted only once the engine has it. An engine
 * with read replicas (SCALING.md) may answer from a follower that has not caught up yet, and a
 * process killed between a rebuild's swap and its count leaves the count behind; an answer is
 * therefore never kept longer than this either.
 */
export const ANSWER_TTL_MS = 30_000;

// JS strings are UTF-16: two bytes a character, and a fixed cost for the entry's own objects
// (as the citation cache counts them).
const ENTRY_OVERHEAD_BYTES = 96;
const HIT_OVERHEAD_BYTES = 64;
const sizeOf = (answer: CachedAnswer, key: string) =>
  2 * (key.length + JSON.stringify(answer.facets).length) +
  answer.hits.reduce((sum, hit) => sum + 2 * (hit.id.length + hit.formatted.length) + HIT_OVERHEAD_BYTES, 0) +
  ENTRY_OVERHEAD_BYTES;

export interface SearchCacheStats {
  bytes: number;
  maxBytes: number;
  entries: number;
  hits: number;
  misses: number;
}

/**
 * The engine's answers to identical searches, least recently used dropped first once the cache
 * holds maxBytes. The key is a digest of everything sent to the engine (the exact requests:
 * words, filters, sort, page, the query's vector) and the index's version, which every applied
 * outbox batch and every rebuild advances (in SQLite, so across processes): an answer from
 * before a change is never served after it. 0 bytes turns the cache off.
 */
export function createSearchCache(maxBytes = SEARCH_CACHE_BYTES) {
  const answers =
    maxBytes > 0 ? new LRUCache<string, CachedAnswer>({ maxSize: maxBytes, sizeCalculation: sizeOf, ttl: ANSWER_TTL_MS }) : null;
  let hits = 0;
  let misses = 0;
  return {
    /** The key of the engine requests `requests` at index version `version`. */
    keyOf(version: number, requests: unknown): string {
      return `${version}:${createHash('sha1').update(JSON.stringify(requests)).digest('base64')}`;
    },
    get(key: string): CachedAnswer | undefined {
      const answer = answers?.get(key);
      if (answer) hits++;
      else misses++;
      return answer;
    },
    set(key: string, answer: CachedAnswer): void {
      // Shared by every request that hits it: frozen, so no reader can change another's answer.
      for (const counts of Object.values(answer.facets)) Object.freeze(counts);
      answers?.set(key, answer);
    },
    stats(): SearchCacheStats {
      return { bytes: answers?.calculatedSize ?? 0, maxBytes, entries: answers?.size ?? 0, hits, misses };
    },
  };
}

export type SearchCache = ReturnType<typeof createSearchCache>;
