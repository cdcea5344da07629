import type { Statement } from '../../data/archive.types.js';
import type { SearchQuery } from '../search/search.query.js';
import type { SearchResult, SearchService } from '../search/search.service.js';

/** How many of the newest matches the Atom feed carries. */
export const FEED_SIZE = 50;

/** The search a feed is of: its newest matches, and the query as the feed's links name it. */
export interface FeedPage {
  query: SearchQuery;
  result: SearchResult;
}

/** The exports of a search: every match for CSV and NDJSON (streamed in batches), the newest for Atom. */
export function createExportService({ search }: { search: SearchService }) {
  return {
    /** Every match, in batches, in archive order (past the engine's 1,000 ranked hits). */
    matches(query: SearchQuery): AsyncGenerator<Statement[]> {
      return search.iterateMatches(query);
    },

    async feedPage(query: SearchQuery): Promise<FeedPage> {
      const newest = { ...query, sort: 'newest' as const, defaultSort: false, page: 1, perPage: FEED_SIZE };
      return { query: newest, result: await search.searchStatements(newest) };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
