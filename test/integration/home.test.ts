import request from 'supertest';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { openStore } from '../../data/store.js';
import { warmCitationStyles } from '../../server/statements/citation.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

const measureTitles = (html: string) =>
  [...html.matchAll(/<li class="measure">\s*<h3><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('the home page', () => {
  let ctx: TestContext;

  beforeAll(() => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    // As server/main.ts does at start-up, so the first permalink does not build the citation engines.
    warmCitationStyles();
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('loads the admin styles on curation pages only', async () => {
    for (const path of ['/', '/speakers', '/topics/mental-health', '/statements/rose-jail-last-resort']) {
      const page = await request(ctx.app).get(path).set('Accept', 'text/html').expect(200);
      expect(page.text, path).toContain('/static/site.css');
      expect(page.text, path).not.toContain('/static/admin.css');
    }
    const login = await request(ctx.app).get('/admin/login').expect(200);
    expect(login.text).toContain('<link rel="stylesheet" href="/static/admin.css">');
  });

  it('shows the corpus counts, and shows new ones as soon as statements are written, here or by another process', async () => {
    const before = await request(ctx.app).get('/').expect(200);
    const statements = ctx.store.statements.countPublished();
    expect(before.text).toContain(`${statements} statements`);

    createImportService(ctx.store).run({ statements: [{ row: 1, value: statementRecord({ id: 'home-1' }) }] });
    expect((await request(ctx.app).get('/').expect(200)).text).toContain(`${statements + 1} statements`);

    // Another connection, as `onrecord import` in another process would write.
    const other = openStore(join(ctx.dir, 'archive.db'));
    try {
      createImportService(other).run({
        statements: [{ row: 1, value: statementRecord({ id: 'home-2', text: 'From another process.' }) }],
      });
    } finally {
      other.close();
    }
    const after = await request(ctx.app).get('/').expect(200);
    expect(after.text).toContain(`${statements + 2} statements`);
    expect(after.text).toContain('From another process.');
  });

  it('lists the twelve most debated measures, most statements first, and says how many more there are', async () => {
    const rows = [];
    for (let m = 0; m < 15; m++) {
      for (let n = 0; n <= 20 + m; n++) {
        rows.push({
          row: rows.length + 1,
          value: statementRecord({
            id: `home-m${m}-${n}`,
            text: `Comment ${n} on measure ${m}.`,
            measure: {
              id: `home-measure-${m}`,
              title: `Home test measure ${String(m).padStart(2, '0')}`,
              body: { id: 'test-district', name: 'Test Unified School District', state: 'CA' },
            },
          }),
        });
      }
    }
    createImportService(ctx.store).run({ statements: rows });
    const page = await request(ctx.app).get('/').expect(200);
    const titles = measureTitles(page.text);
    expect(titles).toHaveLength(12);
    expect(titles.slice(0, 3)).toEqual(['Home test measure 14', 'Home test measure 13', 'Home test measure 12']);
    const measures = ctx.store.statements.measureTallies().filter((t) => t.total > 0).length;
    expect(page.text).toContain(`<a href="/measures">And ${measures - 12} more measures: see every measure</a>`);
    // Each card opens its measure's debate page, and each stance count the search filtered to it.
    expect(page.text).toContain('<h3><a href="/measures/home-measure-14">Home test measure 14</a></h3>');
    expect(page.text).toContain('href="/search?measure=home-measure-14&amp;stance=support"');
    await request(ctx.app).get('/measures/home-measure-14').expect(200);
  });
});
