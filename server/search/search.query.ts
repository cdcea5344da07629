import { ID_PATTERN, ROLE_CATEGORIES, STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { invalidParameter } from '../http/http-error.js';
import { dateRange, isPartialDate, PARTIAL_DATE_FORMAT } from '../../data/domain/partial-date.js';

export const SORTS = ['relevance', 'newest', 'oldest'] as const;
export type SearchSort = (typeof SORTS)[number];

export const MAX_QUERY_LENGTH = 500;
export const MAX_PER_PAGE = 100;
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
  /** True when the reader did not choose the sort (it then follows the query). */
  defaultSort: boolean;
  page: number;
  perPage: number;
}

type RawQuery = Record<string, unknown>;

const enumValue = (values: readonly string[]) => (v: string) => values.includes(v) ? null : `expected one of ${values.join(', ')}`;
const idValue = (v: string) => ID_PATTERN.test(v) ? null : 'expected an id (letters, digits, "-" or "_")';

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

export const SEARCH_PARAMS: ReadonlySet<string> = new Set<string>(['q', 'from', 'to', 'sort', 'page', 'per_page', ...FACET_NAMES]);

function single(raw: RawQuery, param: string): string | undefined {
  const value = raw[param];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1 && typeof value[0] === 'string') return value[0];
    throw invalidParameter(param, 'expected a single value');
  }
  if (typeof value !== 'string') throw invalidParameter(param, 'expected a single value');
  return value;
}

function many(raw: RawQuery, param: string): string[] {
  const value = raw[param];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string')) throw invalidParameter(param, 'expected plain values');
  return values.map((v) => v.trim()).filter((v) => v !== '');
}

function parseBoundedInt(raw: string | undefined, param: string, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw invalidParameter(param, `expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function parseDateBound(raw: string | undefined, param: 'from' | 'to'): DateBound | null {
  if (raw === undefined || raw === '') return null;
  if (!isPartialDate(raw)) {
    throw invalidParameter(param, `expected a date as ${PARTIAL_DATE_FORMAT}`);
  }
  const range = dateRange(raw) as { start: number; end: number };
  return { raw, value: param === 'from' ? range.start : range.end };
}

/**
 * Turns request parameters into a typed search. Throws a 400 naming the first bad parameter.
 * The JSON API also refuses parameters it does not know; the HTML page ignores them.
 */
export function parseSearchQuery(raw: RawQuery, options: { allowUnknown?: boolean } = {}): SearchQuery {
  if (!options.allowUnknown) {
    const unknown = Object.keys(raw).find((key) => !SEARCH_PARAMS.has(key));
    if (unknown !== undefined) throw invalidParameter(unknown, 'unknown parameter');
  }
  const q = (single(raw, 'q') ?? '').trim();
  if (q.length > MAX_QUERY_LENGTH) throw invalidParameter('q', `must be at most ${MAX_QUERY_LENGTH} characters`);

  const filters: Partial<Record<FacetName, string[]>> = {};
  for (const facet of FACET_NAMES) {
    const values = [...new Set(many(raw, facet).map((v) => (facet === 'state' ? v.toUpperCase() : v)))];
    if (values.length === 0) continue;
    if (values.length > MAX_VALUES_PER_FACET) throw invalidParameter(facet, `at most ${MAX_VALUES_PER_FACET} values`);
    for (const value of values) {
      const problem = FACET_VALUE_CHECKS[facet](value);
      if (problem) throw invalidParameter(facet, `${JSON.stringify(value.slice(0, 80))}: ${problem}`);
    }
    filters[facet] = values;
  }

  const from = parseDateBound(single(raw, 'from'), 'from');
  const to = parseDateBound(single(raw, 'to'), 'to');
  if (from && to && from.value > to.value) throw invalidParameter('to', 'must not be before from');

  const sortRaw = single(raw, 'sort');
  if (sortRaw !== undefined && sortRaw !== '' && !(SORTS as readonly string[]).includes(sortRaw)) {
    throw invalidParameter('sort', `expected one of ${SORTS.join(', ')}`);
  }
  const defaultSort = sortRaw === undefined || sortRaw === '';
  // An empty query lists everything, newest first.
  const sort: SearchSort = defaultSort ? (q === '' ? 'newest' : 'relevance') : (sortRaw as SearchSort);

  return { q, filters, from, to, sort, defaultSort, ...parsePaging(raw) };
}

/** The search page's `more`: the one facet listed with all its values. */
export const PAGE_ONLY_PARAMS: ReadonlySet<string> = new Set(['more']);

export function parseExpandedFacet(raw: RawQuery): FacetName | null {
  const value = single(raw, 'more');
  if (value === undefined || value === '') return null;
  if (!(FACET_NAMES as readonly string[]).includes(value)) throw invalidParameter('more', `expected one of ${FACET_NAMES.join(', ')}`);
  return value as FacetName;
}

/** page (from 1) and per_page (1-100, default 20), shared by every paged endpoint. */
export function parsePaging(raw: RawQuery): { page: number; perPage: number } {
  return {
    page: parsePage(raw),
    perPage: parseBoundedInt(single(raw, 'per_page'), 'per_page', 1, MAX_PER_PAGE, 20),
  };
}

/** page alone (from 1), for HTML lists whose page size is fixed. */
export function parsePage(raw: RawQuery): number {
  return parseBoundedInt(single(raw, 'page'), 'page', 1, 1_000_000_000, 1);
}

/** A paged JSON list that takes only page and per_page: any other parameter is refused by name. */
export function parseListPaging(raw: RawQuery): { page: number; perPage: number } {
  const unknown = Object.keys(raw).find((key) => key !== 'page' && key !== 'per_page');
  if (unknown !== undefined) throw invalidParameter(unknown, 'unknown parameter');
  return parsePaging(raw);
}
