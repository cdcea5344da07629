import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { STATE_NAMES } from '../../data/domain/labels.js';
import { projectRoot } from '../../data/paths.js';
import type { Store } from '../../data/store.js';
import type { NamedEntity } from '../../data/vocabulary.repository.js';
import { DEFAULT_VOCABULARY_LIMITS, VocabularyBuilder, type Vocabulary, type VocabularyLimits } from '../search/vocabulary.js';

export interface VocabularyServiceDeps {
  store: Pick<Store, 'vocabulary' | 'changeStamp'>;
  limits?: VocabularyLimits;
  /**
   * The words of at most this many statements are read (spread evenly over the archive); every
   * name (people, organizations, measures, meetings, places, topics) is. Bounds the work and the memory for a very large archive: a word used
   * often enough to be worth suggesting is in the sample.
   */
  textSample?: number;
  /** After the archive changed, the vocabulary is rebuilt at most this often. */
  refreshAfterMs?: number;
  /** How long the build may hold the event loop before it lets requests in. */
  sliceMs?: number;
  /** A build that failed (the suggestions then stay as they were). */
  onError?: (error: unknown) => void;
}

// Rows read in one query (about a millisecond), and how long the build holds the event loop
// before it lets requests in.
const BATCH = 200;
const SLICE_MS = 8;

const NAMED_ENTITIES: readonly NamedEntity[] = ['people', 'organizations', 'measures', 'meetings'];
const NAME_KINDS = { people: 'speaker', organizations: 'organization', measures: 'measure', meetings: 'meeting' } as const;

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
  sliceMs = SLICE_MS,
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
    let sliceStart = performance.now();
    const letRequestsIn = async () => {
      if (performance.now() - sliceStart <= sliceMs) return;
      await nextTurn();
      sliceStart = performance.now();
    };
    // Statements' words: blocks of consecutive statements spread evenly over the archive, at most
    // textSample statements in all (every statement in an archive of that size or less).
    const lastRowid = store.vocabulary.lastStatementRowid();
    const stride = Math.max(BATCH, Math.ceil(lastRowid / Math.ceil(textSample / BATCH)));
    for (let after = 0; after < lastRowid;) {
      const rows = store.vocabulary.listTexts(after, BATCH);
      for (const row of rows) {
        await letRequestsIn();
        builder.addStatement([row.text, row.context]);
      }
      if (rows.length < BATCH) break;
      after = Math.max(after + stride, (rows.at(-1) as { rowid: number }).rowid);
    }
    // Every name, whole: far fewer rows than statements.
    for (const entity of NAMED_ENTITIES) {
      for (let after = 0; ;) {
        const rows = store.vocabulary.listNames(entity, after, BATCH);
        for (const row of rows) {
          await letRequestsIn();
          builder.addName(NAME_KINDS[entity], row.name);
          const place = entity === 'organizations' ? (row.place ? STATE_NAMES[row.place] : undefined) : row.place;
          if (place) builder.addName('place', place);
        }
        if (rows.length < BATCH) break;
        after = (rows.at(-1) as { rowid: number }).rowid;
      }
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
