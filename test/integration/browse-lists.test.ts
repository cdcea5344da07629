import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowseListRepository } from '../../data/browse-list.repository.js';
import type { ImportRecord } from '../../data/import/import.plan.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

// The browse index pages against the seed archive plus 60 generated meetings (more than one page of
// 50). Expected figures come from plain SQL on the same database, not from the code under test.

/** The heading links of the list's items, in order. */
function itemLinks(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<h2 class="entity-title"><a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => ({
    href: (m[1] ?? '').replace(/&amp;/g, '&'),
    text: m[2] ?? '',
  }));
}

/** One list item's HTML, by the href of its heading. */
function itemOf(html: string, href: string): string {
  const start = html.indexOf(`<h2 class="entity-title"><a href="${href}">`);
  expect(start, href).toBeGreaterThan(-1);
  const end = html.indexOf('</li>\n    \n', start);
  return html.slice(start, end === -1 ? start + 3000 : end);
}

const EXTRA_MEETINGS = 60;

describe('browse index pages', () => {
  let ctx: TestContext;
  const page = async (path: string) => (await request(ctx.app).get(path).expect(200).expect('Content-Type', /html/)).text;
  const count = (sql: string, ...params: unknown[]) =>
    ctx.store.db
      .prepare(sql)
      .pluck()
      .get(...params) as number;

  beforeAll(() => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    const records: ImportRecord[] = [];
    for (let i = 1; i <= EXTRA_MEETINGS; i++) {
      records.push({
        row: i,
        value: statementRecord({
          id: `list-${i}`,
          text: `Remark ${i} at a generated meeting.`,
          stance: i % 3 === 0 ? 'oppose' : 'support',
          meeting: {
            id: `list-meeting-${String(i).padStart(2, '0')}`,
            title: `Generated meeting ${String(i).padStart(2, '0')}`,
            date: `2010-01-${String((i % 28) + 1).padStart(2, '0')}`,
            body: { id: 'list-board', name: 'Listing Test Board' },
          },
          measure: { id: 'list-measure', title: 'Listing test measure', body: { id: 'list-board', name: 'Listing Test Board' } },
        }),
      });
    }
    // A retracted statement: no tally may count it.
    records.push({
      row: 999,
      value: statementRecord({ id: 'list-retracted', stance: 'oppose', measure: { id: 'list-measure' } }),
    });
    createImportService(ctx.store).run({ statements: records });
    ctx.store.db
      .prepare(`UPDATE statements SET status = 'retracted', retraction_reason = 'test' WHERE id = 'list-retracted'`)
      .run();
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('links every list from the site navigation', async () => {
    const html = await page('/');
    for (const path of ['/measures', '/meetings', '/speakers', '/organizations', '/topics', '/sources']) {
      expect(html, path).toMatch(new RegExp(`<nav class="wrap site-nav"[\\s\\S]*<a href="${path}">`));
    }
  });

  it('lists every measure by title, each with its right for/against tally and a link to its debate page', async () => {
    const html = await page('/measures');
    const links = itemLinks(html);
    const measures = ctx.store.db.prepare('SELECT id, title FROM measures ORDER BY title COLLATE NOCASE, id').all() as {
      id: string;
      title: string;
    }[];
    expect(measures.length).toBeGreaterThan(1);
    expect(measures.length).toBeLessThanOrEqual(50);
    expect(links.map((l) => l.href)).toEqual(measures.map((m) => `/measures/${m.id}`));
    expect(html).toContain(`${measures.length} measures`);
    for (const m of measures) {
      const support = count(
        `SELECT count(*) FROM statements WHERE measure_id = ? AND stance = 'support' AND status = 'published'`,
        m.id,
      );
      const oppose = count(
        `SELECT count(*) FROM statements WHERE measure_id = ? AND stance = 'oppose' AND status = 'published'`,
        m.id,
      );
      expect(itemOf(html, `/measures/${m.id}`)).toContain(`${support} for · ${oppose} against`);
    }
    // The generated measure: 40 for, 20 against (the retracted 21st is not counted).
    const generated = itemOf(html, '/measures/list-measure');
    expect(generated).toContain('40 for · 20 against');
    expect(generated).toContain('<a href="/search?measure=list-measure&amp;stance=oppose">Opposes <strong>20</strong></a>');
    await request(ctx.app).get('/measures/list-measure').expect(200);
  });

  it('filters measures by body and sorts them by decision date', async () => {
    const byBody = itemLinks(await page('/measures?body=list-board'));
    expect(byBody.map((l) => l.href)).toEqual(['/measures/list-measure']);
    const decided = ctx.store.db
      .prepare('SELECT id FROM measures ORDER BY decided_on IS NULL, decided_on DESC, title COLLATE NOCASE, id')
      .pluck()
      .all() as string[];
    const sorted = await page('/measures?sort=decided');
    expect(itemLinks(sorted).map((l) => l.href)).toEqual(decided.map((id) => `/measures/${id}`));
    // The sort control offers each order once, the chosen one selected.
    const options = [...(/<select id="list-sort"[\s\S]*?<\/select>/.exec(sorted)?.[0] ?? '').matchAll(/<option[^>]*>([^<]*)</g)];
    expect(options.map((o) => o[1])).toEqual(['Title A–Z', 'Decided, newest first']);
    expect(sorted).toContain('<option value="decided" selected>Decided, newest first</option>');
    const unknown = await page('/measures?body=no-such-body');
    expect(unknown).toContain('No measures belong to a body with the id “no-such-body”.');
    expect(itemLinks(unknown)).toEqual([]);
  });

  it('pages meetings newest first, with each meeting’s statement count, and filters by body and year', async () => {
    const total = count('SELECT count(*) FROM meetings');
    expect(total).toBeGreaterThan(50);
    const ids = ctx.store.db
      .prepare('SELECT id FROM meetings ORDER BY date IS NULL, date DESC, title COLLATE NOCASE, id')
      .pluck()
      .all() as string[];
    const first = await page('/meetings');
    const second = await page('/meetings?page=2');
    expect([...itemLinks(first), ...itemLinks(second)].map((l) => l.href)).toEqual(ids.map((id) => `/meetings/${id}`));
    expect(first).toContain(`1–50 of ${total}`);
    expect(first).toContain('<a rel="next" href="/meetings?page=2">');

    const year = await page('/meetings?year=2010&body=list-board&sort=oldest');
    const links = itemLinks(year);
    expect(links).toHaveLength(50);
    expect(year).toContain(`1–50 of ${EXTRA_MEETINGS}`);
    expect(links.slice(0, 2).map((l) => l.text)).toEqual(['Generated meeting 28', 'Generated meeting 56']); // 2010-01-01
    expect(itemOf(year, '/meetings/list-meeting-28')).toContain('1 statement');
    // Paging keeps the filters.
    expect(year).toContain('href="/meetings?body=list-board&amp;year=2010&amp;sort=oldest&amp;page=2"');
    expect(itemLinks(await page('/meetings?year=1990'))).toEqual([]);
  });

  it('lists every topic with its count of published statements, linking to its page', async () => {
    const html = await page('/topics');
    const topics = ctx.store.db.prepare('SELECT slug FROM topics ORDER BY label COLLATE NOCASE, slug').pluck().all() as string[];
    expect(itemLinks(html).map((l) => l.href)).toEqual(topics.map((slug) => `/topics/${slug}`));
    const mental = count(
      `SELECT count(*) FROM statement_topics st JOIN statements s ON s.id = st.statement_id
        WHERE st.topic_slug = 'mental-health' AND s.status = 'published'`,
    );
    expect(mental).toBeGreaterThan(EXTRA_MEETINGS);
    expect(itemOf(html, '/topics/mental-health')).toContain(`${mental} statements`);
    await request(ctx.app).get('/topics/mental-health').expect(200);
  });

  it('lists sources newest first, filters them by type, and links to each source page', async () => {
    const all = itemLinks(await page('/sources'));
    const ids = ctx.store.db
      .prepare('SELECT id FROM sources ORDER BY published_on IS NULL, published_on DESC, title COLLATE NOCASE, id')
      .pluck()
      .all() as string[];
    expect(all.map((l) => l.href)).toEqual(ids.slice(0, 50).map((id) => `/sources/${id}`));
    const transcripts = ctx.store.db.prepare(`SELECT id FROM sources WHERE type = 'transcript'`).pluck().all() as string[];
    const filtered = itemLinks(await page('/sources?type=transcript')).map((l) => l.href);
    expect(filtered.sort()).toEqual(transcripts.map((id) => `/sources/${id}`).sort());
    await request(ctx.app)
      .get(all[0]?.href ?? '/')
      .expect(200);
  });

  it('lists organizations by name with links to what each held, decided and said', async () => {
    const html = await page('/organizations');
    const names = ctx.store.db
      .prepare('SELECT name FROM organizations ORDER BY name COLLATE NOCASE, id')
      .pluck()
      .all() as string[];
    expect(itemLinks(html).map((l) => l.text.replace(/&amp;/g, '&').replace(/&#39;/g, "'"))).toEqual(names.slice(0, 50));
    const board = await page('/organizations?state=CA');
    expect(itemLinks(board).length).toBe(count(`SELECT count(*) FROM organizations WHERE state = 'CA'`));
    const listing = itemOf(await page('/organizations'), '/search?org=list-board');
    expect(listing).toContain('<a href="/meetings?body=list-board">60 meetings held</a>');
    expect(listing).toContain('<a href="/measures?body=list-board">1 measure</a>');
  });

  it('answers 400 naming the parameter for a bad page, sort or filter value, and says which parameters it ignored', async () => {
    const cases: [string, string][] = [
      ['/measures?page=0', 'page'],
      ['/meetings?page=abc', 'page'],
      ['/topics?page=-1', 'page'],
      ['/sources?page=1.5', 'page'],
      ['/organizations?page=99999999999', 'page'],
      ['/measures?sort=best', 'sort'],
      ['/meetings?year=20x0', 'year'],
      ['/sources?type=podcast', 'type'],
      ['/organizations?state=California', 'state'],
      ['/measures?body=bad%20id', 'body'],
    ];
    for (const [path, param] of cases) {
      const html = await request(ctx.app).get(path).set('Accept', 'text/html').expect(400);
      expect(html.text, path).toContain(`${param}: expected`);
      const json = await request(ctx.app).get(path).set('Accept', 'application/json').expect(400);
      expect(json.body.error, path).toMatchObject({ code: 'invalid_parameter', param });
    }
    const ignored = await page('/topics?colour=blue');
    expect(ignored).toContain('Ignored unknown parameter: colour.');
  });

  it('says a page past the end is past the end, with a link to the last page', async () => {
    const html = await page('/meetings?page=9');
    expect(itemLinks(html)).toEqual([]);
    expect(html).toContain('Page 9 is past the end of this list, which has 2 pages.');
    expect(html).toContain('<a href="/meetings?page=2">Go to the last page</a>');
  });

  it('links each statement card’s stance badge to the search for that stance on that measure', async () => {
    const html = await page('/meetings/list-meeting-03');
    expect(html).toContain(
      '<a class="stance-badge" href="/search?measure=list-measure&amp;stance=oppose" data-testid="stance-link">Opposes: Listing test measure</a>',
    );
    const permalink = await page('/statements/list-3');
    expect(permalink).toContain(
      '<a href="/search?measure=list-measure&amp;stance=oppose" data-testid="stance-link">Opposes</a>:',
    );
    // The first permalink a process renders loads the citation styles: slow on a loaded machine.
  }, 120_000);

  it('never scans the statements tables: every list query reaches statements through an index', () => {
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
    createBrowseListRepository(spy);
    expect(prepared.length).toBeGreaterThan(15);
    for (const sql of prepared) {
      const named = Object.fromEntries(
        [...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], m[1] === 'limit' || m[1] === 'offset' ? 1 : null]),
      );
      const positional = (sql.match(/\?/g) ?? []).map(() => '[]');
      const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = (Object.keys(named).length > 0 ? explain.all(named) : explain.all(...positional)) as { detail: string }[];
      const scans = plan
        .map((row) => row.detail)
        .filter((detail) => /^SCAN (s|st|ss|statements|statement_topics|statement_sources)\b/.test(detail));
      expect(scans, sql).toEqual([]);
    }
  });
});
