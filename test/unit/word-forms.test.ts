import { describe, expect, it } from 'vitest';
import { stem, toStemmedQuery, toStems } from '../../indexer/word-forms.js';

describe('word forms (Porter2 stems)', () => {
  it('gives "cop" and "cops", "testify" and "testified" the same stem', () => {
    expect(stem('cops')).toBe(stem('cop'));
    expect(stem('testified')).toBe(stem('testify'));
    expect(stem('Officers')).toBe(stem('officer'));
    expect(stem("officer's")).toBe(stem('officer'));
    expect(stem('traumatized')).toBe(stem('traumatize'));
    expect(stem('police')).not.toBe(stem('polite'));
  });

  it('stems a text word by word, leaving out the stop words and punctuation', () => {
    expect(toStems('The cops were testifying, again.')).toBe(`${stem('cops')} ${stem('testifying')} ${stem('again')}`);
    expect(toStems('')).toBe('');
    expect(toStems(null)).toBe('');
  });

  it('stems a query but keeps quoted phrases as phrases and negation', () => {
    expect(toStemmedQuery('"school resource officers" -cops')).toBe(
      `"${stem('school')} ${stem('resource')} ${stem('officers')}" -${stem('cops')} `,
    );
    // The trailing space: the last stem is a whole word, not a prefix.
    expect(toStemmedQuery('who testified')).toBe(`${stem('testified')} `);
    // A query of stop words or punctuation alone has no stemmed form (the exact query still runs).
    expect(toStemmedQuery('the of and')).toBe('');
    expect(toStemmedQuery('!!')).toBe('');
  });
});
