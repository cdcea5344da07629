import { describe, expect, it } from 'vitest';
import { contextAround } from '../../server/admin/review.admin.view.js';

describe('the passage shown around a candidate', () => {
  it('is the quote’s paragraph when it is short, without ellipses', () => {
    const text = 'First paragraph.\n\n"Quote here," she said.\n\nLast paragraph.';
    const start = text.indexOf('Quote');
    expect(contextAround(text, start, start + 'Quote here'.length)).toEqual({
      before: '"',
      quote: 'Quote here',
      after: '," she said.',
    });
  });

  it('cuts a long paragraph at a word on each side and says so', () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    const start = words.indexOf('w100');
    const { before, quote, after } = contextAround(words, start, start + 4);
    expect(quote).toBe('w100');
    expect(before.startsWith('…w')).toBe(true);
    expect(after.endsWith('…')).toBe(true);
    expect(after.length).toBeLessThan(300);
  });
});
