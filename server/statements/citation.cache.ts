import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** What the rendered citations may hold at most: some 16,000 of a typical size (about 1 KB each, as counted). */
export const CITATION_CACHE_BYTES = 16 * 1024 * 1024;

interface Rendered {
  /** A digest of everything the rendering read: any change to it is a miss, never a stale hit. */
  fingerprint: string;
  text: string;
}

// JS strings are UTF-16: two bytes a character, and a fixed cost for the entry's own objects.
const ENTRY_OVERHEAD_BYTES = 96;
const sizeOf = (value: Rendered, key: string) =>
  2 * (key.length + value.fingerprint.length + value.text.length) + ENTRY_OVERHEAD_BYTES;

export interface CitationCacheStats {
  bytes: number;
  maxBytes: number;
  entries: number;
  hits: number;
  misses: number;
}

/**
 * Rendered citations, least recently used dropped first once the cache holds maxBytes. One
 * entry per statement and style: the entry's fingerprint is a digest of the whole input (the
 * CSL item: words, speaker, source, dates, the access date), so an edit to the statement or to
 * anything it names renders anew, and the old rendering is replaced rather than kept.
 */
export function createCitationCache(maxBytes = CITATION_CACHE_BYTES) {
  const rendered = new LRUCache<string, Rendered>({ maxSize: maxBytes, sizeCalculation: sizeOf });
  let hits = 0;
  let misses = 0;
  return {
    /** The text `make` makes of `input`, made once per distinct input under `key`. */
    render(key: string, input: unknown, make: () => string): string {
      const fingerprint = createHash('sha1').update(JSON.stringify(input)).digest('base64');
      const cached = rendered.get(key);
      if (cached?.fingerprint === fingerprint) {
        hits++;
        return cached.text;
      }
      misses++;
      const text = make();
      rendered.set(key, { fingerprint, text });
      return text;
    },
    stats(): CitationCacheStats {
      return { bytes: rendered.calculatedSize, maxBytes, entries: rendered.size, hits, misses };
    },
  };
}

export type CitationCache = ReturnType<typeof createCitationCache>;
