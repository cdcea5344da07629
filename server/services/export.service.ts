import type { Statement } from '../../data/archive.types.js';
import { openDatabase } from '../../data/db.js';
import { popoloJsonChunks } from '../../data/popolo/popolo.export.js';
import type { Store } from '../../data/store.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { FIXED_FACET_LABELS, LOOKED_UP_FACETS } from '../search/facet-labels.js';
import type { SearchQuery } from '../search/search.query.js';
import type { SearchResult, SearchService } from '../search/search.service.js';
import { narrowToDivision } from './division.filter.js';

/**
 * Statements an export reads from SQLite and writes in one go. Each batch holds the event loop
 * while it is read and formatted (about 10 ms for 200 on a quiet machine): small batches let the
 * pages of other readers in between.
 */
export const EXPORT_BATCH = 200;

/** How many of the newest matches the Atom feed carries. */
export const FEED_SIZE = 50;

/** How many of the latest retractions a feed announces as deleted entries (RFC 6721). */
export const FEED_RETRACTIONS = 50;

/** The search a feed is of: its newest matches, and the query as the feed's links name it. */
export interface FeedPage {
  query: SearchQuery;
  result: SearchResult;
  /** Retracted statements the search's filters would have matched: the feed tells readers to drop them. */
  retracted: Statement[];
  /** The names of the filter values (measure titles, speaker names), for the feed's title. */
  filterLabels: Partial<Record<FacetName, ReadonlyMap<string, string>>>;
}

/**
 * Whether a retracted statement is one the feed's filters would have carried. The words cannot be
 * matched (the index no longer has them), so a text search keeps every retraction its filters allow:
 * a reader ignores a deleted entry it never had.
 */
export function matchesFilters(statement: Statement, filters: SearchQuery['filters']): boolean {
  const valuesOf: Record<FacetName, (string | null)[]> = {
    stance: [statement.stance],
    kind: [statement.kind],
    measure: [statement.measure?.id ?? null],
    speaker: [statement.speaker.id],
    role: [statement.speaker.role_category],
    org: [statement.speaker.organization?.id ?? null, statement.speaker.type === 'organization' ? statement.speaker.id : null],
    body: [statement.body?.id ?? null],
    state: [statement.state],
    topic: statement.topics,
    year: [effectiveDate(statement)?.slice(0, 4) ?? null],
  };
  return FACET_NAMES.every((facet) => {
    const wanted = filters[facet];
    return !wanted || wanted.length === 0 || valuesOf[facet].some((v) => v !== null && wanted.includes(v));
  });
}

/** The exports of a search: every match for CSV and NDJSON (streamed in batches), the newest for Atom. */
export function createExportService({
  search,
  store,
}: {
  search: SearchService;
  store: Pick<Store, 'db' | 'statements' | 'measures' | 'speakers' | 'organizations' | 'topics'>;
}) {
  const named = { measure: store.measures, speaker: store.speakers, organization: store.organizations, topic: store.topics };
  return {
    /** Every match, in batches, in archive order (past the engine's 1,000 ranked hits). */
    matches(query: SearchQuery): AsyncGenerator<Statement[]> {
      return search.iterateMatches(narrowToDivision(query, store.organizations), EXPORT_BATCH);
    },

    /**
     * The whole archive as Popolo JSON (/export/popolo.json), in chunks, read in one snapshot on a
     * read-only connection of its own: the download may pause between chunks while the app writes.
     * Sources come without their stored text (someone else's writing; the CLI export has it).
     */
    *popolo(): Generator<string> {
      const options = { withSourceText: false };
      // An in-memory archive has no file to open twice: it is read in one go instead.
      if (store.db.memory) return yield* [...popoloJsonChunks(store.db, options)];
      const own = openDatabase(store.db.name, { readonly: true });
      try {
        yield* popoloJsonChunks(own, options);
      } finally {
        own.close();
      }
    },

    async feedPage(asked: SearchQuery): Promise<FeedPage> {
      const query = narrowToDivision(asked, store.organizations);
      const newest = { ...query, sort: 'newest' as const, defaultSort: false, page: 1, perPage: FEED_SIZE };
      const result = await search.searchStatements(newest);
      const retracted = store.statements
        .findManyByIds(store.statements.listRetractedIds(FEED_RETRACTIONS))
        .filter((statement) => matchesFilters(statement, query.filters));
      const filterLabels: FeedPage['filterLabels'] = { ...FIXED_FACET_LABELS };
      for (const [facet, kind] of Object.entries(LOOKED_UP_FACETS) as [FacetName, keyof typeof named][]) {
        const values = query.filters[facet];
        if (values?.length) filterLabels[facet] = named[kind].findLabels(values);
      }
      return { query: newest, result, retracted, filterLabels };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
