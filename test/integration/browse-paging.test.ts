import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stance } from '../../data/archive.types.js';
import { createMeasureRepository } from '../../data/measure.repository.js';
import { createMeetingRepository } from '../../data/meeting.repository.js';
import { createMembershipRepository } from '../../data/membership.repository.js';
import { createSourceRepository } from '../../data/source.repository.js';
import { createSpeakerRepository } from '../../data/speaker.repository.js';
import { createStatementBrowseQueries } from '../../data/statement-browse.repository.js';
import { createTopicRepository } from '../../data/topic.repository.js';
import type { ImportRecord } from '../../data/import/import.plan.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

// One speaker with 120 statements, all on one measure, one topic, one meeting and one source:
// more than two pages of 50. Dates rise with the number; 111–120 have none, so they come last.
const BULK = 120;
const bulkId = (i: number) => `bulk-${String(i).padStart(3, '0')}`;
const STANCE_CYCLE: Stance[] = [
  'support',
  'support',
  'support',
  'support',
  'support',
  'oppose',
  'oppose',
  'oppose',
  'oppose',
  'oppose',
  'mixed',
  'mixed',
];
const stanceOf = (i: number) => STANCE_CYCLE[i % STANCE_CYCLE.length] as Stance;
function saidOn(i: number): string | null {
  if (i > 110) return null;
  const k = (i - 1) % 40;
  return `${2019 + Math.floor((i - 1) / 40)}-${String(1 + Math.floor(k / 4)).padStart(2, '0')}-${String(1 + (k % 4) * 7).padStart(2, '0')}`;
}

function bulkRecord(i: number): Record<string, unknown> {
  return {
    id: bulkId(i),
    text: `Statement number ${i} on the counselor budget.`,
    stance: stanceOf(i),
    speaker: { id: 'pat-many', name: 'Pat Many', sort_name: 'Many, Pat', role: 'parent', role_category: 'parent' },
    measure: { id: 'bulk-measure', title: 'Bulk district plan' },
    meeting: { id: 'bulk-meeting', title: 'Bulk board meeting' },
    source: { id: 'bulk-source', type: 'transcript', title: 'Bulk transcript' },
    said_on: saidOn(i),
    topics: ['budget'],
  };
}

// 130 more speakers with one statement each, for the A–Z list's pages (100 a page), with
// names under every letter; one files under É (shown under E) and one under a digit ("#", last).
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function speakerRecord(k: number): Record<string, unknown> {
  const letter = LETTERS[k % 26] as string;
  return {
    id: `one-${k}`,
    text: `One remark from speaker ${k}.`,
    speaker: {
      id: `person-${k}`,
      name: `Member ${letter}ast${String(k).padStart(3, '0')}`,
      sort_name: `${letter}ast${String(k).padStart(3, '0')}, Member`,
    },
  };
}

/** The ids of the statement cards on a page, in order. */
function cardIds(html: string): string[] {
  return [...html.matchAll(/data-testid="statement-card"[\s\S]*?href="\/statements\/([^"]+)"/g)].map((m) =>
    decodeURIComponent(m[1] ?? ''),
  );
}

/** The HTML from one data-testid to the end of its section. */
function section(html: string, testId: string): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  expect(start, testId).toBeGreaterThan(-1);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end === -1 ? undefined : end);
}

/** The numbers in a chart's table, by its column (stance or "total") for the stance chart. */
function stanceTableCounts(html: string): Record<string, number> {
  return Object.fromEntries(
    [...section(html, 'chart-stance-table').matchAll(/data-stance="([a-z]+)">(\d+)</g)].map((m) => [m[1], Number(m[2])]),
  );
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

describe('browse pages and their JSON, paged', () => {
  let ctx: TestContext;
  const page = async (path: string) => (await request(ctx.app).get(path).expect(200).expect('Content-Type', /html/)).text;
  const json = async (path: string) => (await request(ctx.app).get(path).expect(200).expect('Content-Type', /json/)).body;

  beforeAll(() => {
    ctx = createTestContext();
    const records: ImportRecord[] = range(1, BULK).map((i) => ({ row: i, value: bulkRecord(i) }));
    // A retracted statement, dated before all the others: no list, count or chart may show it.
    records.push({
      row: BULK + 1,
      value: { ...bulkRecord(BULK + 1), id: 'bulk-retracted', said_on: '2018-01-01', stance: 'oppose' },
    });
    records.push(...range(0, 129).map((k) => ({ row: BULK + 2 + k, value: speakerRecord(k) })));
    records.push({ row: 300, value: { text: 'Un mot.', speaker: { id: 'emile', name: 'Émile Zola', sort_name: 'Émile' } } });
    records.push({
      row: 301,
      value: { text: 'We speak as one.', speaker: { id: '3rd-ward', type: 'organization', name: '3rd Ward Coalition' } },
    });
    createImportService(ctx.store).run({ statements: records });
    ctx.store.db
      .prepare(`UPDATE statements SET status = 'retracted', retraction_reason = 'test' WHERE id = 'bulk-retracted'`)
      .run();
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  /** The real numbers, counted here from the statements themselves (not from the app's aggregates). */
  function realCounts() {
    const statements = ctx.store.statements.findManyByIds(range(1, BULK).map(bulkId));
    const stances: Record<string, number> = { support: 0, oppose: 0, mixed: 0, neutral: 0, unclear: 0 };
    const years: Record<string, number> = {};
    for (const s of statements) {
      stances[s.stance] = (stances[s.stance] ?? 0) + 1;
      const year = s.said_on?.slice(0, 4) ?? 'undated';
      years[year] = (years[year] ?? 0) + 1;
    }
    return { total: statements.length, stances, years };
  }

  describe('a speaker with more statements than one page', () => {
    it('shows the first 50 by date, a total, a range, numbered pages and a link to all of them in search', async () => {
      const html = await page('/speakers/pat-many');
      expect(cardIds(html)).toEqual(range(1, 50).map(bulkId));
      const status = section(html, 'list-status');
      expect(status).toContain('120 statements · showing 1–50 of 120');
      expect(status).toContain('<a href="/search?speaker=pat-many">See all in search</a>');
      const nav = section(html, 'pagination');
      expect(nav).toContain('<span aria-current="page" class="current">1</span>');
      expect(nav).toContain('<a href="/speakers/pat-many?page=3#statements-heading" aria-label="Page 3">3</a>');
      expect(nav).toContain('<a rel="next" href="/speakers/pat-many?page=2#statements-heading">');
      expect(html).toContain(`<link rel="canonical" href="${TEST_BASE_URL}/speakers/pat-many">`);
    });

    it('shows the rest on the last page, undated statements after the dated ones', async () => {
      const html = await page('/speakers/pat-many?page=3');
      expect(cardIds(html)).toEqual(range(101, 120).map(bulkId));
      expect(section(html, 'list-status')).toContain('showing 101–120 of 120');
      expect(html).toContain(`<link rel="canonical" href="${TEST_BASE_URL}/speakers/pat-many?page=3">`);
      expect(section(html, 'pagination')).not.toContain('rel="next"');
    });

    it('says a page past the end is past the end, and lists nothing', async () => {
      const html = await page('/speakers/pat-many?page=9');
      expect(cardIds(html)).toEqual([]);
      expect(section(html, 'past-end')).toContain('Page 9 is past the end of this list, which has 3 pages.');
      expect(html).toContain('<a href="/speakers/pat-many?page=3#statements-heading">Go to the last page</a>');
    });

    it('answers a bad page with a 400 naming the parameter', async () => {
      for (const query of ['page=0', 'page=-1', 'page=two', 'page=1.5', 'page=1&page=2']) {
        const response = await request(ctx.app).get(`/speakers/pat-many?${query}`).expect(400);
        expect(response.text, query).toContain('<code>page</code>');
        expect(response.text, query).toContain('page: ');
      }
    });

    it('charts every statement, not one page: stance and year counts equal the real numbers', async () => {
      const real = realCounts();
      expect(real.total).toBe(120);
      for (const path of ['/speakers/pat-many', '/speakers/pat-many?page=2']) {
        const html = await page(path);
        expect(stanceTableCounts(html)).toEqual({ ...real.stances, total: 120 });
        const timeline = section(html, 'chart-timeline');
        for (const [year, n] of Object.entries(real.years)) {
          const label = year === 'undated' ? 'Date not given in source' : year;
          expect(timeline, year).toContain(`<th scope="row">${label}</th><td class="num">${n}</td>`);
        }
      }
      expect(real.years).toEqual({ 2019: 40, 2020: 40, 2021: 30, undated: 10 });
    });

    it('pages the JSON with page and per_page, keeping the totals and stance counts of every statement', async () => {
      const first = await json('/api/speakers/pat-many');
      expect(first).toMatchObject({ id: 'pat-many', total: 120, page: 1, per_page: 20 });
      expect(first.statements.map((s: { id: string }) => s.id)).toEqual(range(1, 20).map(bulkId));
      expect(first.stances).toEqual([
        { measure: { id: 'bulk-measure', title: 'Bulk district plan' }, counts: realCounts().stances, total: 120 },
      ]);
      const last = await json('/api/speakers/pat-many?per_page=50&page=3');
      expect(last.statements.map((s: { id: string }) => s.id)).toEqual(range(101, 120).map(bulkId));
      const beyond = await json('/api/speakers/pat-many?per_page=100&page=3');
      expect(beyond).toMatchObject({ total: 120, page: 3, per_page: 100, statements: [] });
    });
  });

  describe('the other browse pages', () => {
    it('pages a topic and counts all of it', async () => {
      const html = await page('/topics/budget?page=3');
      expect(cardIds(html)).toEqual(range(101, 120).map(bulkId));
      expect(html).toContain('120 statements on this topic');
      expect(section(html, 'list-status')).toContain('<a href="/search?topic=budget">See all in search</a>');
      expect(stanceTableCounts(html)).toEqual({ ...realCounts().stances, total: 120 });
      expect(cardIds(await page('/topics/budget'))).toHaveLength(50);
    });

    it("numbers a meeting's testimony across pages and pages its JSON", async () => {
      const html = await page('/meetings/bulk-meeting?page=2');
      expect(cardIds(html)).toEqual(range(51, 100).map(bulkId));
      expect(html).toContain('<ol class="testimony" data-testid="testimony" start="51">');
      expect(section(html, 'list-status')).not.toContain('See all in search');
      const body = await json('/api/meetings/bulk-meeting?page=6');
      expect(body).toMatchObject({
        total: 120,
        page: 6,
        per_page: 20,
        measures: [{ id: 'bulk-measure' }],
        sources: [{ id: 'bulk-source' }],
      });
      expect(body.statements.map((s: { id: string }) => s.id)).toEqual(range(101, 120).map(bulkId));
      expect((await json('/api/meetings/bulk-meeting?page=7')).statements).toEqual([]);
    });

    it('pages what a source contributed, and its JSON', async () => {
      const html = await page('/sources/bulk-source?page=3');
      expect(cardIds(html)).toHaveLength(20);
      expect(section(html, 'list-status')).toContain('120 statements · showing 101–120 of 120');
      const body = await json('/api/sources/bulk-source?per_page=100');
      expect(body).toMatchObject({ id: 'bulk-source', total: 120, page: 1, per_page: 100 });
      expect(body.statements).toHaveLength(100);
    });

    it('shows the first ten of each side of a measure, with the full tally and links to the rest in search', async () => {
      const real = realCounts();
      expect(real.stances).toMatchObject({ support: 50, oppose: 50, mixed: 20 });
      const html = await page('/measures/bulk-measure');
      for (const stance of ['support', 'oppose', 'mixed'] as const) {
        const column = section(html, `debate-${stance}`);
        const expected = range(1, BULK)
          .filter((i) => stanceOf(i) === stance)
          .slice(0, 10)
          .map(bulkId);
        expect(cardIds(column), stance).toEqual(expected);
        expect(column).toContain(`(${real.stances[stance]})</h3>`);
      }
      expect(section(html, 'debate-support')).toContain(
        '<a href="/search?measure=bulk-measure&amp;stance=support">All 50 supporting statements</a>',
      );
      expect(section(html, 'debate-oppose')).toContain(
        '<a href="/search?measure=bulk-measure&amp;stance=oppose">All 50 opposing statements</a>',
      );
      expect(section(html, 'debate-mixed')).toContain('All 20 mixed statements');
      expect(html).not.toContain('data-testid="debate-neutral"');
      expect(stanceTableCounts(html)).toEqual({ ...real.stances, total: 120 });
      expect(html).not.toContain('bulk-retracted');
    });

    it("pages a measure's JSON and keeps its tally whole", async () => {
      const body = await json('/api/measures/bulk-measure?per_page=100&page=2');
      expect(body).toMatchObject({ total: 120, page: 2, per_page: 100, tally: realCounts().stances });
      expect(body.statements.map((s: { id: string }) => s.id)).toEqual(range(101, 120).map(bulkId));
    });

    it('answers bad paging on every JSON route with a 400 naming the parameter', async () => {
      const routes = [
        '/api/speakers',
        '/api/speakers/pat-many',
        '/api/meetings/bulk-meeting',
        '/api/measures/bulk-measure',
        '/api/sources/bulk-source',
      ];
      const cases: [string, string][] = [
        ['page=0', 'page'],
        ['page=x', 'page'],
        ['per_page=101', 'per_page'],
        ['per_page=0', 'per_page'],
        ['sort=name', 'sort'],
      ];
      for (const route of routes) {
        for (const [query, param] of cases) {
          const response = await request(ctx.app).get(`${route}?${query}`).expect(400).expect('Content-Type', /json/);
          expect(response.body.error, `${route}?${query}`).toMatchObject({ code: 'invalid_parameter', param });
          expect(response.body.error.message).toContain(param);
        }
      }
      for (const path of [
        '/topics/budget?page=0',
        '/meetings/bulk-meeting?page=x',
        '/sources/bulk-source?page=0',
        '/speakers?page=0',
      ]) {
        expect((await request(ctx.app).get(path).expect(400)).text, path).toContain('<code>page</code>');
      }
    });
  });

  describe('speakers A–Z', () => {
    const SPEAKERS = 130 + 3;

    it('lists 100 speakers a page in A–Z order with their counts, and letter links that reach the other page', async () => {
      const first = await page('/speakers');
      const names = [...first.matchAll(/data-testid="speaker-item"><a href="\/speakers\/([^"]+)">([^<]+)</g)].map((m) => m[2]);
      expect(names).toHaveLength(100);
      expect(first).toContain(`${SPEAKERS} speakers`);
      expect(section(first, 'list-status')).toContain('Showing 1–100 of 133');
      expect(first).toMatch(/<a href="\/speakers\/pat-many">Pat Many<\/a> <span class="count">120 statements<\/span>/);
      // Names under A come first; under É with E; each letter's names together.
      expect(names[0]).toBe('Member Aast000');
      expect(first).toContain('<h2 id="initial-E">E</h2>');
      expect(first.slice(first.indexOf('id="initial-E"'), first.indexOf('id="initial-F"'))).toContain('Émile Zola');
      expect(first).toMatch(/<a href="#initial-A"[^>]*>A<\/a>/);
      // The letters that start on page 2 link there; so does "#", which files after Z.
      expect(first).toMatch(/<a href="\/speakers\?page=2#initial-Z"[^>]*>Z<\/a>/);
      expect(first).toMatch(/<a href="\/speakers\?page=2#initial-other"[^>]*>#<\/a>/);

      const second = await page('/speakers?page=2');
      const rest = [...second.matchAll(/data-testid="speaker-item"><a href="\/speakers\/([^"]+)">/g)].map((m) => m[1]);
      expect(rest).toHaveLength(SPEAKERS - 100);
      expect(rest[rest.length - 1]).toBe('3rd-ward');
      expect(second).toContain('<h2 id="initial-other">Other</h2>');
      expect(second).toContain('<a href="/speakers#initial-A"');
      // A letter split across the pages says it continues.
      expect(second).toMatch(/<h2 id="initial-[A-Z]">[A-Z] \(continued\)<\/h2>/);
    });

    it('serves the list as paged JSON in the same order, with the total', async () => {
      const html = await page('/speakers?page=2');
      const htmlIds = [...html.matchAll(/data-testid="speaker-item"><a href="\/speakers\/([^"]+)">/g)].map((m) => m[1]);
      const body = await json('/api/speakers?per_page=100&page=2');
      expect(body).toMatchObject({ total: SPEAKERS, page: 2, per_page: 100 });
      expect(body.items.map((s: { id: string }) => s.id)).toEqual(htmlIds);
      const firstPage = await json('/api/speakers');
      expect(firstPage.items).toHaveLength(20);
      expect(firstPage.items[0]).toEqual({
        id: 'person-0',
        type: 'person',
        name: 'Member Aast000',
        sort_name: 'Aast000, Member',
        url: `${TEST_BASE_URL}/speakers/person-0`,
        statements: 1,
      });
      expect((await json('/api/speakers?page=99')).items).toEqual([]);
    });
  });

  it('never scans the statements table: every browse query reaches statements through an index', () => {
    // Every statement the browse pages' repositories prepare, with its query plan. Only these:
    // statement-lists' whole-archive walks (e.g. listPublishedIds) scan by design.
    const prepared: string[] = [];
    const db = ctx.store.db;
    const spy = new Proxy(db, {
      get(target, property) {
        if (property === 'prepare')
          return (sql: string) => {
            prepared.push(sql);
            return target.prepare(sql);
          };
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    for (const create of [
      createSpeakerRepository,
      createMembershipRepository,
      createMeetingRepository,
      createMeasureRepository,
      createSourceRepository,
      createTopicRepository,
      createStatementBrowseQueries,
    ])
      create(spy);
    expect(prepared.length).toBeGreaterThan(20);
    for (const sql of prepared) {
      const named = Object.fromEntries(
        [...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], m[1] === 'limit' || m[1] === 'offset' ? 1 : '[]']),
      );
      const positional = (sql.match(/\?/g) ?? []).map(() => 'x');
      const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = (Object.keys(named).length > 0 ? explain.all(named) : explain.all(...positional)) as { detail: string }[];
      const scans = plan
        .map((row) => row.detail)
        .filter((detail) => /^SCAN (s|st|ss|statements|statement_topics|statement_sources)\b/.test(detail));
      expect(scans, sql).toEqual([]);
    }
  });
});
