import { describe, expect, it } from 'vitest';
import { fromIdFacetValue, toIdFacetValue } from '../../indexer/index-settings.js';
import { buildSearchFilter, quoteFilterValue } from '../../server/search/search.filter.js';
import type { SearchQuery } from '../../server/search/search.query.js';

/**
 * Reads one double-quoted string the way Meilisearch's filter parser does (a backslash escapes
 * the next character) and returns its value, or throws if the string ends before the input does.
 */
function readQuoted(literal: string): string {
  if (!literal.startsWith('"')) throw new Error(`not quoted: ${literal}`);
  let value = '';
  for (let i = 1; i < literal.length; i++) {
    const ch = literal[i] as string;
    if (ch === '\\') {
      i++;
      if (i >= literal.length) throw new Error(`dangling backslash: ${literal}`);
      value += literal[i];
    } else if (ch === '"') {
      if (i !== literal.length - 1) throw new Error(`quoted string closes early at ${i}: ${literal}`);
      return value;
    } else {
      value += ch;
    }
  }
  throw new Error(`unterminated: ${literal}`);
}

type FilterInput = Pick<SearchQuery, 'filters' | 'from' | 'to'>;
const query = (overrides: Partial<FilterInput> = {}): FilterInput => ({ filters: {}, from: null, to: null, ...overrides });

const HOSTILE = [
  'x" OR stance = "support',
  'a\\" OR 1',
  'a\\\\" OR 1 = 1 OR "',
  'TO',
  '=',
  '"',
  '\\',
  'trailing\\',
  '2020 TO 2030',
  'x") OR (stance EXISTS',
];

describe('quoteFilterValue', () => {
  it.each(HOSTILE)('keeps the hostile value %j inside one quoted string', (value) => {
    const literal = quoteFilterValue(value);
    expect(readQuoted(literal)).toBe(value);
  });

  it('escapes every inner double quote and doubles every backslash', () => {
    expect(quoteFilterValue('x" OR stance = "support')).toBe('"x\\" OR stance = \\"support"');
    expect(quoteFilterValue('a\\" OR 1')).toBe('"a\\\\\\" OR 1"');
    expect(quoteFilterValue('\\')).toBe('"\\\\"');
  });

  it('quotes filter keywords and operators so they stay plain values', () => {
    expect(quoteFilterValue('TO')).toBe('"TO"');
    expect(quoteFilterValue('=')).toBe('"="');
    expect(quoteFilterValue('')).toBe('""');
  });
});

describe('buildSearchFilter', () => {
  it('returns no conditions for an unfiltered query', () => {
    expect(buildSearchFilter(query())).toEqual([]);
  });

  it('ORs the values of one facet inside one inner list', () => {
    const filter = buildSearchFilter(query({ filters: { stance: ['support', 'oppose'] } }));
    expect(filter).toEqual([['stance = "support"', 'stance = "oppose"']]);
  });

  it('ANDs different facets as separate entries, using the document attribute names', () => {
    const filter = buildSearchFilter(
      query({
        filters: { stance: ['oppose'], speaker: ['p-1', 'p-2'], role: ['parent'], org: ['o-1'], topic: ['police'] },
      }),
    );
    expect(filter).toEqual([
      ['stance = "oppose"'],
      ['speaker_id = "p-1"', 'speaker_id = "p-2"'],
      ['role_category = "parent"'],
      ['organization_id = "o-1"'],
      ['topics = "police"'],
    ]);
  });

  it('maps every facet name to its attribute', () => {
    const filter = buildSearchFilter(
      query({
        filters: {
          stance: ['a'],
          measure: ['b'],
          speaker: ['c'],
          role: ['d'],
          org: ['e'],
          body: ['f'],
          state: ['g'],
          topic: ['h'],
          kind: ['i'],
          year: ['j'],
        },
      }),
    );
    expect(filter.flat().map((condition) => condition.split(' = ')[0])).toEqual([
      'stance',
      'measure_id',
      'speaker_id',
      'role_category',
      'organization_id',
      'body_id',
      'state',
      'topics',
      'kind',
      'year',
    ]);
  });

  it('skips facets given an empty list', () => {
    expect(buildSearchFilter(query({ filters: { stance: [], kind: ['quote'] } }))).toEqual([['kind = "quote"']]);
  });

  it('keeps each hostile value inside one quoted string in the built filter', () => {
    const filter = buildSearchFilter(query({ filters: { speaker: HOSTILE } }));
    expect(filter).toHaveLength(1);
    const conditions = filter[0] as string[];
    expect(conditions).toHaveLength(HOSTILE.length);
    conditions.forEach((condition, i) => {
      expect(condition.startsWith('speaker_id = ')).toBe(true);
      expect(readQuoted(condition.slice('speaker_id = '.length))).toBe(toIdFacetValue(HOSTILE[i] as string));
    });
  });

  it('filters id facets on their capital-free indexed form, as the engine ignores case', () => {
    expect(buildSearchFilter(query({ filters: { measure: ['TO', 'to'], body: ['Dps-Board'], topic: ['budget'] } }))).toEqual([
      ['measure_id = ".t.o"', 'measure_id = "to"'],
      ['body_id = ".dps-.board"'],
      ['topics = "budget"'],
    ]);
  });

  it('leaves out the facet named by except and keeps the others', () => {
    const q = query({ filters: { stance: ['oppose'], kind: ['quote', 'paraphrase'] } });
    expect(buildSearchFilter(q, 'stance')).toEqual([['kind = "quote"', 'kind = "paraphrase"']]);
    expect(buildSearchFilter(q, 'kind')).toEqual([['stance = "oppose"']]);
    expect(buildSearchFilter(q, 'year')).toEqual([['stance = "oppose"'], ['kind = "quote"', 'kind = "paraphrase"']]);
  });

  it('keeps the date bounds when a facet is left out', () => {
    const q = query({ filters: { stance: ['oppose'] }, from: { raw: '2023', value: 20230101 } });
    expect(buildSearchFilter(q, 'stance')).toEqual(['date_end >= 20230101']);
  });

  it('turns from into date_end >= N and to into date_start <= N', () => {
    const filter = buildSearchFilter(
      query({
        from: { raw: '2023-02', value: 20230201 },
        to: { raw: '2024', value: 20241231 },
      }),
    );
    expect(filter).toEqual(['date_end >= 20230201', 'date_start <= 20241231']);
  });

  it('writes date bounds as whole numbers', () => {
    const filter = buildSearchFilter(query({ to: { raw: '2024', value: 20241231.9 } }));
    expect(filter).toEqual(['date_start <= 20241231']);
  });

  it('puts the date bounds after the facet conditions', () => {
    const filter = buildSearchFilter(
      query({
        filters: { state: ['CA'] },
        from: { raw: '2023', value: 20230101 },
        to: { raw: '2023', value: 20231231 },
      }),
    );
    expect(filter).toEqual([['state = "CA"'], 'date_end >= 20230101', 'date_start <= 20231231']);
  });
});

describe('toIdFacetValue', () => {
  it.each(['TO', 'to', 'Dps-SRO_2024', 'a.b', 'A..z', '_geo', 'x.Y.'])(
    'gives %j a form without capitals that maps back',
    (id) => {
      const value = toIdFacetValue(id);
      expect(value).toBe(value.toLowerCase());
      expect(fromIdFacetValue(value)).toBe(id);
    },
  );

  it('gives ids that differ only in case different forms', () => {
    const forms = ['TO', 'To', 'tO', 'to', '.to', '.t.o'].map(toIdFacetValue);
    expect(new Set(forms).size).toBe(forms.length);
  });
});
