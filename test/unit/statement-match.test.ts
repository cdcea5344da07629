import { describe, expect, it } from 'vitest';
import { findSameStatement, isSameStatementText, toWords, wordDistance } from '../../server/ingest/statement-match.js';

describe('matching a candidate to an archived statement', () => {
  it('reads words without punctuation or typography, keeping apostrophes inside words', () => {
    expect(toWords('“We don’t need—more police!” she said.')).toEqual(['we', "don't", 'need', 'more', 'police', 'she', 'said']);
    expect(toWords("'Quoted,' she said")).toEqual(['quoted', 'she', 'said']);
  });

  it('counts whole-word insertions, deletions and substitutions', () => {
    expect(wordDistance(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(0);
    expect(wordDistance(['a', 'b', 'c'], ['a', 'c'])).toBe(1);
    expect(wordDistance(['a', 'b', 'c'], ['c', 'b', 'a'])).toBe(2);
  });

  it('treats the same words with other punctuation as the same statement', () => {
    expect(
      isSameStatementText(
        'We need more counselors in our schools, not more police.',
        'We need more counselors in our schools — not more police!',
      ),
    ).toBe(true);
  });

  it('allows one word more or less in a quote of seven or more words', () => {
    expect(isSameStatementText('We will bring the numbers back in March', 'We will bring the numbers back in early March')).toBe(
      true,
    );
  });

  it('does not match a short quote with one word changed, or the same words in another order', () => {
    expect(isSameStatementText('We oppose this plan', 'We support this plan')).toBe(false);
    expect(
      isSameStatementText(
        'We need more police in our schools, not more counselors',
        'We need more counselors in our schools, not more police',
      ),
    ).toBe(false);
  });

  it('picks the closest of several statements, or none', () => {
    const spoken = [
      { id: 'a', text: 'Our officers coach, they tutor, they show up to graduations and games' },
      { id: 'b', text: 'Our officers coach, they tutor, they show up to graduations' },
      { id: 'c', text: 'Something else entirely.' },
    ];
    expect(findSameStatement('Our officers coach; they tutor; they show up to graduations.', spoken)?.id).toBe('b');
    expect(findSameStatement('Nobody puts that in a budget line.', spoken)).toBeNull();
  });
});
