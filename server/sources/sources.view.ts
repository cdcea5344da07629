import type { SourceType } from '../../data/archive.types.js';
import type { Source } from '../../data/domain/entities.js';
import type { SourcePage } from '../services/browse.service.js';
import { NOT_GIVEN, toAbsoluteUrl, toSafeHref } from '../display/display.format.js';
import { BROWSE_PER_PAGE, pagePath, toPagedListView, type PagedListView } from '../display/pagination.view.js';
import { toStatementCardView, type StatementCardView } from '../statements/statement.view.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';

export const sourcePath = (id: string) => `/sources/${encodeURIComponent(id)}`;

export const SOURCE_TYPE_NAMES: Record<SourceType, string> = {
  news_article: 'News article',
  minutes: 'Minutes',
  transcript: 'Transcript',
  video: 'Video',
  report: 'Report',
  interview: 'Interview',
};

/** A source's heading: its title, or what it is and who published it when the title is not known. */
export function sourceHeading(source: Pick<Source, 'type' | 'title' | 'outlet'>): string {
  if (source.title) return source.title;
  const type = SOURCE_TYPE_NAMES[source.type] ?? source.type;
  return source.outlet ? `${type} from ${source.outlet}` : `${type} (title ${NOT_GIVEN})`;
}

/** One line naming a source in a list: "Title — Outlet", or the heading when one of them is missing. */
export function describeSource(source: Pick<Source, 'type' | 'title' | 'outlet'>): string {
  return source.title && source.outlet ? `${source.title} — ${source.outlet}` : sourceHeading(source);
}

export interface SourcePageView {
  title: string;
  canonicalUrl: string;
  heading: string;
  facts: { term: string; value: string; href: string | null; testId: string }[];
  list: PagedListView;
  statements: StatementCardView[];
  apiUrl: string;
}

export function toSourcePageView({
  source,
  total,
  statements,
  paging: { page },
  baseUrl,
}: SourcePage & { baseUrl: string }): SourcePageView {
  const href = toSafeHref(source.url);
  const path = sourcePath(source.id);
  return {
    title: page > 1 ? `${sourceHeading(source)}, page ${page}` : sourceHeading(source),
    canonicalUrl: toAbsoluteUrl(baseUrl, pagePath(path, page)),
    heading: sourceHeading(source),
    facts: [
      { term: 'Type', value: SOURCE_TYPE_NAMES[source.type] ?? source.type, href: null, testId: 'source-type' },
      { term: 'Title', value: source.title ?? NOT_GIVEN, href: null, testId: 'source-title' },
      { term: 'Outlet', value: source.outlet ?? NOT_GIVEN, href: null, testId: 'source-outlet' },
      { term: 'Author', value: source.author ?? NOT_GIVEN, href: null, testId: 'source-author' },
      {
        term: 'Published',
        value: formatPartialDate(source.published_on, source.published_on_precision) ?? NOT_GIVEN,
        href: null,
        testId: 'source-published',
      },
      // A stored address that is not http(s) (javascript:, data:, …) is never made a link.
      { term: 'Link', value: href ?? NOT_GIVEN, href, testId: 'source-link' },
    ],
    list: toPagedListView({
      total,
      page,
      perPage: BROWSE_PER_PAGE,
      shown: statements.length,
      noun: 'statement',
      urlOf: (n) => `${pagePath(path, n)}#contributed-heading`,
    }),
    statements: statements.map((s) => toStatementCardView(s)),
    apiUrl: `/api${path}`,
  };
}
