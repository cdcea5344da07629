import type { SitemapEntry } from '../../data/sitemap.repository.js';
import type { Store } from '../../data/store.js';
import { lastPageOf } from '../display/pagination.view.js';

// The sitemaps (sitemaps.org protocol): an index naming one or more paged sitemaps per kind of
// page. A sitemap may hold 50,000 URLs; ours hold fewer so each is one quick indexed read.

export const SITEMAP_KINDS = ['statements', 'speakers', 'meetings', 'measures'] as const;
export type SitemapKind = (typeof SITEMAP_KINDS)[number];

/** URLs per sitemap file. */
export const SITEMAP_PAGE_SIZE = 10_000;

/** One page a sitemap lists: its path on the site, and its last change (null: not known). */
export interface SitemapUrl {
  path: string;
  lastmod: string | null;
}

const idPath = (prefix: string) => (entry: SitemapEntry) => ({
  path: `/${prefix}/${encodeURIComponent(entry.id)}`,
  lastmod: entry.lastmod,
});

export function createSitemapService({
  store,
  pageSize = SITEMAP_PAGE_SIZE,
}: {
  store: Pick<Store, 'sitemap'>;
  pageSize?: number;
}) {
  const { sitemap } = store;
  const kinds: Record<SitemapKind, { count(): number; list(window: { offset: number; limit: number }): SitemapUrl[] }> = {
    statements: { count: sitemap.countStatements, list: (w) => sitemap.listStatements(w).map(idPath('statements')) },
    speakers: { count: sitemap.countSpeakers, list: (w) => sitemap.listSpeakers(w).map(idPath('speakers')) },
    meetings: { count: sitemap.countMeetings, list: (w) => sitemap.listMeetings(w).map(idPath('meetings')) },
    measures: { count: sitemap.countMeasures, list: (w) => sitemap.listMeasures(w).map(idPath('measures')) },
  };

  return {
    /** Every sitemap file there is: each kind's pages (a kind with nothing in it has none). */
    sitemapIndex(): { kind: SitemapKind; page: number }[] {
      return SITEMAP_KINDS.flatMap((kind) => {
        const total = kinds[kind].count();
        return total === 0 ? [] : Array.from({ length: lastPageOf(total, pageSize) }, (_, i) => ({ kind, page: i + 1 }));
      });
    },
    /** One sitemap's URLs; undefined for a page past the end (or an empty kind). */
    sitemapPage(kind: SitemapKind, page: number): SitemapUrl[] | undefined {
      const urls = kinds[kind].list({ offset: (page - 1) * pageSize, limit: pageSize });
      return urls.length === 0 ? undefined : urls;
    },
  };
}

export type SitemapService = ReturnType<typeof createSitemapService>;
