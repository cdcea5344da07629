import { describe, expect, it } from 'vitest';
import {
  dateRange,
  formatPartialDate,
  isPartialDate,
  PARTIAL_DATE_HTML_PATTERN,
  precisionOf,
} from '../../data/domain/partial-date.js';
import { initialOf, slugify, sortNameOf } from '../../data/domain/names.js';
import { deriveStatementId } from '../../data/domain/statement-id.js';
import { excerpt } from '../../data/domain/text.js';

describe('partial dates', () => {
  it('accepts a year, a month or a day that exists, and nothing else', () => {
    expect(['2023', '2023-06', '2023-06-15', '2024-02-29'].every(isPartialDate)).toBe(true);
    expect(['23', '2023-6', '2023-02-30', '2023-13', '2023-06-15T00:00', ' 2023'].some(isPartialDate)).toBe(false);
  });

  it('knows how much of a date is known', () => {
    expect([precisionOf('2023'), precisionOf('2023-06'), precisionOf('2023-06-15'), precisionOf(null)]).toEqual([
      'year',
      'month',
      'day',
      'unknown',
    ]);
  });

  it('turns a partial date into the first and last day it can mean', () => {
    expect(dateRange('2023')).toEqual({ start: 20230101, end: 20231231 });
    expect(dateRange('2023-06')).toEqual({ start: 20230601, end: 20230631 });
    expect(dateRange('2023-06-15')).toEqual({ start: 20230615, end: 20230615 });
    expect(dateRange(null)).toBeNull();
  });

  it('writes a date no more precisely than it is known', () => {
    expect(formatPartialDate('2023-12-07')).toBe('December 7, 2023');
    expect(formatPartialDate('2023-12-07', 'month')).toBe('December 2023');
    expect(formatPartialDate('2023-12')).toBe('December 2023');
    expect(formatPartialDate('2023')).toBe('2023');
    expect(formatPartialDate('2023-12-07', 'unknown')).toBeNull();
  });

  it('gives the browser the same pattern the server checks', () => {
    const browser = new RegExp(`^(?:${PARTIAL_DATE_HTML_PATTERN})$`);
    for (const value of ['2023', '2023-06', '2023-06-15', '2023-6', 'June 2023']) {
      expect(browser.test(value)).toBe(/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value));
    }
  });
});

describe('names', () => {
  it('makes URL-safe ids from names, accents dropped', () => {
    expect(slugify('Lange Luntao')).toBe('lange-luntao');
    expect(slugify('Ana María de la Cruz')).toBe('ana-maria-de-la-cruz');
    expect(slugify('   ')).toMatch(/^x-[0-9a-f]{10}$/);
    expect(slugify('a'.repeat(80)).length).toBe(64);
  });

  it('files a person under the last word of the name', () => {
    expect(sortNameOf('Lange Luntao')).toBe('Luntao, Lange');
    expect(sortNameOf(' Stacey  Ann Collis ')).toBe('Collis, Stacey Ann');
    expect(sortNameOf('Cher')).toBe('Cher');
  });

  it('files names under A–Z, accents ignored, everything else under #', () => {
    expect(['Émile', 'zola', '3M', '  Ortiz'].map(initialOf)).toEqual(['E', 'Z', '#', 'O']);
  });
});

describe('statement ids', () => {
  it('gives the same speaker, words and source the same id, and anything else another', () => {
    const id = deriveStatementId({ speakerId: 'dave-rose', text: 'We are not out to jail kids.', sourceId: 'src-1' });
    expect(id).toMatch(/^s-[0-9a-f]{12}$/);
    expect(deriveStatementId({ speakerId: 'dave-rose', text: 'We are not out to jail kids.', sourceId: 'src-1' })).toBe(id);
    expect(deriveStatementId({ speakerId: 'dave-rose', text: 'We are not out to jail kids.', sourceId: null })).not.toBe(id);
    expect(deriveStatementId({ speakerId: 'lange-luntao', text: 'We are not out to jail kids.', sourceId: 'src-1' })).not.toBe(
      id,
    );
  });
});

describe('excerpt', () => {
  it('keeps short text and cuts long text with an ellipsis within the limit', () => {
    expect(excerpt('Short.', 10)).toBe('Short.');
    expect(excerpt('The money we spend on three officers', 12)).toBe('The money w…');
    expect(excerpt('The money we spend on three officers', 12).length).toBeLessThanOrEqual(12);
  });
});
