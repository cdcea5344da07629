import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { Express } from 'express';
import { projectRoot } from '../../data/paths.js';
import { createApp } from '../../server/app.js';
import { createSitemapService } from '../../server/services/sitemap.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createTestContext, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

// /sitemap.xml and its paged sitemaps, validated by libxml2 (xmllint-wasm) against the official
// sitemaps.org schemas (vendored in test/fixtures/sitemap/), and /robots.txt.

const schemaDir = join(projectRoot, 'test', 'fixtures', 'sitemap');
const schema = (name: string) => ({ fileName: name, contents: readFileSync(join(schemaDir, name), 'utf8') });

/** libxml2's schema errors for these documents (one run for all of them: each run loads the wasm). */
async function schemaErrors(xml: string | string[], schemaFile: 'sitemap.xsd' | 'siteindex.xsd'): Promise<string[]> {
  const docs = (Array.isArray(xml) ? xml : [xml]).map((contents, i) => ({ fileName: `doc-${i}.xml`, contents }));
  const result = await validateXML({ xml: docs, schema: schema(schemaFile) });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
const pathOf = (loc: string) => {
  expect(loc.startsWith(TEST_BASE_URL)).toBe(true);
  return loc.slice(TEST_BASE_URL.length);
};

// Small pages, so the seed archive fills several sitemaps of each kind.
const PAGE_SIZE = 20;

describe('sitemaps and robots.txt', () => {
  let ctx: TestContext;
  let app: Express;
  const ids = (sql: string) => ctx.store.db.prepare(sql).pluck().all() as string[];

  beforeAll(() => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    const retracted = ids(`SELECT id FROM statements WHERE status = 'published' ORDER BY id LIMIT 1`)[0];
    ctx.store.db.prepare(`UPDATE statements SET status = 'retracted', retraction_reason = 'test' WHERE id = ?`).run(retracted);
    app = createApp({ ...ctx.deps, sitemaps: createSitemapService({ store: ctx.store, pageSize: PAGE_SIZE }) });
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('the validator refuses what the schemas forbid (so a pass means something)', async () => {
    const bad = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${TEST_BASE_URL}/x</loc><lastmod>last week</lastmod></url></urlset>`;
    expect((await schemaErrors(bad, 'sitemap.xsd')).join('\n')).toMatch(/lastmod/);
    const noSitemap = `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>`;
    expect(await schemaErrors(noSitemap, 'siteindex.xsd')).not.toEqual([]);
  }, 60_000);

  it('serves a sitemap index and paged sitemaps that validate, listing every permalink, speaker, meeting and measure once', async () => {
    const index = await request(app)
      .get('/sitemap.xml')
      .expect(200)
      .expect('Content-Type', /application\/xml/);
    expect(await schemaErrors(index.text, 'siteindex.xsd')).toEqual([]);
    const sitemaps = locs(index.text).map(pathOf);
    const statements = ids(`SELECT id FROM statements WHERE status = 'published' ORDER BY id`);
    expect(sitemaps.filter((p) => p.startsWith('/sitemaps/statements-'))).toHaveLength(Math.ceil(statements.length / PAGE_SIZE));

    expect(sitemaps.filter((p) => p.startsWith('/sitemaps/measures-'))).toHaveLength(1);
    const documents: string[] = [];
    for (const path of sitemaps) {
      documents.push(
        (
          await request(app)
            .get(path)
            .expect(200)
            .expect('Content-Type', /application\/xml/)
        ).text,
      );
    }
    expect(await schemaErrors(documents, 'sitemap.xsd')).toEqual([]);
    const listed = documents.flatMap((xml) => locs(xml).map(pathOf));
    const speakers = ids(`
      SELECT DISTINCT coalesce(speaker_person_id, speaker_org_id) FROM statements WHERE status = 'published'`);
    const expected = [
      '/',
      '/measures',
      '/meetings',
      '/speakers',
      '/organizations',
      '/topics',
      '/sources',
      ...statements.map((id) => `/statements/${id}`),
      ...speakers.map((id) => `/speakers/${id}`),
      ...ids('SELECT id FROM meetings').map((id) => `/meetings/${id}`),
      ...ids('SELECT id FROM measures').map((id) => `/measures/${id}`),
    ];
    expect([...listed].sort()).toEqual([...expected].sort());
    expect(listed.filter((p) => p.startsWith('/statements/'))).not.toContain(
      `/statements/${ids(`SELECT id FROM statements WHERE status = 'retracted'`)[0]}`,
    );
    // Every listed page is there.
    for (const path of listed.filter((_, i) => i % 10 === 0)) await request(app).get(path).expect(200);
  }, 180_000);

  it('gives each page its last change: a statement its own, a meeting the latest of it and its statements', async () => {
    const published = ctx.store.db
      .prepare(`SELECT id, updated_at, meeting_id FROM statements WHERE status = 'published' ORDER BY id`)
      .all() as { id: string; updated_at: string; meeting_id: string | null }[];
    const at = published.findIndex((s) => s.meeting_id !== null);
    const statement = published[at];
    if (!statement?.meeting_id) throw new Error('the seed has a statement at a meeting');
    const first = await request(app)
      .get(`/sitemaps/statements-${Math.floor(at / PAGE_SIZE) + 1}.xml`)
      .expect(200);
    expect(first.text).toContain(
      `<url><loc>${TEST_BASE_URL}/statements/${statement.id}</loc><lastmod>${statement.updated_at}</lastmod></url>`,
    );

    const later = '2031-05-06T07:08:09.123Z';
    ctx.store.db.prepare('UPDATE statements SET updated_at = ? WHERE id = ?').run(later, statement.id);
    const index = await request(app).get('/sitemap.xml').expect(200);
    let found = false;
    for (const path of locs(index.text)
      .map(pathOf)
      .filter((p) => p.startsWith('/sitemaps/meetings-'))) {
      const sitemap = (await request(app).get(path).expect(200)).text;
      if (sitemap.includes(`/meetings/${statement.meeting_id}<`)) {
        expect(sitemap).toContain(
          `<url><loc>${TEST_BASE_URL}/meetings/${statement.meeting_id}</loc><lastmod>${later}</lastmod></url>`,
        );
        found = true;
      }
    }
    expect(found).toBe(true);
  }, 120_000);

  it('answers 404 for a sitemap that does not exist', async () => {
    const pages = Math.ceil(ids('SELECT id FROM measures').length / PAGE_SIZE);
    await request(app)
      .get(`/sitemaps/measures-${pages + 1}.xml`)
      .expect(404);
    await request(app).get('/sitemaps/measures-0.xml').expect(404);
    await request(app).get('/sitemaps/people-1.xml').expect(404);
  });

  it('serves robots.txt that keeps crawlers out of facets, filters, exports, feeds, the API and curation, and names the sitemap', async () => {
    const robots = await request(ctx.app)
      .get('/robots.txt')
      .expect(200)
      .expect('Content-Type', /text\/plain/);
    const lines = robots.text.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    for (const path of ['/search', '/export/', '/feeds/', '/api/', '/admin', '/*?*body=', '/*?*sort=']) {
      expect(lines, path).toContain(`Disallow: ${path}`);
    }
    expect(lines).toContain(`Sitemap: ${TEST_BASE_URL}/sitemap.xml`);
    expect(lines.filter((l) => l.startsWith('Disallow: /statements') || l.startsWith('Disallow: /speakers'))).toEqual([]);
  });
});
