import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { STATE_NAMES } from '../../data/domain/labels.js';
import { projectRoot } from '../../data/paths.js';
import type { Store } from '../../data/store.js';
import { DEFAULT_VOCABULARY_LIMITS, VocabularyBuilder, type Vocabulary, type VocabularyLimits } from '../search/vocabulary.js';

export interface VocabularyServiceDeps {
  store: Pick<Store, 'vocabulary' | 'changeStamp'>;
  limits?: VocabularyLimits;
  /**
   * The words of at most this many statements are read (spread evenly over the archive); every
   * statement's names are. Bounds the work and the memory for a very large archive: a word used
   * often enough to be worth suggesting is in the sample.
   */
  textSample?: number;
  /** After the archive changed, the vocabulary is rebuilt at most this often. */
  refreshAfterMs?: number;
  /** A build that failed (the suggestions then stay as they were). */
  onError?: (error: unknown) => void;
}

// Rows read in one query (about a millisecond), and how long the build holds the event loop
// before it lets requests in.
const BATCH = 200;
const SLICE_MS = 8;

/** data/stop-words.json, the engine's own stop words: never suggested, never taken for typos. */
function loadStopWords(): string[] {
  return JSON.parse(readFileSync(join(projectRoot, 'data', 'stop-words.json'), 'utf8')) as string[];
}

/**
 * The archive's vocabulary for "Did you mean", built from SQLite in short batches with the event
 * loop free between them (at start-up, then again after the archive changed), never while a
 * request waits: a search uses the vocabulary it finds, or none yet.
 */
export function createVocabularyService({
  store,
  limits = DEFAULT_VOCABULARY_LIMITS,
  textSample = 50_000,
  refreshAfterMs = 5 * 60_000,
  onError = () => undefined,
}: VocabularyServiceDeps) {
  const stopWords = loadStopWords();
  let vocabulary: Vocabulary | null = null;
  let builtStamp = '';
  let builtAt = 0;
  let building: Promise<Vocabulary> | null = null;

  async function build(): Promise<Vocabulary> {
    const stamp = store.changeStamp();
    const builder = new VocabularyBuilder(stopWords, limits);
    const step = Math.max(1, Math.ceil(store.vocabulary.lastRowid() / textSample));
    let sliceStart = performance.now();
    for (let after = 0; ;) {
      const rows = store.vocabulary.listBatch(after, BATCH);
      for (const row of rows) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTurn();
          sliceStart = performance.now();
        }
        builder.addStatement(row.rowid % step === 0 ? [row.text, row.context] : [], [
          { kind: 'speaker', name: row.speaker },
          { kind: 'organization', name: row.organization },
          { kind: 'measure', name: row.measure },
          { kind: 'meeting', name: row.meeting },
          { kind: 'place', name: row.location },
          { kind: 'place', name: row.body },
          { kind: 'place', name: row.state ? (STATE_NAMES[row.state] ?? null) : null },
        ]);
      }
      if (rows.length < BATCH) break;
      after = (rows.at(-1) as { rowid: number }).rowid;
    }
    for (const label of store.vocabulary.listTopicLabels()) builder.addName('topic', label);
    const built = await builder.buildInSlices(() => nextTurn());
    vocabulary = built;
    builtStamp = stamp;
    builtAt = Date.now();
    return built;
  }

  /** Builds the vocabulary now (or joins the build under way); resolves with it. */
  function refresh(): Promise<Vocabulary> {
    building ??= build().finally(() => {
      building = null;
    });
    return building;
  }

  return {
    refresh,
    /**
     * The vocabulary as last built, or null before the first build finished. Starts a build in
     * the background when there is none yet, or when the archive changed and the last is old enough.
     */
    current(): Vocabulary | null {
      const stale = vocabulary === null || (Date.now() - builtAt >= refreshAfterMs && store.changeStamp() !== builtStamp);
      if (stale && !building) refresh().catch(onError);
      return vocabulary;
    },
  };
}

export type VocabularyService = ReturnType<typeof createVocabularyService>;
