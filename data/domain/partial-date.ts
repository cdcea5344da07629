// Partial dates (SPEC §1): a fact may be known to the day, the month, the year, or not at all.
import type { DatePrecision } from '../archive.types.js';

/** YYYY, YYYY-MM or YYYY-MM-DD: the one pattern every parser of a partial date uses. */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** The same pattern for an HTML `pattern` attribute (anchored by the browser). */
export const PARTIAL_DATE_HTML_PATTERN = PARTIAL_DATE_PATTERN.source.slice(1, -1);
/** What every form, parameter and import says about a value that is not a partial date. */
export const PARTIAL_DATE_FORMAT = 'YYYY, YYYY-MM or YYYY-MM-DD';

/** A calendar date that exists (no February 30th); a year or month alone is checked as its first day. */
export function isRealDate(value: string): boolean {
  const [y, m = '01', d = '01'] = value.split('-');
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === `${y}-${m}-${d}`;
}

/** A well-formed, real partial date. */
export function isPartialDate(value: string): boolean {
  return PARTIAL_DATE_PATTERN.test(value) && isRealDate(value);
}

/** How much of a stored date is known: "2023" is a year, "2023-06" a month, null unknown. */
export function precisionOf(date: string | null): DatePrecision {
  if (date === null) return 'unknown';
  return date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
}

/** "2023", "2023-06" or "2023-06-15" -> the first and last day it can mean, as yyyymmdd. */
export function dateRange(date: string | null): { start: number; end: number } | null {
  if (!date) return null;
  const [y, m, d] = date.split('-');
  const year = Number(y);
  if (!Number.isInteger(year)) return null;
  if (m === undefined) return { start: year * 10000 + 101, end: year * 10000 + 1231 };
  const month = Number(m);
  if (d === undefined) return { start: year * 10000 + month * 100 + 1, end: year * 10000 + month * 100 + 31 };
  const day = year * 10000 + month * 100 + Number(d);
  return { start: day, end: day };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "December 7, 2023", "December 2023", "2023", or null when the date is not known. */
export function formatPartialDate(date: string | null, precision?: DatePrecision): string | null {
  if (!date || precision === 'unknown') return null;
  precision ??= precisionOf(date);
  const [y, m, d] = date.split('-');
  if (m === undefined || precision === 'year') return y ?? null;
  const month = MONTHS[Number(m) - 1] ?? m;
  if (d === undefined || precision === 'month') return `${month} ${y}`;
  return `${month} ${Number(d)}, ${y}`;
}
