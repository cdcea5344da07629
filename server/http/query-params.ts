import { z } from 'zod';
import { invalidParameter } from './http-error.js';

// Query parameters arrive as Express 5 parses them: a string, an array for a repeated key, or an
// object for `a[b]=c`. These schemas take that `unknown` and give typed values or an issue whose
// message is what the 400 says after the parameter's name.

export type RawQuery = Record<string, unknown>;

/** One value: a repeated key or a nested one is refused. */
export const singleValue = z.unknown().transform((value, ctx): string | undefined => {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  ctx.addIssue({ code: 'custom', message: 'expected a single value' });
  return z.NEVER;
});

/** Every value of a repeatable parameter, trimmed, empty ones dropped. */
export const manyValues = z.unknown().transform((value, ctx): string[] => {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string')) {
    ctx.addIssue({ code: 'custom', message: 'expected plain values' });
    return z.NEVER;
  }
  return values.map((v) => v.trim()).filter((v) => v !== '');
});

/** A whole number from min to max; absent or empty gives the fallback. */
export const boundedInt = (min: number, max: number, fallback: number) =>
  singleValue.transform((raw, ctx): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return value;
  });

/**
 * Parameters that link trackers and newsletters add to any URL they pass on (utm_source, fbclid,
 * ...): no search means anything by them, so they are dropped unseen rather than refused.
 */
export function isTrackingParameter(key: string): boolean {
  return /^utm_[a-z0-9_]*$/i.test(key) || TRACKING_PARAMETERS.has(key.toLowerCase());
}
const TRACKING_PARAMETERS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  'mkt_tok',
  'ref_src',
]);

export interface ParsedParams<T> {
  params: T;
  /** Parameters the schema does not know, in request order (only when they are ignored). */
  ignored: string[];
}

/**
 * Parses request parameters with an object schema. `unknown: 'refuse'` (the JSON API) answers
 * 400 for the first parameter the schema does not name; 'ignore' (HTML pages) returns them.
 * Otherwise the 400 names the first bad parameter in the schema's key order (a check across
 * keys reports under the key it blames), so the answer does not depend on the request's order.
 */
export function parseParams<S extends z.ZodObject>(
  schema: S,
  raw: RawQuery,
  unknown: 'refuse' | 'ignore',
): ParsedParams<z.output<S>> {
  const keys = Object.keys(schema.shape);
  const ignored = Object.keys(raw).filter((key) => !keys.includes(key) && !isTrackingParameter(key));
  if (unknown === 'refuse' && ignored.length > 0) throw invalidParameter(ignored[0] as string, 'unknown parameter');
  // Every key present (absent ones as undefined), so each schema gives its own default.
  const known = Object.fromEntries(Object.entries(raw).filter(([key]) => keys.includes(key)));
  const parsed = schema.safeParse({ ...Object.fromEntries(keys.map((key) => [key, undefined])), ...known });
  if (parsed.success) return { params: parsed.data, ignored };
  const rank = (issue: z.core.$ZodIssue) => {
    const at = keys.indexOf(String(issue.path[0]));
    return at === -1 ? keys.length : at;
  };
  const first = [...parsed.error.issues].sort((a, b) => rank(a) - rank(b))[0];
  throw invalidParameter(String(first?.path[0] ?? ''), first?.message ?? 'invalid value');
}

/** One of a fixed set of values; absent or empty gives null. */
export const oneOf = <T extends string>(values: readonly T[]) =>
  singleValue.transform((raw, ctx): T | null => {
    if (raw === undefined || raw === '') return null;
    if (!(values as readonly string[]).includes(raw)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return raw as T;
  });

/** One value of a given shape (an id, a year); absent or empty gives null. */
export const matching = (pattern: RegExp, expected: string) =>
  singleValue.transform((raw, ctx): string | null => {
    if (raw === undefined || raw === '') return null;
    if (!pattern.test(raw)) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
      return z.NEVER;
    }
    return raw;
  });
