import { pluralize } from './display.format.js';

// Numbered page links (first, previous, a window of pages around the current one with the first
// and last always shown, next), as the search page and the browse pages print them
// (views/partials/pagination.ejs).

export interface PaginationView {
  firstUrl: string | null;
  previousUrl: string | null;
  nextUrl: string | null;
  pages: { number: number; url: string; current: boolean; gapBefore: boolean }[];
}

/** Links for pages 1..lastPage around `current`; null when everything fits on one page. */
export function toPaginationView(current: number, lastPage: number, urlOf: (page: number) => string): PaginationView | null {
  if (lastPage <= 1 && current <= 1) return null;
  const window = new Set([1, lastPage]);
  for (let n = current - 2; n <= current + 2; n++) if (n >= 1 && n <= lastPage) window.add(n);
  return {
    firstUrl: current > 1 ? urlOf(1) : null,
    previousUrl: current > 1 ? urlOf(Math.min(current - 1, lastPage)) : null,
    nextUrl: current < lastPage ? urlOf(current + 1) : null,
    pages: [...window]
      .sort((a, b) => a - b)
      .map((number, i, all) => ({
        number,
        url: urlOf(number),
        current: number === current,
        gapBefore: i > 0 && number - (all[i - 1] as number) > 1,
      })),
  };
}

/** Statements per page on the browse pages (speaker, meeting, topic, source). */
export const BROWSE_PER_PAGE = 50;

/** A list's address for one page: page 1 is the bare path, so it stays the canonical one. */
export function pagePath(path: string, page: number): string {
  return page > 1 ? `${path}?page=${page}` : path;
}

/** How many pages `total` rows fill (at least one, so an empty list has a page 1). */
export function lastPageOf(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** What a paged list on a browse page says about itself, besides its items. */
export interface PagedListView {
  /** "1,234 statements". */
  totalLabel: string;
  /** "51–100 of 1,234" when the list spans pages; null when it all fits on one. */
  rangeLabel: string | null;
  /** The number of the first item shown (for an ordered list's start). */
  firstNumber: number;
  /** Said instead of the items on a page past the end. */
  pastEndNotice: { message: string; lastUrl: string } | null;
  pagination: PaginationView | null;
}

export function toPagedListView(options: {
  total: number;
  page: number;
  perPage: number;
  shown: number;
  noun: string;
  urlOf: (page: number) => string;
}): PagedListView {
  const { total, page, perPage, shown, noun, urlOf } = options;
  const lastPage = lastPageOf(total, perPage);
  const firstNumber = (page - 1) * perPage + 1;
  const count = (n: number) => n.toLocaleString('en-US');
  return {
    totalLabel: pluralize(total, noun),
    rangeLabel: shown > 0 && total > shown ? `${count(firstNumber)}–${count(firstNumber + shown - 1)} of ${count(total)}` : null,
    firstNumber,
    pastEndNotice:
      page > lastPage
        ? {
            message: `Page ${count(page)} is past the end of this list, which has ${pluralize(lastPage, 'page')}.`,
            lastUrl: urlOf(lastPage),
          }
        : null,
    pagination: toPaginationView(page, lastPage, urlOf),
  };
}
