import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createMeiliClient } from '../../indexer/meili-client.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createApp } from '../../server/app.js';
import {
  createTestContext,
  depsWithSearchClient,
  statementRecord,
  TEST_BASE_URL,
  type TestContext,
} from '../support/test-context.js';

// More statements than Meilisearch ranks for one query (maxTotalHits = 1000): exports must still return all.
const BULK = 1100;

describe('search page, exports and feed', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    createImportService(ctx.store).run({
      statements: Array.from({ length: BULK }, (_, i) => ({
        row: i + 1,
        value: statementRecord({
          id: `bulk-${String(i).padStart(4, '0')}`,
          text: `Budget hearing comment number ${i}: =SUM(A1) fund counselors, not campus police.`,
          stance: i % 2 === 0 ? 'support' : 'oppose',
          said_on: `20${10 + (i % 10)}-0${1 + (i % 9)}-15`,
          topics: ['budget'],
        }),
      })),
    });
    createImportService(ctx.store).run({
      statements: [
        {
          row: 1,
          value: statementRecord({
            id: 'formula',
            text: '=HYPERLINK("http://evil.example","click") was pasted into public comment',
            topics: ['training'],
            speaker: { name: 'Pat Quill', role_category: 'parent' },
          }),
        },
      ],
    });
    await prepareIndex(ctx.store, ctx.target);
  }, 120_000);
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('shows every facet with labels and counts, and selected values as removable chips', async () => {
    const page = await request(ctx.app).get('/search?q=police&measure=dps-sro-resolution&stance=oppose').expect(200);
    for (const facet of ['stance', 'measure', 'speaker', 'role', 'org', 'body', 'state', 'topic', 'kind']) {
      expect(page.text, facet).toContain(`data-testid="facet-${facet}"`);
    }
    expect(page.text).toContain('DPS resolution to end the SRO contract');
    expect(page.text).toContain('Stacey Collis');
    expect(page.text).toContain('Colorado');
    expect(page.text).toMatch(/class="chip"[^>]*>Stance: Opposes/);
    expect(page.text).toMatch(/class="chip"[^>]*>Measure: DPS resolution to end the SRO contract/);
    expect(page.text).toContain('Clear all');
    // A chip's link is the same search without that one filter.
    expect(page.text).toContain('href="/search?q=police&amp;measure=dps-sro-resolution"');
  });

  it('says how many statements match all the words and how many more match only some', async () => {
    const api = (await request(ctx.app).get('/api/search?q=school%20resource%20officer').expect(200)).body as {
      total: number;
      matched_all: number;
    };
    expect(api.matched_all).toBeLessThan(api.total);
    const page = await request(ctx.app).get('/search?q=school%20resource%20officer').expect(200);
    const line = /data-testid="match-counts">([^<]*)</.exec(page.text)?.[1];
    expect(line).toBe(
      `${api.matched_all.toLocaleString('en-US')} match all your words; ` +
        `${(api.total - api.matched_all).toLocaleString('en-US')} more match some of them.`,
    );
    const oneWord = await request(ctx.app).get('/search?q=counselors').expect(200);
    expect(oneWord.text).not.toContain('data-testid="match-counts"');
  });

  it('searches a phrase in “curly” quotes as exactly as one in straight quotes', async () => {
    const total = async (q: string) =>
      ((await request(ctx.app).get('/api/search').query({ q }).expect(200)).body as { total: number }).total;
    const straight = await total('"fund counselors"');
    expect(straight).toBeGreaterThan(0);
    expect(await total('“fund counselors”')).toBe(straight);
    expect(await total('counselors')).toBeGreaterThan(straight);
  });

  it('reads a hyphen inside a word as joining words, never as leaving out what follows it', async () => {
    const total = async (q: string) =>
      ((await request(ctx.app).get('/api/search').query({ q }).expect(200)).body as { total: number }).total;
    // "re" is a stop word: dropped, it once left "-hire", which matches every statement without "hire".
    const joined = await total('counselors re-hiring');
    expect(joined).toBeGreaterThan(0);
    expect(joined).toBeLessThanOrEqual((await total('counselors')) + (await total('hiring')));
  });

  it('finds what a long question is about even when its first words are in no statement', async () => {
    const byWord = (await request(ctx.app).get('/api/search?q=counselors').expect(200)).body as { total: number };
    expect(byWord.total).toBeGreaterThan(0);
    // "Whichever" and "zyzzyva" are in no statement: the engine would keep the first word required.
    // By date, so the words alone decide what matches (meaning ranks only relevance-ordered pages).
    const asked = (
      await request(ctx.app).get('/api/search?q=whichever%20zyzzyva%20counselors&sort=newest&per_page=100').expect(200)
    ).body as {
      total: number;
      matched_all: number;
      items: { found_by_meaning: boolean }[];
    };
    // The later words are searched by their stems (not the exact words' typo variants): nearly all.
    expect(asked.total).toBeGreaterThan(byWord.total * 0.95);
    expect(asked.matched_all).toBe(0);
    // Each found by words is about counselors: in its words, its context, its speaker's role or its topics.
    const byWords = asked.items.filter((item) => !item.found_by_meaning);
    expect(byWords.length).toBeGreaterThan(0);
    for (const item of byWords) expect(JSON.stringify(item).toLowerCase()).toMatch(/counsel/);
  });

  it('pages with numbers, first, previous and next, and says how many there are', async () => {
    const third = await request(ctx.app).get('/search?speaker=jordan-avery&page=3').expect(200);
    expect(third.text).toContain(`${BULK.toLocaleString('en-US')} statements`);
    expect(third.text).toContain('41–60 of 1,100');
    expect(third.text).toMatch(/aria-current="page" class="current">3</);
    expect(third.text).toContain('« First');
    expect(third.text).toContain('href="/search?speaker=jordan-avery&amp;page=2"');
    expect(third.text).toContain('href="/search?speaker=jordan-avery&amp;page=4"');
    // 1,000 ranked results at 20 a page: page 50 is the last that exists, and the page says why.
    expect(third.text).toContain('aria-label="Page 50"');
    expect(third.text).toContain('Pages reach the first 1,000 results');
    const last = await request(ctx.app).get('/search?speaker=jordan-avery&page=50').expect(200);
    expect(last.text).not.toContain('rel="next"');
    await request(ctx.app).get('/search?speaker=jordan-avery&page=51').expect(400);
  });

  it('filters by date range and says that undated statements are left out', async () => {
    const body = (await request(ctx.app).get('/api/search?from=2012&to=2012-12&per_page=100').expect(200)).body as {
      total: number;
      items: { said_on: string }[];
    };
    expect(body.total).toBe(BULK / 10);
    expect(body.items.every((i) => i.said_on.startsWith('2012'))).toBe(true);
    const page = await request(ctx.app).get('/search?from=2012').expect(200);
    expect(page.text).toContain('left out while a date range is set');
  });

  it('shows an empty state that names the search and offers the filters to drop', async () => {
    const page = await request(ctx.app).get('/search?q=counselors&stance=mixed').expect(200);
    expect(page.text).toContain('data-testid="empty-state"');
    expect(page.text).toContain('No statements match “counselors” with these filters.');
    expect(page.text).toContain('Remove “Stance: Mixed”');
  });

  it("exports every match as CSV, past the engine's 1,000-hit ranking limit, with formulas neutralised", async () => {
    const api = (await request(ctx.app).get('/api/search?speaker=jordan-avery').expect(200)).body as { total: number };
    expect(api.total).toBe(BULK);
    const csv = await request(ctx.app).get('/export/search.csv?speaker=jordan-avery').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    const rows = parseCsv<Record<string, string>>(csv.text, { columns: true });
    expect(rows).toHaveLength(api.total);
    expect(new Set(rows.map((r) => r.id)).size).toBe(api.total);
    expect(rows[0]?.url).toBe(`${TEST_BASE_URL}/statements/${rows[0]?.id}`);
    // Text starting with "=" would run as a formula in a spreadsheet.
    const formula = await request(ctx.app).get('/export/search.csv?q=hyperlink').expect(200);
    const [row] = parseCsv<Record<string, string>>(formula.text, { columns: true });
    expect(row?.id).toBe('formula');
    expect(row?.text).toBe(`'=HYPERLINK("http://evil.example","click") was pasted into public comment`);
  });

  it('exports NDJSON with one Statement JSON per line and the same total', async () => {
    const api = (await request(ctx.app).get('/api/search?q=counselors&stance=oppose').expect(200)).body as { total: number };
    const ndjson = await request(ctx.app).get('/export/search.ndjson?q=counselors&stance=oppose').expect(200);
    const lines = ndjson.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { stance: string; id: string });
    expect(lines).toHaveLength(api.total);
    expect(api.total).toBeGreaterThan(1000 / 2);
    expect(lines.every((l) => l.stance === 'oppose')).toBe(true);
  });

  it('gives a valid Atom feed of the newest matches', async () => {
    const atom = await request(ctx.app).get('/feeds/search.atom?q=counselors').expect(200);
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    expect(XMLValidator.validate(atom.text)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(atom.text) as {
      feed: Record<string, unknown> & { entry: Record<string, unknown>[] };
    };
    expect(feed.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    for (const field of ['id', 'title', 'updated']) expect(feed.feed[field], field).toBeTruthy();
    expect(feed.feed.entry.length).toBe(50);
    for (const entry of feed.feed.entry) {
      for (const field of ['id', 'title', 'updated', 'link']) expect(entry[field], field).toBeTruthy();
    }
    // Newest first: the bulk statements said in 2019 lead.
    const title = feed.feed.entry[0]?.title as { '#text': string };
    expect(title['#text']).toContain('Jordan Avery');
  });

  it('answers bad parameters on the page with a 400 page naming them, and ignores unknown ones with a note', async () => {
    const bad = await request(ctx.app).get('/search?from=yesterday').set('Accept', 'text/html').expect(400);
    expect(bad.text).toContain('from: expected a date as YYYY, YYYY-MM or YYYY-MM-DD');
    const unknown = await request(ctx.app).get('/search?q=police&colour=x').expect(200);
    expect(unknown.text).toContain('Ignored unknown parameter: colour');
    // Tracking parameters a newsletter or social site adds are dropped unseen, on the page and the feed.
    const tracked = await request(ctx.app).get('/search?q=police&utm_source=news&utm_medium=email&fbclid=x').expect(200);
    expect(tracked.text).not.toContain('Ignored unknown parameter');
    await request(ctx.app).get('/feeds/search.atom?q=police&utm_source=news&utm_campaign=x&gclid=y').expect(200);
    await request(ctx.app).get('/export/search.csv?utm_source=news').expect(200);
    await request(ctx.app).get('/api/search?q=police&utm_content=x').expect(200);
    await request(ctx.app).get('/export/search.csv?stance=nope').expect(400);
  });

  it('answers 503 for search when the engine is down, while pages from SQLite keep working', async () => {
    const down = createMeiliClient({ url: 'http://127.0.0.1:9', apiKey: 'none-none-none-none' });
    const app = createApp(depsWithSearchClient(ctx, down, { engine: down }));
    const page = await request(app).get('/search?q=police').set('Accept', 'text/html').expect(503);
    expect(page.text).toContain('Search is temporarily unavailable');
    const api = await request(app).get('/api/search?q=police').expect(503);
    expect(api.body.error.code).toBe('search_unavailable');
    await request(app).get('/export/search.csv').expect(503);
    await request(app).get('/').expect(200);
    await request(app).get('/statements/rose-jail-last-resort').expect(200);
    const health = await request(app).get('/healthz').expect(200);
    expect(health.body).toMatchObject({ status: 'degraded', db: 'ok', search: 'unavailable' });
  });

  it('answers 503, not 500, when the engine refuses the key searches go out with (revoked or wrong)', async () => {
    const refused = createMeiliClient({ url: ctx.meiliUrl, apiKey: 'revoked-revoked-revoked-revoked' });
    const app = createApp(depsWithSearchClient(ctx, refused));
    const api = await request(app).get('/api/search?q=police').expect(503);
    expect(api.body.error.code).toBe('search_unavailable');
    await request(app).get('/search?q=police').set('Accept', 'text/html').expect(503);
    await request(app).get('/export/search.ndjson').expect(503);
  });

  it('answers 503, not 500, when an overloaded engine answers 408 or 429', async () => {
    // Not a stand-in for Meilisearch's search: only for the status an overloaded engine's HTTP
    // layer sends (seen at 1M statements under concurrency 32: actix's 408 request timeout).
    for (const status of [408, 429]) {
      const busy = createServer((_req, res) => res.writeHead(status).end());
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = busy.address() as AddressInfo;
        const client = createMeiliClient({ url: `http://127.0.0.1:${port}`, apiKey: 'busy-busy-busy-busy' });
        const app = createApp(depsWithSearchClient(ctx, client));
        const api = await request(app).get('/api/search?q=police').expect(503);
        expect(api.body.error.code).toBe('search_unavailable');
        await request(app).get('/search?q=police').set('Accept', 'text/html').expect(503);
      } finally {
        await new Promise((resolve) => busy.close(resolve));
      }
    }
  });
});
