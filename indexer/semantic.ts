import type { Meilisearch } from 'meilisearch';
import { buildWordVectors } from './word-vectors.build.js';
import { toStems } from './word-forms.js';
import { defaultEmbedder, resetEmbedderCache, type TextEmbedder } from './word-vectors.js';

/** The index's embedder: vectors the app computes itself (word-vectors.ts), no model service. */
export const EMBEDDER = 'words';
export const EMBEDDER_DIMENSIONS = 100;

/**
 * Share of the ranking Meilisearch gives to meaning (the rest to the words), chosen on the
 * held-out dev half with `npm run relevance` (BENCHMARKS.md).
 */
export const SEMANTIC_RATIO = 0.1;
/**
 * For a long, question-like query (this many words or more besides stop words), whose words rarely
 * all appear in one quote. Once the keyword search found statements holding any of the words
 * (search.service.ts tailQueries), more meaning than words only pushed them out (0.5 measured
 * 0.599 nDCG@10 on the dev half against 0.643 at 0.1), so it is the same share as for short ones.
 */
export const LONG_QUERY_WORDS = 5;
export const LONG_QUERY_SEMANTIC_RATIO = 0.1;

/**
 * A query of one word (besides stop words) is searched by its words alone: one word is most often
 * a name ("Collis") or a term the reader wants as such, and its nearest words in meaning are noise.
 */
export const MIN_MEANING_WORDS = 2;

const contentWords = (q: string) => toStems(q).split(' ').filter(Boolean).length;

/** The share of meaning for this query: more for long queries, where the words rule finds little. */
export function semanticRatioFor(q: string): number {
  return contentWords(q) >= LONG_QUERY_WORDS ? LONG_QUERY_SEMANTIC_RATIO : SEMANTIC_RATIO;
}

/** The query's vector when it is searched by meaning too; null for words only. */
export function queryVector(q: string): number[] | null {
  const embed = semanticEmbedder();
  if (!embed || contentWords(q) < MIN_MEANING_WORDS) return null;
  return embed(q);
}

/** Meilisearch's vector store without an experimental flag: 1.13. */
const FIRST_VECTOR_VERSION = [1, 13];

let disabled: string | null = null;

/** SEARCH_SEMANTIC: unset or "on" searches by meaning too; "off" by words only (small machines). */
export function semanticRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.SEARCH_SEMANTIC ?? '').trim().toLowerCase();
  if (value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(`SEARCH_SEMANTIC: expected on or off, not ${JSON.stringify(env.SEARCH_SEMANTIC)}`);
}

/**
 * The embedder when this process searches by meaning, else null: off by SEARCH_SEMANTIC, by an
 * engine without vectors, or when the word vector file is missing.
 */
export function semanticEmbedder(): TextEmbedder | null {
  if (disabled !== null || !semanticRequested()) return null;
  return defaultEmbedder();
}

/** Search by words only from now on in this process (the engine refused vectors). */
export function disableSemantic(reason: string): void {
  disabled = reason;
}

export function semanticDisabledReason(): string | null {
  return disabled;
}

/**
 * At start-up: builds the word vector file if the install did not (seconds), and checks the
 * engine can store vectors. Returns a warning to log once when searching falls back to words only.
 */
export async function prepareSemantic(client: Meilisearch): Promise<string | null> {
  if (!semanticRequested()) return null;
  if (defaultEmbedder() === null) {
    buildWordVectors();
    resetEmbedderCache();
  }
  if (defaultEmbedder() === null) {
    disableSemantic('no word vectors');
    return 'search by meaning is off: the word vector file could not be built (run npm run build:vectors)';
  }
  let version = '';
  try {
    version = (await client.getVersion()).pkgVersion;
  } catch {
    return null; // The engine is not up yet: its own error comes from the index preparation.
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = FIRST_VECTOR_VERSION;
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    disableSemantic(`Meilisearch ${version}`);
    return `search by meaning is off: Meilisearch ${version} at MEILI_URL has no vector store (1.13 or later has); searching by words only`;
  }
  return null;
}
