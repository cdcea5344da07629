import { ROLE_CATEGORIES, STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';

/**
 * Generated search requests for the query fuzzer (test/integration/fuzz.test.ts). Each request
 * is built as the exact bytes of its query string, with what the generator knows about each
 * parameter: how the server will decode it (when that is certain) and whether SPEC §4 makes it
 * acceptable ('good'), an error ('bad'), or leaves it to the implementation ('maybe').
 */

/** mulberry32: small, fast and good enough to make a failing run reproducible from its seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}

export interface Rng {
  next(): number;
  /** An integer from min to max, both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export type Verdict = 'good' | 'maybe' | 'bad';

export interface FuzzPair {
  /** Exactly as sent on the wire (ASCII, percent-encoded or deliberately not). */
  key: string;
  value: string;
  /** The parameter name the server decodes, or null when the key's encoding is malformed. */
  name: string | null;
  /** The value the server decodes, when that is certain (well-formed encoding). */
  decoded?: string;
  /** A well-formed facet value that no statement has: the facet must then match nothing. */
  absent?: boolean;
  verdict: Verdict;
  /** Which generator made it, for the failure message and the tallies. */
  kind: string;
}

export const ENDPOINTS = ['/search', '/api/search', '/export/search.csv', '/export/search.ndjson', '/feeds/search.atom'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface FuzzRequest {
  endpoint: Endpoint;
  pairs: FuzzPair[];
  /** Extra raw separators ('&&', a trailing '&'): the parser must skip them. */
  separators: string[];
  accept: string | null;
}

/** The parameters of a search, by SPEC §4 (plus `year`, a facet of the search page). */
export const SINGLE_PARAMS = ['q', 'from', 'to', 'sort', 'page', 'per_page'] as const;
export const KNOWN_PARAMS: ReadonlySet<string> = new Set<string>([...SINGLE_PARAMS, ...FACET_NAMES]);
/** The search page's own parameter: which facet to list in full. */
const PAGE_PARAM = 'more';
const ENUM_FACETS: Partial<Record<FacetName, readonly string[]>> = {
  stance: STANCES,
  kind: STATEMENT_KINDS,
  role: ROLE_CATEGORIES,
};

/** Values that exist in the corpus, per facet (from the index's documents). */
export type FacetValues = Record<FacetName, string[]>;

// prettier-ignore
export const FILTER_FRAGMENTS = [
  '" OR ', '=', '!=', ' TO ', 'IN [', ']', '\\', '\\\\', '"', "'", 'AND stance = support', 'OR stance = oppose', '_geo',
  '_geoRadius(0, 0, 1)', '_geoBoundingBox([1, 1], [0, 0])', '(', ')', 'NOT ', ' EXISTS', ' IS NULL', ' IS EMPTY', '*',
  ' OR 1=1', "' OR '1'='1", 'stance != oppose', 'measure_id IN [a, b]', 'year 1900 TO 3000', '"")', '\u0000', '%00', '%',
  'seq > 0', 'id = 1', '\n', '\r\n', '\t', '\\"', '\\u0022', '&', '#', '+', ';', '--',
];

const RAW_MALFORMED = [
  '%',
  '%%',
  '%zz',
  '%GG',
  '%2',
  '%0',
  '100%',
  '%E2%82',
  '%C0%AF',
  '%FF%FE',
  '%ED%A0%80',
  '%ED%B0%80',
  '%F4%90%80%80',
  '%u0041',
  '%%32%30',
  '%00',
  '%C3',
  '%E0%80%80',
];
/** Left unencoded on the wire; Node's client and server pass them, the query parser decodes them as themselves. */
const RAW_SAFE_ASCII = [
  '"',
  '<',
  '>',
  '`',
  '{',
  '}',
  '|',
  '^',
  '\\',
  "'",
  '(',
  ')',
  '*',
  '!',
  '~',
  '[',
  ']',
  '@',
  ':',
  '/',
  '?',
  ',',
  ';',
  '$',
];

const CODE_POINT_RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x5d0, 0x5ea] /* Hebrew */,
  [0x627, 0x64a] /* Arabic */,
  [0x200b, 0x200f] /* zero-width, LRM, RLM */,
  [0x202a, 0x202e] /* bidi embeddings, RLO */,
  [0x2066, 0x2069] /* isolates */,
  [0x300, 0x36f] /* combining */,
  [0x4e00, 0x9fff],
  [0x1f600, 0x1f64f] /* emoji */,
  [0x1d400, 0x1d7ff] /* math */,
  [0xf0000, 0xf00ff] /* private use, plane 15 */,
  [0x1, 0x1f] /* controls */,
  [0x0, 0x0],
  [0xfffd, 0xffff],
  [0x2028, 0x2029],
  [0xfeff, 0xfeff],
];

export function randomUnicode(rng: Rng, length: number): string {
  let text = '';
  while (text.length < length) {
    const [lo, hi] = rng.pick(CODE_POINT_RANGES);
    text += String.fromCodePoint(rng.int(lo, hi));
  }
  return text;
}

/** Percent-encodes a well-formed string, sometimes with '+' for spaces and harmless ASCII left raw. */
export function encode(rng: Rng, text: string): string {
  let wire = encodeURIComponent(text);
  if (rng.chance(0.5)) wire = wire.replace(/%20/g, '+');
  if (rng.chance(0.3)) {
    for (const ch of RAW_SAFE_ASCII) if (rng.chance(0.5)) wire = wire.split(encodeURIComponent(ch)).join(ch);
  }
  return wire;
}

const clean = (rng: Rng, text: string, verdict: Verdict, kind: string, extra: Partial<FuzzPair> = {}) => ({
  value: encode(rng, text),
  decoded: text,
  verdict,
  kind,
  ...extra,
});

type ValuePart = Omit<FuzzPair, 'key' | 'name'>;

/** A malformed or odd percent-encoding mixed into some text; what it decodes to is the parser's business. */
function malformed(rng: Rng, around = ''): { value: string } {
  const pieces = Array.from({ length: rng.int(1, 3) }, () => rng.pick(RAW_MALFORMED));
  return { value: `${encodeURIComponent(around.slice(0, 3))}${pieces.join(encodeURIComponent(around.slice(3)) || 'x')}` };
}

function fragmentText(rng: Rng, seedValue: string): string {
  const parts = Array.from({ length: rng.int(1, 3) }, () => rng.pick(FILTER_FRAGMENTS));
  const text = parts.join(rng.pick(['', ' ', seedValue]));
  return rng.pick([
    text,
    `${seedValue}${text}`,
    `${seedValue}${text}${seedValue}`,
    `${seedValue}" OR ${rng.pick(['stance', 'measure_id', 'year', 'topics'])} ${rng.pick(['=', '!=', 'EXISTS', 'IN ['])} "${seedValue}`,
  ]);
}

const longAscii = (rng: Rng, length: number) => {
  const words = ['police', 'counselors', 'OR', 'AND', 'TO', '=', 'x', 'budget', '"', '\\'];
  let text = '';
  while (text.length < length) text += `${rng.pick(words)} `;
  return text.slice(0, length);
};

/** Code points, not UTF-16 units: an astral character is one character to a reader. */
const codePoints = (text: string) => [...text].length;

export function generateQ(rng: Rng, words: readonly string[]): ValuePart {
  const roll = rng.int(0, 11);
  if (roll === 0) return clean(rng, '', 'good', 'q-empty');
  if (roll <= 2) return clean(rng, Array.from({ length: rng.int(1, 4) }, () => rng.pick(words)).join(' '), 'good', 'q-words');
  if (roll === 3) return clean(rng, randomUnicode(rng, rng.int(1, 80)), 'good', 'q-unicode');
  if (roll === 4) return clean(rng, fragmentText(rng, rng.pick(words)), 'good', 'q-filter-syntax');
  if (roll === 5) return { ...malformed(rng, rng.pick(words)), verdict: 'good', kind: 'q-malformed' };
  if (roll === 6) {
    const text = longAscii(rng, rng.int(10_000, 12_000));
    return clean(rng, text, 'bad', 'q-long');
  }
  if (roll === 7) {
    // Around the 500-character limit, in units and in code points.
    const astral = rng.chance(0.4);
    const text = astral ? '😀'.repeat(rng.int(240, 260)) : 'a'.repeat(rng.int(495, 505));
    return clean(rng, text, lengthVerdict(text), astral ? 'q-limit-astral' : 'q-limit');
  }
  if (roll === 8)
    return clean(
      rng,
      `${' '.repeat(rng.int(1, 20))}${rng.pick(words)}\u0000${rng.pick(words)}${'\t'.repeat(rng.int(0, 3))}`,
      'good',
      'q-nul',
    );
  if (roll === 9)
    return {
      value: `${encodeURIComponent(rng.pick(words))}%ED%A0%80${rng.chance(0.5) ? '%ED%B0%80' : ''}x`,
      verdict: 'good',
      kind: 'q-lone-surrogate',
    };
  if (roll === 10) return clean(rng, `"${rng.pick(words)} ${rng.pick(words)}" -${rng.pick(words)}`, 'good', 'q-phrase');
  return clean(rng, randomUnicode(rng, rng.int(1, 8)) + rng.pick(words), 'good', 'q-mixed');
}

function lengthVerdict(q: string): Verdict {
  const trimmed = q.trim();
  if (q.length <= 500) return 'good';
  if (codePoints(trimmed) > 500) return 'bad';
  return 'maybe';
}

let absentCounter = 0;

export function generateFacetValue(rng: Rng, facet: FacetName, existing: FacetValues, words: readonly string[]): ValuePart {
  const values = existing[facet];
  const seedValue = values.length ? rng.pick(values) : 'x';
  const enumValues = ENUM_FACETS[facet];
  const roll = rng.int(0, 11);
  if (roll <= 2 && values.length) return clean(rng, seedValue, 'good', 'facet-existing');
  if (roll === 3) {
    const absent = absentValue(rng, facet, existing);
    if (absent !== null) return clean(rng, absent, 'good', 'facet-absent', { absent: true });
    return clean(rng, seedValue, 'good', 'facet-existing');
  }
  if (roll === 4) return clean(rng, rng.pick(['', ' ', '\t', '  \n ']), 'good', 'facet-blank');
  if (roll === 5 && enumValues)
    return clean(
      rng,
      rng.pick(['bogus', 'supports', 'all', 'none', 'null', 'undefined', '1', 'true']),
      'bad',
      'facet-not-in-enum',
    );
  if (roll <= 7) {
    const text = fragmentText(rng, seedValue);
    return clean(
      rng,
      text,
      enumValues ? enumVerdict(text, enumValues) : text.trim() === '' ? 'good' : 'maybe',
      'facet-filter-syntax',
    );
  }
  if (roll === 8) return clean(rng, randomUnicode(rng, rng.int(1, 30)), 'maybe', 'facet-unicode');
  if (roll === 9) return { ...malformed(rng, seedValue), verdict: enumValues ? 'bad' : 'maybe', kind: 'facet-malformed' };
  if (roll === 10) return clean(rng, longAscii(rng, rng.int(10_000, 11_000)), 'maybe', 'facet-long');
  // Case and padding variants of a real value: implementations may normalise or refuse them.
  const variant = rng.pick([
    seedValue.toUpperCase(),
    seedValue.toLowerCase(),
    ` ${seedValue} `,
    `${seedValue}\u0000`,
    `${seedValue}\u200b`,
    rng.pick(words),
  ]);
  return clean(rng, variant, variant === seedValue ? 'good' : 'maybe', 'facet-variant');
}

/** A value of an enumerated facet: blank is no filter; padding around a known value is the implementation's call; anything else is an error. */
function enumVerdict(text: string, values: readonly string[]): Verdict {
  const trimmed = text.trim();
  if (trimmed === '') return 'good';
  if (values.includes(trimmed)) return trimmed === text ? 'good' : 'maybe';
  return 'bad';
}

/** A well-formed value of the facet that the corpus does not have (null when there is none). */
function absentValue(rng: Rng, facet: FacetName, existing: FacetValues): string | null {
  const have = new Set(existing[facet]);
  const candidates: string[] = [];
  const enumValues = ENUM_FACETS[facet];
  if (enumValues) candidates.push(...enumValues.filter((v) => !have.has(v)));
  else if (facet === 'state') candidates.push(...['QQ', 'ZZ', 'XX', 'AA'].filter((v) => !have.has(v)));
  else if (facet === 'year') candidates.push(...['1901', '1955', '2099', '0001'].filter((v) => !have.has(v)));
  else if (facet === 'topic') candidates.push(`zz-no-topic-${++absentCounter}`);
  else candidates.push(rng.pick([`zz-no-${facet}-${++absentCounter}`, `Z${++absentCounter}`, `_${++absentCounter}_`]));
  return candidates.length ? rng.pick(candidates) : null;
}

const GOOD_DATES = ['2018', '2019-05', '2020-02-29', '2021', '2021-06', '2022-10-11', '2023', '2024-12-31', '2000-01-01', '2030'];
const BAD_DATES = [
  '2024-13-45',
  '99999',
  'yesterday',
  '2023-02-29',
  '2024-1-1',
  '2024-00',
  '20240101',
  '-2024',
  '2024-12-32',
  '2024/01/01',
  '2024-02-30T00:00',
  'NaN',
  '1e4',
  '２０２４',
];

export function generateDate(rng: Rng): ValuePart {
  const roll = rng.int(0, 9);
  if (roll <= 3) return clean(rng, rng.pick(GOOD_DATES), 'good', 'date-valid');
  if (roll === 4) return clean(rng, '', 'good', 'date-empty');
  if (roll <= 7) return clean(rng, rng.pick(BAD_DATES), 'bad', 'date-invalid');
  if (roll === 8) return clean(rng, rng.pick([' 2024', '2024 ', '0000', '0000-01-01']), 'maybe', 'date-odd');
  return { ...malformed(rng, '2024'), verdict: 'bad', kind: 'date-malformed' };
}

export function generateSort(rng: Rng, words: readonly string[]): ValuePart {
  const roll = rng.int(0, 7);
  if (roll <= 2) return clean(rng, rng.pick(['relevance', 'newest', 'oldest']), 'good', 'sort-valid');
  if (roll === 3) return clean(rng, rng.pick(['', 'Newest', 'OLDEST', ' newest']), 'maybe', 'sort-odd');
  if (roll <= 5)
    return clean(
      rng,
      rng.pick(['random', 'date:desc', 'date_start:asc', 'seq:asc', '_geoPoint(0,0):asc', 'relevance,newest', 'best', '1']),
      'bad',
      'sort-unknown',
    );
  if (roll === 6) return clean(rng, fragmentText(rng, rng.pick(words)), 'bad', 'sort-filter-syntax');
  return { ...malformed(rng, 'newest'), verdict: 'bad', kind: 'sort-malformed' };
}

export function generateNumber(rng: Rng, param: 'page' | 'per_page'): ValuePart & { number?: number } {
  const roll = rng.int(0, 9);
  const max = param === 'page' ? 12 : 100;
  if (roll <= 3 || roll === 8) {
    const n = rng.int(1, max);
    return { ...clean(rng, String(n), 'good', `${param}-valid`), number: n };
  }
  if (roll <= 6)
    return clean(
      rng,
      rng.pick([
        '0',
        '-1',
        '-20',
        'abc',
        '1.5',
        '1e3',
        '0x10',
        'Infinity',
        'NaN',
        '99999999999999999999',
        '１',
        '1,000',
        param === 'per_page' ? '101' : '1000000001',
      ]),
      'bad',
      `${param}-invalid`,
    );
  if (roll === 7) return clean(rng, rng.pick(['', ' 1', '007', '+1']), 'maybe', `${param}-odd`);
  if (roll === 8 && param === 'page') {
    // Valid on its own; past the 1,000 ranked results it is an error on the search endpoints.
    const n = rng.int(13, 1_000_000_000);
    return { ...clean(rng, String(n), 'good', `${param}-huge`), number: n };
  }
  return { ...malformed(rng, '1'), verdict: 'bad', kind: `${param}-malformed` };
}

const MAX_PATH_LENGTH = 15_000;

// prettier-ignore
const UNKNOWN_NAMES = [
  'foo', 'Q', 'STANCE', 'q[]', 'stance[]', 'filter', 'facets', 'offset', 'limit', 'hitsPerPage', 'attributesToRetrieve',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'utmsource', 'fb_clid', 'stance ', ' q', 'perPage', '',
];
// (utm_* and fbclid-style tracking parameters are dropped unseen by design: not "unknown" here.)

export function generateUnknownKey(rng: Rng): Pick<FuzzPair, 'key' | 'name' | 'kind'> {
  const roll = rng.int(0, 5);
  if (roll <= 2) {
    const name = rng.pick(UNKNOWN_NAMES);
    return { key: encodeURIComponent(name), name, kind: 'unknown-name' };
  }
  if (roll === 3) {
    const name = randomUnicode(rng, rng.int(1, 12));
    if (KNOWN_PARAMS.has(name.trim()) || name === PAGE_PARAM) return { key: 'zzz', name: 'zzz', kind: 'unknown-name' };
    return { key: encodeURIComponent(name), name, kind: 'unknown-unicode-name' };
  }
  if (roll === 4) {
    const name = `x${longAscii(rng, rng.int(2_000, 4_000)).replace(/[^a-z]/g, '_')}`;
    return { key: name, name, kind: 'unknown-long-name' };
  }
  // Malformed: the '%' residue keeps it from ever decoding to a known name.
  return {
    key: rng.pick(['%zz', 'q%', 'st%ance', '%ED%A0%80', '%', 'page%G1', 'sort%']),
    name: null,
    kind: 'unknown-malformed-name',
  };
}

/** A known name, written plainly or percent-encoded (the server must see the same parameter). */
function keyFor(rng: Rng, name: string): string {
  if (!rng.chance(0.1)) return name;
  return [...name].map((ch, i) => (i === 0 || rng.chance(0.3) ? `%${ch.charCodeAt(0).toString(16).toUpperCase()}` : ch)).join('');
}

export function generateRequest(rng: Rng, existing: FacetValues, words: readonly string[]): FuzzRequest {
  const endpoint = rng.pick(ENDPOINTS);
  const pairs: FuzzPair[] = [];
  // Nearly half the requests keep to values SPEC §4 accepts (hostile text in q, values no statement
  // has, odd encodings of good values): those are the ones whose results can show a widening filter.
  const tame = rng.chance(0.45);
  const add = (name: string, part: ValuePart | (() => ValuePart)) => {
    let value = typeof part === 'function' ? part() : part;
    for (let tries = 0; tame && typeof part === 'function' && value.verdict !== 'good' && tries < 10; tries++) value = part();
    pairs.push({ key: keyFor(rng, name), name, ...value });
  };

  const count = rng.pick([0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8]);
  for (let i = 0; i < count; i++) {
    const roll = rng.int(0, 99);
    if (roll < 20) add('q', () => generateQ(rng, words));
    else if (roll < 58) {
      const facet = rng.pick(FACET_NAMES);
      add(facet, () => generateFacetValue(rng, facet, existing, words));
    } else if (roll < 70) add(rng.pick(['from', 'to']), () => generateDate(rng));
    else if (roll < 77) add('sort', () => generateSort(rng, words));
    else if (roll < 87) {
      const param = rng.pick(['page', 'per_page'] as const);
      add(param, () => generateNumber(rng, param));
    } else if (roll < 95 && !(tame && endpoint !== '/search')) {
      const unknown = generateUnknownKey(rng);
      pairs.push({
        ...unknown,
        ...clean(rng, rng.chance(0.5) ? rng.pick(words) : randomUnicode(rng, rng.int(0, 10)), 'good', unknown.kind),
      });
    } else if (roll < 97) {
      add(
        PAGE_PARAM,
        rng.chance(0.6)
          ? clean(rng, rng.pick(FACET_NAMES), 'good', 'more-valid')
          : clean(rng, fragmentText(rng, 'stance'), 'maybe', 'more-invalid'),
      );
    } else {
      // A key with no '=' at all: an empty value.
      const name = rng.pick([...KNOWN_PARAMS]);
      const verdict = name === 'sort' || name === 'page' || name === 'per_page' ? 'maybe' : 'good';
      pairs.push({ key: name, value: '', name, decoded: '', verdict, kind: 'no-equals' });
    }
  }
  if (rng.chance(0.05)) addDateRange(rng, add);
  if (rng.chance(0.04)) addManyValues(rng, add);
  if (pairs.length > 1 && rng.chance(0.15)) {
    // Repeat a parameter, with the same or another value.
    const repeated = rng.pick(pairs);
    const changed: FuzzPair = {
      ...repeated,
      value: `${repeated.value}x`,
      decoded: repeated.decoded === undefined ? undefined : `${repeated.decoded}x`,
      absent: false,
      verdict: repeated.verdict === 'good' ? 'maybe' : repeated.verdict,
      kind: `${repeated.kind}-changed`,
    };
    pairs.splice(rng.int(0, pairs.length), 0, rng.chance(0.5) ? { ...repeated } : changed);
  }
  // Node's server refuses a request line past 16 KB with a bare 431 before the app sees it: stay under.
  while (requestPath({ endpoint, pairs, separators: [], accept: null }).length > MAX_PATH_LENGTH) {
    const longest = pairs.reduce((a, b) => (a.key.length + a.value.length >= b.key.length + b.value.length ? a : b));
    pairs.splice(pairs.indexOf(longest), 1);
  }
  const separators = rng.chance(0.1) ? [rng.pick(['&', '&&', '&&&'])] : [];
  const accept =
    endpoint === '/api/search'
      ? null
      : rng.pick([null, '*/*', 'text/html', 'application/json', 'text/csv', 'application/atom+xml']);
  const request = { endpoint, pairs, separators, accept };
  judge(request);
  return request;
}

/** A from/to pair, valid each on its own; from after to is an error. */
function addDateRange(rng: Rng, add: (name: string, part: ValuePart) => void): void {
  const early = rng.int(2005, 2018);
  const late = rng.int(early + 1, 2030);
  const inYear = (y: number) => rng.pick([`${y}`, `${y}-0${rng.int(1, 9)}`, `${y}-1${rng.int(0, 2)}-1${rng.int(0, 9)}`]);
  const reversed = rng.chance(0.6);
  add('from', clean(rng, inYear(reversed ? late : early), 'good', reversed ? 'date-from-after-to' : 'date-range'));
  add('to', clean(rng, inYear(reversed ? early : late), 'good', reversed ? 'date-from-after-to' : 'date-range'));
}

/** Many distinct values of one facet (SPEC: repeatable; the implementation may cap them). */
function addManyValues(rng: Rng, add: (name: string, part: ValuePart) => void): void {
  const facet = rng.pick(['measure', 'speaker', 'org', 'topic'] as const);
  const n = rng.int(40, 70);
  for (let i = 0; i < n; i++) add(facet, clean(rng, `zz-many-${i}`, 'good', 'facet-many', { absent: true }));
}

/** Verdicts that depend on the whole request: repeats, unknown names per endpoint, paging window, date order, value caps. */
export function judge(request: FuzzRequest): void {
  const { endpoint, pairs } = request;
  const searchLike = endpoint === '/search' || endpoint === '/api/search';
  const worsen = (pair: FuzzPair, verdict: Verdict) => {
    if (verdict === 'bad' || (verdict === 'maybe' && pair.verdict === 'good')) pair.verdict = verdict;
  };
  const byName = new Map<string, FuzzPair[]>();
  for (const pair of pairs) {
    if (pair.name === null || !(KNOWN_PARAMS.has(pair.name) || pair.name === PAGE_PARAM)) {
      // Unknown: the API is strict, the page ignores it (and says so); the downloads share the API's parameters.
      worsen(pair, endpoint === '/api/search' ? 'bad' : endpoint === '/search' ? 'good' : 'maybe');
      if (endpoint === '/search' && pair.name === null) worsen(pair, 'maybe');
      continue;
    }
    if (pair.name === PAGE_PARAM && endpoint !== '/search') worsen(pair, endpoint === '/api/search' ? 'bad' : 'maybe');
    byName.set(pair.name, [...(byName.get(pair.name) ?? []), pair]);
  }
  for (const name of [...SINGLE_PARAMS, PAGE_PARAM]) {
    const group = byName.get(name) ?? [];
    if (group.length > 1) for (const pair of group) worsen(pair, 'maybe');
  }
  // A facet may be repeated, up to an implementation's cap.
  for (const facet of FACET_NAMES) {
    const group = byName.get(facet) ?? [];
    const distinct = new Set(group.map((p) => p.decoded?.trim()));
    if (distinct.size > 50) for (const pair of group) worsen(pair, 'maybe');
  }
  // Paging past the 1,000 ranked results only fails where results are paged.
  const page = byName.get('page');
  const perPage = byName.get('per_page');
  const numberOf = (group: FuzzPair[] | undefined, fallback: number) =>
    group === undefined
      ? fallback
      : group.length === 1 && group[0]?.verdict === 'good' && /^\d+$/.test(group[0].decoded ?? '')
        ? Number(group[0].decoded)
        : null;
  const p = numberOf(page, 1);
  const k = numberOf(perPage, 20);
  if (searchLike && page && page[0]?.verdict === 'good') {
    if (p === null || k === null) worsen(page[0], 'maybe');
    else if ((p - 1) * k >= 1000) worsen(page[0], 'bad');
  }
  // from after to.
  const from = byName.get('from');
  const to = byName.get('to');
  if (
    from?.length === 1 &&
    to?.length === 1 &&
    from[0]?.verdict === 'good' &&
    to[0]?.verdict === 'good' &&
    from[0].decoded &&
    to[0].decoded
  ) {
    const start = dateBounds(from[0].decoded)?.start;
    const end = dateBounds(to[0].decoded)?.end;
    if (start !== undefined && end !== undefined && start > end) {
      worsen(from[0], 'bad');
      worsen(to[0], 'bad');
    }
  }
}

/** yyyymmdd of the first and last day a YYYY, YYYY-MM or YYYY-MM-DD date covers. */
export function dateBounds(date: string): { start: number; end: number } | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!match) return null;
  const [, y, m, d] = match;
  const base = Number(y) * 10000;
  return {
    start: base + Number(m ?? 1) * 100 + Number(d ?? 1),
    end: base + Number(m ?? 12) * 100 + Number(d ?? 31),
  };
}

export function requestPath(request: FuzzRequest): string {
  const parts = request.pairs.map((p) => (p.kind === 'no-equals' ? p.key : `${p.key}=${p.value}`));
  for (const sep of request.separators) parts.splice(Math.floor(parts.length / 2), 0, sep.replace(/^&|&$/g, ''));
  const query = parts.join('&');
  return query ? `${request.endpoint}?${query}` : request.endpoint;
}

/** The request's overall verdict: any bad parameter makes it a 400; all good makes it a 200. */
export function expectedOutcome(request: FuzzRequest): 'ok' | 'error' | 'either' {
  if (request.pairs.some((p) => p.verdict === 'bad')) return 'error';
  if (request.pairs.every((p) => p.verdict === 'good')) return 'ok';
  return 'either';
}
