import { describe, expect, it } from 'vitest';
import { toMatchLabel } from '../../server/search/search.view.js';

describe('toMatchLabel', () => {
  it('says how many match all the words and how many more match only some', () => {
    expect(toMatchLabel({ total: 33, matchedAll: 12 })).toBe('12 match all your words; 21 more match some of them.');
  });

  it('uses the singular for one statement matching only some words', () => {
    expect(toMatchLabel({ total: 13, matchedAll: 12 })).toBe('12 match all your words; 1 more matches some of them.');
  });

  it('says when none match all the words', () => {
    expect(toMatchLabel({ total: 1500, matchedAll: 0 })).toBe('None match all your words; 1,500 match some of them.');
  });

  it('says nothing when every statement found matches all the words', () => {
    expect(toMatchLabel({ total: 5, matchedAll: 5 })).toBeNull();
    expect(toMatchLabel({ total: 0, matchedAll: 0 })).toBeNull();
  });
});
