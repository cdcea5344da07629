import { describe, expect, it } from 'vitest';
import { describeIssue, MAX_STATEMENT_LENGTH, statementInput } from '../../data/import/import.schema.js';
import { isRealDate } from '../../data/domain/partial-date.js';

/** The problems of a record as "field: message", the way an importer reports them. */
function problems(record: unknown): string[] {
  const parsed = statementInput.safeParse(record);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const { field, message } = describeIssue(issue);
    return `${field}: ${message}`;
  });
}

const minimal = { text: 'We need counselors, not cops.', speaker: { name: 'Jane Doe' } };

describe('statementInput', () => {
  it('gives a minimal valid record the defaults', () => {
    const parsed = statementInput.parse(minimal);
    expect(parsed).toMatchObject({
      text: 'We need counselors, not cops.',
      kind: 'quote',
      stance: 'unclear',
      language: 'en',
      speaker: { name: 'Jane Doe', type: 'person', role: null, role_category: null, organization: null },
      measure: null,
      meeting: null,
      said_on: null,
      source: null,
      position: null,
      also_in: [],
      topics: [],
      context: null,
    });
    expect(parsed.id).toBeUndefined();
  });

  it('trims the text', () => {
    expect(statementInput.parse({ ...minimal, text: '  Keep them safe.\n' }).text).toBe('Keep them safe.');
  });

  it('refuses a record without a speaker, naming the field', () => {
    expect(problems({ text: 'x' })).toEqual(['speaker: is required']);
  });

  it('refuses a speaker with neither id nor name', () => {
    expect(problems({ text: 'x', speaker: { role: 'Parent' } })).toEqual(['speaker: needs an id or a name']);
  });

  it('refuses a bad stance, listing the stances', () => {
    expect(problems({ ...minimal, stance: 'against' })).toEqual([
      'stance: expected one of support, oppose, mixed, neutral, unclear',
    ]);
  });

  it('refuses a bad kind, listing the kinds', () => {
    expect(problems({ ...minimal, kind: 'tweet' })).toEqual(['kind: expected one of quote, paraphrase, written_comment']);
  });

  it('accepts text of exactly the maximum length and refuses one character more', () => {
    expect(problems({ ...minimal, text: 'a'.repeat(MAX_STATEMENT_LENGTH) })).toEqual([]);
    expect(problems({ ...minimal, text: 'a'.repeat(MAX_STATEMENT_LENGTH + 1) })).toEqual([
      'text: must be at most 20000 characters',
    ]);
  });

  it('refuses empty or missing text', () => {
    expect(problems({ ...minimal, text: '   ' })).toEqual(['text: must not be empty']);
    expect(problems({ speaker: { name: 'Jane Doe' } })).toEqual(['text: expected a string']);
  });

  it('refuses an impossible date, naming the field', () => {
    expect(problems({ ...minimal, said_on: '2023-13-01' })).toEqual(['said_on: is not a real calendar date']);
    expect(problems({ ...minimal, said_on: '2023-02-29' })).toEqual(['said_on: is not a real calendar date']);
  });

  it('refuses a date in another format, saying which formats are accepted', () => {
    // zod also runs the calendar check after the format check fails, so a second message follows.
    const found = problems({ ...minimal, said_on: '12/07/2023' });
    expect(found[0]).toBe('said_on: expected a date as YYYY, YYYY-MM or YYYY-MM-DD');
    expect(found.every((problem) => problem.startsWith('said_on: '))).toBe(true);
  });

  it('names the nested path of a bad nested field', () => {
    expect(problems({ ...minimal, meeting: { title: 'Board meeting', date: '2023-04-31' } })).toEqual([
      'meeting.date: is not a real calendar date',
    ]);
    expect(problems({ ...minimal, speaker: { name: 'Jane Doe', role_category: 'cop' } })).toEqual([
      expect.stringMatching(/^speaker\.role_category: expected one of board_member, /),
    ]);
    expect(problems({ ...minimal, topics: ['ok', 'Not A Slug'] })).toEqual(['topics.1: expected a topic slug']);
  });

  it('reports several problems of one record together', () => {
    expect(problems({ text: '', stance: 'bogus', said_on: '2023-13-01' })).toEqual([
      'text: must not be empty',
      'stance: expected one of support, oppose, mixed, neutral, unclear',
      'speaker: is required',
      'said_on: is not a real calendar date',
    ]);
  });

  it('accepts partial dates', () => {
    expect(statementInput.parse({ ...minimal, said_on: '2023' }).said_on).toBe('2023');
    expect(statementInput.parse({ ...minimal, said_on: '2023-06' }).said_on).toBe('2023-06');
    expect(statementInput.parse({ ...minimal, said_on: '2024-02-29' }).said_on).toBe('2024-02-29');
  });
});

describe('isRealDate', () => {
  it('accepts real dates at every precision', () => {
    expect(['2023', '2023-12', '2024-02-29', '2023-12-31'].map(isRealDate)).toEqual([true, true, true, true]);
  });

  it('refuses impossible months and days', () => {
    expect(['2023-13', '2023-00', '2023-02-29', '2023-04-31', '2023-01-00'].map(isRealDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
