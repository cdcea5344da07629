import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createApp } from '../../server/app.js';
import type { SearchService } from '../../server/search/search.service.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';
import { createReadServices } from '../../server/deps.js';

const HOSTILE_NAME = '<script>alert(1)</script>';

/** The ids of the statement cards on a page, in order. */
function cardIds(html: string): string[] {
  return [...html.matchAll(/data-testid="statement-card"[\s\S]*?href="\/statements\/([^"]+)"/g)].map((m) =>
    decodeURIComponent(m[1] ?? ''),
  );
}

/** The HTML of one element marked with data-testid, up to the end of its section. */
function section(html: string, testId: string): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  expect(start, testId).toBeGreaterThan(-1);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end === -1 ? undefined : end);
}

/** The numbers in the first stance-chart table, by stance. */
function stanceTableCounts(html: string): Record<string, number> {
  const table = section(html, 'chart-stance-table');
  return Object.fromEntries([...table.matchAll(/data-stance="([a-z]+)">(\d+)</g)].map((m) => [m[1], Number(m[2])]));
}

describe('browse pages and their JSON', () => {
  let ctx: TestContext;
  const page = async (path: string) => (await request(ctx.app).get(path).expect(200).expect('Content-Type', /html/)).text;
  const json = async (path: string) => (await request(ctx.app).get(path).expect(200).expect('Content-Type', /json/)).body;

  beforeAll(() => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    createImportService(ctx.store).run({
      statements: [
        {
          row: 1,
          value: statementRecord({ id: 'hostile-dated', speaker: { name: HOSTILE_NAME, role: 'parent' }, said_on: '2024-05-02' }),
        },
        { row: 2, value: statementRecord({ id: 'test-undated', stance: 'oppose' }) },
        { row: 3, value: statementRecord({ id: 'test-2022', stance: 'oppose', said_on: '2022-09' }) },
      ],
    });
    // The import path accepts only http(s) URLs; a stored one that is not must still never become a link.
    ctx.store.db.prepare(`UPDATE sources SET url = 'javascript:alert(1)' WHERE id = 'test-source'`).run();
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  describe('speakers', () => {
    it('lists speakers A–Z by sort name, grouped by initial, with statement counts and a jump nav', async () => {
      const html = await page('/speakers');
      expect(html).toContain('<h1>Speakers A–Z</h1>');
      expect(html).toContain(`<link rel="canonical" href="${TEST_BASE_URL}/speakers">`);
      const names = [...html.matchAll(/data-testid="speaker-item"><a href="\/speakers\/([^"]+)"/g)].map((m) => m[1]);
      expect(names.indexOf('stacey-collis')).toBeLessThan(names.indexOf('dave-rose'));
      expect(names.indexOf('dave-rose')).toBeLessThan(names.indexOf('laura-vu'));
      expect(html).toMatch(/<a href="\/speakers\/dave-rose">Dave Rose<\/a> <span class="count">9 statements<\/span>/);
      expect(html).toContain('<h2 id="initial-R">R</h2>');
      expect(html).toMatch(/<a href="#initial-R"[^>]*>R<\/a>/);
      // No seed speaker files under Q, so Q is not a link.
      expect(html).not.toContain('href="#initial-Q"');
      // Organizations that spoke collectively are speakers too.
      expect(names).toContain('police-free-lausd');
    });

    it('escapes a hostile speaker name on the list, the speaker page and statement cards', async () => {
      const list = await page('/speakers');
      expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(list).not.toContain(HOSTILE_NAME);
      const speakerId = ctx.store.statements.findById('hostile-dated')?.speaker.id ?? '';
      const own = await page(`/speakers/${speakerId}`);
      expect(own).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
      expect(own).not.toContain(HOSTILE_NAME);
      const measure = await page('/measures/test-measure');
      expect(measure).not.toContain(HOSTILE_NAME);
      const api = await json('/api/speakers');
      expect(api.items.map((s: { name: string }) => s.name)).toContain(HOSTILE_NAME);
    });

    it('shows a speaker with roles, a stance breakdown and their statements (all on one page)', async () => {
      const html = await page('/speakers/dave-rose');
      expect(html).toContain('<h1>Dave Rose</h1>');
      expect(html).toContain('<title>Dave Rose · On Record</title>');
      expect(html).toContain(`<link rel="canonical" href="${TEST_BASE_URL}/speakers/dave-rose">`);
      expect(html).toContain('SUSD Police Officers Association President');
      expect(html).toContain('Dates not given in source');
      expect(cardIds(html)).toHaveLength(9);
      expect(cardIds(html).every((id) => id.startsWith('rose-'))).toBe(true);
      expect(stanceTableCounts(html)).toMatchObject({ support: 0, oppose: 9, total: 9 });
      expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="speaker-stances-title speaker-stances-desc"/);
      // Nine fit on one page: a total and a way into search, no page links.
      expect(section(html, 'list-status')).toContain('9 statements · <a href="/search?speaker=dave-rose">See all in search</a>');
      expect(html).not.toContain('data-testid="pagination"');
    });

    it('serves speakers as JSON: the list with counts, and one speaker with roles, stances and statements', async () => {
      const list = await json('/api/speakers?per_page=100');
      expect(list).toMatchObject({ page: 1, per_page: 100 });
      expect(list.total).toBe(list.items.length);
      expect(list.items).toContainEqual({
        id: 'dave-rose',
        type: 'person',
        name: 'Dave Rose',
        sort_name: 'Rose, Dave',
        url: `${TEST_BASE_URL}/speakers/dave-rose`,
        statements: 9,
      });
      const rose = await json('/api/speakers/dave-rose');
      expect(rose).toMatchObject({
        id: 'dave-rose',
        name: 'Dave Rose',
        total: 9,
        page: 1,
        per_page: 20,
        roles: [
          {
            role: 'SUSD Police Officers Association President',
            organization: { id: 'susd-poa' },
            start_date: null,
            end_date: null,
          },
        ],
        stances: [{ measure: { id: 'susd-police-resolution' }, counts: { oppose: 9, support: 0 }, total: 9 }],
      });
      expect(rose.statements).toHaveLength(9);
      expect(rose.statements[0]).toMatchObject({
        speaker: { id: 'dave-rose' },
        url: expect.stringMatching(`^${TEST_BASE_URL}/statements/`),
      });
    });
  });

  describe('meetings', () => {
    it('shows a meeting with body, unknown date, measures, testimony in source order and sources', async () => {
      const html = await page('/meetings/sacramento-board-school-safety');
      expect(html).toContain('<h1>Sacramento school board meeting on the Reimagine School Safety plan</h1>');
      expect(html).toContain('Sacramento school board');
      expect(html).toMatch(/data-testid="meeting-date">date not given in source</);
      expect(html).toContain('href="/measures/reimagine-school-safety"');
      expect(cardIds(section(html, 'testimony'))).toEqual([
        'vu-cops-do-not-belong',
        'vu-students-of-color-trauma',
        'perez-hurt-response',
      ]);
      expect(html).toContain('href="/sources/sacramento-reimagine-school-safety"');
      expect(html).toContain(`<link rel="canonical" href="${TEST_BASE_URL}/meetings/sacramento-board-school-safety">`);
    });

    it('serves a meeting as JSON with its measures, sources and ordered statements', async () => {
      const body = await json('/api/meetings/sacramento-board-school-safety');
      expect(body).toMatchObject({
        id: 'sacramento-board-school-safety',
        date: null,
        date_precision: 'unknown',
        body: { id: 'sacramento-school-board' },
        measures: [{ id: 'reimagine-school-safety', title: 'Reimagine School Safety plan (Sacramento)' }],
        sources: [{ id: 'sacramento-reimagine-school-safety', author: 'Haley Samsel' }],
        total: 3,
      });
      expect(body.statements.map((s: { id: string }) => s.id)).toEqual([
        'vu-cops-do-not-belong',
        'vu-students-of-color-trauma',
        'perez-hurt-response',
      ]);
      expect(body.sources[0]).not.toHaveProperty('text');
    });
  });

  describe('measures', () => {
    it('sets supporters and opponents side by side', async () => {
      const html = await page('/measures/reimagine-school-safety');
      expect(html).toContain('<h1>Reimagine School Safety plan (Sacramento)</h1>');
      const support = section(html, 'debate-support');
      const oppose = section(html, 'debate-oppose');
      expect(support).toContain('Laura Vu');
      expect(support).not.toContain('Tony Perez');
      expect(oppose).toContain('Tony Perez');
      expect(oppose).not.toContain('Laura Vu');
      expect(html).toMatch(
        /data-testid="measure-outcome">Approved by the Sacramento school board on August 15 \(year not given in source\)</,
      );
      expect(html).toMatch(/data-testid="measure-decided">not given in source</);
    });

    it('shows a known decision date and puts mixed, neutral and unclear statements below the two sides', async () => {
      const passed = await page('/measures/lausd-community-based-safety-resolution');
      expect(passed).toMatch(/data-testid="measure-decided">June 2023</);
      expect(passed).toMatch(/data-testid="measure-outcome">Passed</);
      const lausd = await page('/measures/police-free-lausd-recommendations');
      expect(section(lausd, 'debate-unclear')).toContain('Damien Winfrey');
      expect(section(lausd, 'debate-oppose')).toContain('No statement in the archive is in opposition.');
    });

    it('draws the stance chart with a table whose numbers match the tally', async () => {
      const html = await page('/measures/reimagine-school-safety');
      const tally = ctx.store.statements.measureTallies().find((m) => m.id === 'reimagine-school-safety');
      const counts = stanceTableCounts(html);
      expect(counts).toEqual({
        support: tally?.stances.support ?? 0,
        oppose: tally?.stances.oppose ?? 0,
        mixed: tally?.stances.mixed ?? 0,
        neutral: tally?.stances.neutral ?? 0,
        unclear: tally?.stances.unclear ?? 0,
        total: tally?.total,
      });
      expect(counts.support).toBeGreaterThan(0);
      const chart = section(html, 'chart-stance');
      expect(chart).toMatch(/<svg[^>]*role="img"/);
      expect(chart).toContain('<title id="measure-stances-title">');
      expect(chart).toMatch(/<rect class="chart-seg stance-support"/);
      expect(chart).toMatch(/<rect class="chart-seg stance-oppose"/);
    });

    it('reports undated statements as undated instead of plotting them', async () => {
      const html = await page('/measures/reimagine-school-safety');
      const timeline = section(html, 'chart-timeline');
      expect(timeline).not.toContain('<svg');
      expect(timeline).toContain('None of these 8 statements has a date given in source, so none is plotted.');
      expect(timeline).toMatch(/<th scope="row">Date not given in source<\/th><td class="num">8<\/td>/);
    });

    it('plots dated statements by year and counts the undated one apart', async () => {
      const html = await page('/measures/test-measure');
      const timeline = section(html, 'chart-timeline');
      expect(timeline).toMatch(/<svg[^>]*role="img"/);
      expect(timeline).toContain('<title>2022: 1 statement</title>');
      expect(timeline).toContain('<title>2023: 0 statements</title>');
      expect(timeline).toContain('<title>2024: 1 statement</title>');
      expect(timeline).toContain('1 statement has no date given in source and is not plotted.');
    });

    it('serves a measure as JSON with its tally and statements', async () => {
      const body = await json('/api/measures/reimagine-school-safety');
      expect(body).toMatchObject({
        id: 'reimagine-school-safety',
        url: `${TEST_BASE_URL}/measures/reimagine-school-safety`,
        body: { id: 'sacramento-school-board', name: 'Sacramento school board' },
        decided_on: null,
        tally: { support: 4, oppose: 4, mixed: 0, neutral: 0, unclear: 0 },
        total: 8,
      });
      expect(body.statements).toHaveLength(8);
      expect(Object.keys(body.statements[0])).toEqual(
        expect.arrayContaining(['id', 'url', 'text', 'stance', 'speaker', 'measure', 'source']),
      );
    });
  });

  describe('topics and sources', () => {
    it('shows a topic with its label, description and statements', async () => {
      const html = await page('/topics/mental-health');
      expect(html).toContain('<h1>Mental health</h1>');
      expect(html).toContain('Counselors, psychologists, social workers and mental health services.');
      expect(cardIds(html)).toEqual(expect.arrayContaining(['flores-mental-health-funding', 'winfrey-suicide', 'hostile-dated']));
      expect(html).toContain(`<link rel="canonical" href="${TEST_BASE_URL}/topics/mental-health">`);
    });

    it('shows a source with what is not known said so, and its statements in order of position', async () => {
      const html = await page('/sources/fox40-stockton-susd-police');
      expect(html).toContain('<h1>News article from FOX40 (KTXL)</h1>');
      expect(html).toMatch(/data-testid="source-title">not given in source</);
      expect(html).toMatch(/data-testid="source-published">not given in source</);
      expect(html).toMatch(/data-testid="source-link">not given in source</);
      const ids = cardIds(html);
      expect(ids).toHaveLength(13);
      // The coalition's words come first in the article, though they were recorded last.
      expect(ids[0]).toBe('stockton-coalition-end-pipeline');
      const starts = ctx.store.statements.findManyByIds(ids).map((s) => s.position?.char_start ?? -1);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    });

    it('links a source URL only when it is http(s)', async () => {
      const html = await page('/sources/test-source');
      expect(html).not.toContain('javascript:');
      expect(html).toMatch(/data-testid="source-link">not given in source</);
      const body = await json('/api/sources/test-source');
      expect(body.url).toBeNull();
      ctx.store.db.prepare(`UPDATE sources SET url = 'https://example.org/story?a=1&b=2' WHERE id = 'test-source'`).run();
      const linked = await page('/sources/test-source');
      expect(linked).toContain('<a href="https://example.org/story?a=1&amp;b=2" rel="noopener noreferrer">');
      expect((await json('/api/sources/test-source')).url).toBe('https://example.org/story?a=1&b=2');
    });

    it('serves a source as JSON with metadata and statements, but not its stored text', async () => {
      const body = await json('/api/sources/sacramento-reimagine-school-safety');
      expect(body).toMatchObject({
        id: 'sacramento-reimagine-school-safety',
        type: 'news_article',
        author: 'Haley Samsel',
        outlet: '1105 Media',
        published_on: null,
        page_url: `${TEST_BASE_URL}/sources/sacramento-reimagine-school-safety`,
      });
      expect(body).not.toHaveProperty('text');
      expect(body.statements.length).toBe(body.total);
      expect(body.statements.map((s: { id: string }) => s.id)).toContain('perez-hurt-response');
    });
  });

  describe('unknown ids', () => {
    const pages = ['/speakers/nobody', '/meetings/no-meeting', '/measures/no-measure', '/topics/no-topic', '/sources/no-source'];
    const apis = ['/api/speakers/nobody', '/api/meetings/no-meeting', '/api/measures/no-measure', '/api/sources/no-source'];

    it('answers 404 pages for unknown and malformed ids', async () => {
      for (const path of [...pages, '/speakers/bad%20id%3Cx%3E', `/measures/${'a'.repeat(65)}`, '/topics/Mental_Health']) {
        const response = await request(ctx.app).get(path).expect(404);
        expect(response.text, path).toContain('data-testid="error"');
        expect(response.text, path).not.toContain('<x>');
      }
      // An organization that never spoke has no speaker page.
      await request(ctx.app).get('/speakers/lausd').expect(404);
    });

    it('answers not_found JSON for unknown and malformed ids on every API route', async () => {
      for (const path of [...apis, '/api/speakers/bad%20id', `/api/sources/${'x'.repeat(65)}`]) {
        const response = await request(ctx.app).get(path).expect(404).expect('Content-Type', /json/);
        expect(response.body.error, path).toMatchObject({ code: 'not_found' });
        expect(JSON.stringify(response.body), path).not.toMatch(/at .*\.ts/);
      }
    });
  });

  it('serves every browse page while the search engine is down', async () => {
    const down = { searchStatements: () => Promise.reject(new Error('search engine down')) } as unknown as SearchService;
    const app = createApp({
      ...ctx.deps,
      ...createReadServices({ store: ctx.store, search: down, engine: ctx.target.client, indexUid: ctx.target.indexUid }),
    });
    for (const path of [
      '/speakers',
      '/speakers/dave-rose',
      '/meetings/sacramento-board-school-safety',
      '/measures/reimagine-school-safety',
      '/topics/mental-health',
      '/sources/fox40-stockton-susd-police',
      '/api/measures/reimagine-school-safety',
    ]) {
      await request(app).get(path).expect(200);
    }
  });
});
