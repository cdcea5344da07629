import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

interface ListBody {
  total: number;
  page: number;
  per_page: number;
  items: Record<string, unknown>[];
}

const districtA = { id: 'district-a', name: 'District A', classification: 'district', state: 'CO' };
const districtB = { id: 'district-b', name: 'District B Board', classification: 'board', state: 'CA' };

/** Four meetings: a day, a month, a year and an unknown date; two bodies; two outlets. */
const RECORDS = [
  statementRecord({
    id: 'at-day',
    meeting: { id: 'm-day', title: 'Day meeting', date: '2023-05-20', location: 'Room 101, City Hall', body: districtA },
    measure: { id: 'measure-a', title: 'Measure A', body: districtA },
    source: { id: 's-gazette', type: 'news_article', title: 'Gazette story', outlet: 'Test Gazette' },
  }),
  statementRecord({
    id: 'at-month',
    stance: 'oppose',
    meeting: { id: 'm-month', title: 'Month meeting', date: '2023-06', location: 'Main Library', body: districtB },
    measure: { id: 'measure-b', title: 'Measure B', body: districtB },
    source: { id: 's-minutes', type: 'minutes', title: 'Minutes', outlet: 'District B Board' },
    speaker: { id: 'coalition', type: 'organization', name: 'Safe Schools Coalition' },
  }),
  statementRecord({
    id: 'at-year',
    meeting: { id: 'm-year', title: 'Year meeting', date: '2022', body: districtA },
    measure: { id: 'measure-a', title: 'Measure A', body: districtA },
    source: { id: 's-gazette', type: 'news_article', title: 'Gazette story', outlet: 'Test Gazette' },
  }),
  statementRecord({
    id: 'at-unknown',
    meeting: { id: 'm-unknown', title: 'Undated meeting', body: districtA },
    measure: { id: 'measure-a', title: 'Measure A', body: districtA },
    source: { id: 's-gazette', type: 'news_article', title: 'Gazette story', outlet: 'Test Gazette' },
  }),
];

describe('API list endpoints', () => {
  let ctx: TestContext;
  const list = async (url: string) => (await request(ctx.app).get(url).expect(200)).body as ListBody;
  const ids = async (url: string) => (await list(url)).items.map((item) => item.id);
  const refusal = async (url: string) =>
    (await request(ctx.app).get(url).expect(400)).body.error as { param: string; message: string };

  beforeAll(() => {
    ctx = createTestContext();
    createImportService(ctx.store).run({ statements: RECORDS.map((value, i) => ({ row: i + 1, value })) });
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('lists meetings newest first, unknown dates last, with their statement counts', async () => {
    const body = await list('/api/meetings');
    expect(body.items.map((m) => m.id)).toEqual(['m-month', 'm-day', 'm-year', 'm-unknown']);
    expect(body).toMatchObject({ total: 4, page: 1, per_page: 20 });
    expect(body.items[1]).toMatchObject({
      title: 'Day meeting',
      url: 'http://onrecord.test/meetings/m-day',
      body: { id: 'district-a', name: 'District A' },
      date: '2023-05-20',
      date_precision: 'day',
      location: 'Room 101, City Hall',
      statements: 1,
    });
  });

  it('filters meetings by body, by words of the place, and by a date range that partial dates reach into', async () => {
    expect(await ids('/api/meetings?body=district-a')).toEqual(['m-day', 'm-year', 'm-unknown']);
    expect(await ids('/api/meetings?place=room%20101')).toEqual(['m-day']);
    expect(await ids('/api/meetings?place=%25')).toEqual([]);
    expect(await ids('/api/meetings?from=2023-05&to=2023-05')).toEqual(['m-day']);
    expect(await ids('/api/meetings?from=2022-07')).toEqual(['m-month', 'm-day', 'm-year']);
    expect(await ids('/api/meetings?to=2023-05-01')).toEqual(['m-year']);
    expect((await list('/api/meetings?body=district-a&from=2023')).total).toBe(1);
  });

  it('pages a list: total counts every page, and a page past the end is empty', async () => {
    const second = await list('/api/meetings?per_page=1&page=2');
    expect(second).toMatchObject({ total: 4, page: 2, per_page: 1 });
    expect(second.items.map((m) => m.id)).toEqual(['m-day']);
    expect(await list('/api/meetings?page=99')).toMatchObject({ total: 4, items: [] });
  });

  it('filters measures by body, each with its stance tally', async () => {
    const body = await list('/api/measures?body=district-b');
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      id: 'measure-b',
      tally: { support: 0, oppose: 1, mixed: 0, neutral: 0, unclear: 0 },
      statements: 1,
    });
    expect((await list('/api/measures')).items.find((m) => m.id === 'measure-a')).toMatchObject({
      tally: { support: 3 },
      statements: 3,
    });
  });

  it('filters sources by outlet (any case) and by type', async () => {
    const gazette = await list('/api/sources?outlet=test%20gazette');
    expect(gazette.items.map((s) => s.id)).toEqual(['s-gazette']);
    expect(gazette.items[0]).toMatchObject({
      outlet: 'Test Gazette',
      statements: 3,
      page_url: 'http://onrecord.test/sources/s-gazette',
    });
    expect(await ids('/api/sources?type=minutes')).toEqual(['s-minutes']);
    expect(await ids('/api/sources?outlet=Test%20Gazette&type=minutes')).toEqual([]);
  });

  it('filters organizations by state and classification, speakers by type, and counts topics', async () => {
    expect(await ids('/api/organizations?state=co')).toEqual(['district-a']);
    expect(await ids('/api/organizations?classification=Board')).toEqual(['district-b']);
    expect(await ids('/api/speakers?type=organization')).toEqual(['coalition']);
    const people = await list('/api/speakers?type=person');
    expect(people.total).toBe(1);
    expect(people.items[0]).toMatchObject({ name: 'Jordan Avery', statements: 3 });
    const topics = await list('/api/topics?per_page=100');
    expect(topics.items.find((t) => t.slug === 'mental-health')).toMatchObject({
      statements: 4,
      url: 'http://onrecord.test/topics/mental-health',
    });
  });

  it('refuses an unknown filter or a bad value with a 400 naming the parameter, as search does', async () => {
    expect(await refusal('/api/meetings?bodies=district-a')).toMatchObject({ param: 'bodies' });
    expect(await refusal('/api/meetings?body=not%20an%20id')).toMatchObject({ param: 'body' });
    expect(await refusal('/api/meetings?from=2023-02-30')).toMatchObject({ param: 'from' });
    expect(await refusal('/api/meetings?from=2024&to=2023')).toMatchObject({
      param: 'to',
      message: 'to: must not be before from',
    });
    expect(await refusal('/api/measures?outlet=x')).toMatchObject({ param: 'outlet' });
    expect(await refusal('/api/sources?type=tweet')).toMatchObject({ param: 'type' });
    expect(await refusal('/api/organizations?state=Colorado')).toMatchObject({ param: 'state' });
    expect(await refusal('/api/speakers?type=robot')).toMatchObject({ param: 'type' });
    expect(await refusal('/api/topics?per_page=101')).toMatchObject({ param: 'per_page' });
    expect(await refusal('/api/speakers?body=district-a&type=person')).toMatchObject({ param: 'body' });
  });
});
