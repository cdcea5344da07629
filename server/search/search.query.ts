import { z } from 'zod';
import { ID_PATTERN, ROLE_CATEGORIES, STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { dateRange, isPartialDate, PARTIAL_DATE_FORMAT } from '../../data/domain/partial-date.js';
import { ocdDivisions } from '../../data/ocd/ocd-division.lookup.js';
import { pageParam, perPageParam } from '../http/paging.js';
import { manyValues, parseParams, singleValue } from '../http/query-params.js';

export { MAX_PER_PAGE } from '../http/paging.js';

export const SORTS = ['relevance', 'newest', 'oldest'] as const;
export type SearchSort = (typeof SORTS)[number];

export const MAX_QUERY_LENGTH = 500;
export const MAX_VALUES_PER_FACET = 50;

export interface DateBound {
  /** As the reader typed it: YYYY, YYYY-MM or YYYY-MM-DD. */
  raw: string;
  /** yyyymmdd of the first (for from) or last (for to) day it covers. */
  value: number;
}

export interface SearchQuery {
  q: string;
  filters: Partial<Record<FacetName, string[]>>;
  from: DateBound | null;
  to: DateBound | null;
  sort: SearchSort;
  /**
   * A district by its Open Civic Data id (`ocd_id`, checked against the official list): the search
   * keeps to the bodies with that id (see narrowToDivision), as if they were given as `body`.
   */
  division?: string;
  /** True when the reader did not choose the sort (it then follows the query). */
  defaultSort: boolean;
  page: number;
  perPage: number;
}

/** What the search page asks for: the search, the facet listed in full (`more`), and what it ignored. */
export interface SearchPageQuery {
  query: SearchQuery;
  expanded: FacetName | null;
  ignored: string[];
}

const enumValue = (values: readonly string[]) => (v: string) =>
  values.includes(v) ? null : `expected one of ${values.join(', ')}`;
const idValue = (v: string) => (ID_PATTERN.test(v) ? null : 'expected an id (letters, digits, "-" or "_")');

/** How each facet's values are checked; values are also escaped when they reach a filter. */
const FACET_VALUE_CHECKS: Record<FacetName, (value: string) => string | null> = {
  stance: enumValue(STANCES),
  kind: enumValue(STATEMENT_KINDS),
  role: enumValue(ROLE_CATEGORIES),
  state: (v) => (/^[A-Z]{2}$/.test(v) ? null : 'expected a two-letter state code such as CA'),
  year: (v) => (/^\d{4}$/.test(v) ? null : 'expected a year such as 2023'),
  topic: (v) => (/^[a-z0-9-]{1,64}$/.test(v) ? null : 'expected a topic slug such as mental-health'),
  measure: idValue,
  speaker: idValue,
  org: idValue,
  body: idValue,
};

const facetValues = (facet: FacetName) =>
  manyValues.transform((raw, ctx): string[] => {
    const values = [...new Set(raw.map((v) => (facet === 'state' ? v.toUpperCase() : v)))];
    if (values.length > MAX_VALUES_PER_FACET) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_VALUES_PER_FACET} values` });
      return z.NEVER;
    }
    for (const value of values) {
      const problem = FACET_VALUE_CHECKS[facet](value);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value.slice(0, 80))}: ${problem}` });
        return z.NEVER;
      }
    }
    return values;
  });

export const dateBound = (side: 'from' | 'to') =>
  singleValue.transform((raw, ctx): DateBound | null => {
    if (raw === undefined || raw === '') return null;
    if (!isPartialDate(raw)) {
      ctx.addIssue({ code: 'custom', message: `expected a date as ${PARTIAL_DATE_FORMAT}` });
      return z.NEVER;
    }
    const range = dateRange(raw) as { start: number; end: number };
    return { raw, value: side === 'from' ? range.start : range.end };
  });

export const choice = <T extends string>(values: readonly T[]) =>
  singleValue.transform((raw, ctx): T | null => {
    if (raw === undefined || raw === '') return null;
    if (!(values as readonly string[]).includes(raw)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return raw as T;
  });

const facetShape = Object.fromEntries(FACET_NAMES.map((facet) => [facet, facetValues(facet)])) as Record<
  FacetName,
  ReturnType<typeof facetValues>
>;

// Key order is the order problems are reported in: the first bad parameter is named.
const searchShape = {
  q: singleValue.transform((raw, ctx): string => {
    // Phones and word processors type “curly” quotes: they ask for a phrase as much as "straight" ones do.
    const q = (raw ?? '').trim().replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"');
    if (q.length > MAX_QUERY_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_QUERY_LENGTH} characters` });
      return z.NEVER;
    }
    return q;
  }),
  ...facetShape,
  ocd_id: singleValue.transform((raw, ctx): string | null => {
    const value = (raw ?? '').trim();
    if (value === '') return null;
    const check = value.length > 300 ? { ok: false, message: 'must be at most 300 characters' } : ocdDivisions().check(value);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: check.message });
      return z.NEVER;
    }
    return value;
  }),
  from: dateBound('from'),
  to: dateBound('to'),
  sort: choice(SORTS),
  page: pageParam,
  per_page: perPageParam,
};

export const checkRange = (params: { from?: DateBound | null; to?: DateBound | null }, ctx: z.core.$RefinementCtx) => {
  const from = params.from?.value;
  const to = params.to?.value;
  if (typeof from === 'number' && typeof to === 'number' && from > to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
};

// The range is checked even when another parameter is bad: `to` comes before sort and paging.
export const always = { when: () => true };

/** The search parameters of the JSON API and the exports. */
export const searchParamsSchema = z.object(searchShape).superRefine(checkRange, always);

/** The search page's parameters: the search's, and `more`, the one facet listed with all its values. */
export const searchPageParamsSchema = z.object({ ...searchShape, more: choice(FACET_NAMES) }).superRefine(checkRange, always);

function toSearchQuery(params: z.output<typeof searchParamsSchema>): SearchQuery {
  const filters: SearchQuery['filters'] = {};
  for (const facet of FACET_NAMES) if (params[facet].length > 0) filters[facet] = params[facet];
  const defaultSort = params.sort === null;
  // An empty query lists everything, newest first.
  const sort: SearchSort = params.sort ?? (params.q === '' ? 'newest' : 'relevance');
  return {
    q: params.q,
    filters,
    from: params.from,
    to: params.to,
    sort,
    // Only when asked for: a search without it is the same value as before there was one.
    ...(params.ocd_id === null ? {} : { division: params.ocd_id }),
    defaultSort,
    page: params.page,
    perPage: params.per_page,
  };
}

/**
 * Turns request parameters into a typed search. Throws a 400 naming the first bad parameter.
 * Strict, for the JSON API and the exports: a parameter it does not know is a 400 too.
 */
export function parseSearchQuery(raw: Record<string, unknown>): SearchQuery {
  return toSearchQuery(parseParams(searchParamsSchema, raw, 'refuse').params);
}

/** The search page: strict about values, lenient about parameters it does not know (it says which it ignored). */
export function parseSearchPageQuery(raw: Record<string, unknown>): SearchPageQuery {
  const { params, ignored } = parseParams(searchPageParamsSchema, raw, 'ignore');
  return { query: toSearchQuery(params), expanded: params.more, ignored };
}
