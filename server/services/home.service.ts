import type { Statement } from '../../data/archive.types.js';
import type { Store } from '../../data/store.js';
import type { CorpusCounts, MeasureTally } from '../../data/statement.repository.js';

const RECENT = 6;

/** What the front page shows: the archive's counts, each measure's tally, the newest statements. */
export interface HomePage {
  counts: CorpusCounts;
  tallies: MeasureTally[];
  recent: Statement[];
}

/**
 * The front page reads SQLite only, so it works while the search engine is down. Its counts,
 * tallies and newest statements scan the whole archive (a second at a million statements):
 * they are read again only once something was written, and the same object is handed out
 * until then, so a caller may keep what it built from it.
 */
export function createHomeService({ store }: { store: Pick<Store, 'statements' | 'changeStamp'> }) {
  let cached: { stamp: string; page: HomePage } | null = null;
  return {
    homePage(): HomePage {
      const stamp = store.changeStamp();
      if (cached?.stamp !== stamp) {
        const { statements } = store;
        cached = {
          stamp,
          page: {
            counts: statements.corpusCounts(),
            tallies: statements.measureTallies(),
            recent: statements.listRecent(RECENT),
          },
        };
      }
      return cached.page;
    },
  };
}

export type HomeService = ReturnType<typeof createHomeService>;
