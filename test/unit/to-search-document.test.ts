import { describe, expect, it } from 'vitest';
import { effectiveDate, toSearchDocument } from '../../indexer/to-search-document.js';
import { makeMeeting, makeStatement } from './statement-fixture.js';
import { dateRange } from '../../data/domain/partial-date.js';

describe('dateRange', () => {
  it('covers the whole year for YYYY', () => {
    expect(dateRange('2023')).toEqual({ start: 20230101, end: 20231231 });
  });

  it('covers the whole month for YYYY-MM', () => {
    expect(dateRange('2023-01')).toEqual({ start: 20230101, end: 20230131 });
    expect(dateRange('2023-12')).toEqual({ start: 20231201, end: 20231231 });
  });

  it('covers every day of a short month and nothing of the next', () => {
    const range = dateRange('2023-02');
    expect(range?.start).toBe(20230201);
    expect(range?.end).toBeGreaterThanOrEqual(20230228);
    expect(range?.end).toBeLessThan(20230301);
  });

  it('is one day for YYYY-MM-DD', () => {
    expect(dateRange('2023-06-05')).toEqual({ start: 20230605, end: 20230605 });
  });

  it('is null for an unknown date', () => {
    expect(dateRange(null)).toBeNull();
    expect(dateRange('')).toBeNull();
  });

  it('is null for text that has no year', () => {
    expect(dateRange('sometime')).toBeNull();
  });
});

describe('effectiveDate', () => {
  it('prefers the date the words were said', () => {
    const statement = makeStatement({ said_on: '2023-06-05', meeting: makeMeeting('2023-06-01', 'day') });
    expect(effectiveDate(statement)).toBe('2023-06-05');
  });

  it('falls back to the meeting date', () => {
    const statement = makeStatement({ said_on: null, meeting: makeMeeting('2023-05', 'month') });
    expect(effectiveDate(statement)).toBe('2023-05');
  });

  it('is null when neither is known, even if the source has a publication date', () => {
    const statement = makeStatement({
      said_on: null,
      meeting: makeMeeting(null, 'unknown'),
      source: {
        id: 'src-1',
        type: 'news_article',
        title: 'Board votes',
        outlet: 'The Record',
        author: null,
        url: 'https://example.org/a',
        published_on: '2023-07-01',
      },
    });
    expect(effectiveDate(statement)).toBeNull();
    expect(effectiveDate(makeStatement({ said_on: null, meeting: null }))).toBeNull();
  });
});

describe('toSearchDocument', () => {
  const labels = new Map([['police-in-schools', 'Police in schools']]);

  it('leaves the date fields absent when the date is unknown', () => {
    const document = toSearchDocument(makeStatement({ said_on: null, meeting: null }), labels);
    expect('date_start' in document).toBe(false);
    expect('date_end' in document).toBe(false);
    expect('year' in document).toBe(false);
  });

  it('leaves the date fields absent when the meeting has no date', () => {
    const document = toSearchDocument(makeStatement({ said_on: null, meeting: makeMeeting(null, 'unknown') }), labels);
    const keys = Object.keys(document);
    expect(keys).not.toContain('date_start');
    expect(keys).not.toContain('date_end');
    expect(keys).not.toContain('year');
  });

  it('fills the date range and year from a partial date', () => {
    const document = toSearchDocument(makeStatement({ said_on: '2023-06', said_on_precision: 'month' }), labels);
    expect(document).toMatchObject({ date_start: 20230601, year: 2023 });
    expect(document.date_end).toBeGreaterThanOrEqual(20230630);
    expect(document.date_end).toBeLessThan(20230701);
  });

  it('takes the date from the meeting when the words have none', () => {
    const document = toSearchDocument(makeStatement({ said_on: null, meeting: makeMeeting('2022-11-09', 'day') }), labels);
    expect(document).toMatchObject({ date_start: 20221109, date_end: 20221109, year: 2022 });
    expect(document.meeting_id).toBe('mt-1');
    expect(document.meeting_title).toBe('Regular board meeting');
  });

  it('copies ids for facets and names for full text', () => {
    const document = toSearchDocument(
      makeStatement({
        speaker: {
          id: 'p-1',
          type: 'person',
          name: 'Jane Doe',
          sort_name: 'Doe, Jane',
          role: 'President',
          role_category: 'union',
          organization: { id: 'o-1', name: 'Teachers Union' },
        },
      }),
      labels,
    );
    expect(document).toMatchObject({
      id: 's-1',
      seq: 1,
      kind: 'quote',
      stance: 'oppose',
      speaker_id: 'p-1',
      speaker_name: 'Jane Doe',
      role: 'President',
      role_category: 'union',
      organization_id: 'o-1',
      organization_name: 'Teachers Union',
      measure_id: 'm-sro',
      measure_title: 'Resolution to end the SRO contract',
      body_id: 'b-susd',
      body_name: 'Stockton Unified School District',
      state: 'CA',
      meeting_id: null,
      outlet: null,
      source_title: null,
      context: null,
    });
  });

  it('labels topics, falling back to the slug for an unknown topic', () => {
    const document = toSearchDocument(makeStatement({ topics: ['police-in-schools', 'budget'] }), labels);
    expect(document.topics).toEqual(['police-in-schools', 'budget']);
    expect(document.topic_labels).toEqual(['Police in schools', 'budget']);
  });
});
