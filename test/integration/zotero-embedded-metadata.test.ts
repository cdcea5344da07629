// What Zotero imports from a permalink page: Zotero's own Embedded Metadata translator (and the
// RDF translator it loads) run on the served page in headless Chromium, with the real
// Zotero.Utilities.
// The Zotero code is read from ZOTERO_TRANSLATORS_DIR and ZOTERO_UTILITIES_DIR (checkouts of
// zotero/translators and zotero/utilities; see test/support/zotero-translators.ts); without
// them this file is skipped and says so.
import type { Browser } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../data/paths.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';
import { launchBrowser } from '../support/browser.js';
import { runEmbeddedMetadata, zoteroDirs, type TranslationRun } from '../support/zotero-translators.js';

const dirs = zoteroDirs();
if (!dirs) console.warn('zotero-embedded-metadata: SKIPPED — set ZOTERO_TRANSLATORS_DIR and ZOTERO_UTILITIES_DIR to run it');

describe.skipIf(!dirs)('Zotero’s Embedded Metadata translator on permalink pages', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let browser: Browser;
  /** What Zotero imported from each page, beside the page's own citations, kept in test-artifacts/ for the record. */
  const imported: Record<string, TranslationRun & { citations: Record<string, string> }> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = createTestContext();
    loadSeed(ctx.store);
    createImportService(ctx.store).run({
      statements: [
        {
          row: 1,
          value: statementRecord({
            id: 'transcript-moment',
            text: 'I don’t feel safer with a gun in the hallway. I feel watched.',
            speaker: { id: 'tomas-ibarra', name: 'Tomás Ibarra', role: 'student', role_category: 'student' },
            said_on: '2025-03-11',
            source: {
              id: 'lfusd-transcript',
              type: 'transcript',
              title: 'Larkspur Falls USD board meeting, March 11, 2025 (transcript)',
              outlet: 'Larkspur Falls Unified School District',
              url: 'https://lfusd.example/board/2025-03-11/transcript',
              published_on: '2025-03-12',
            },
            position: { time_start: 3725, time_end: 3741 },
          }),
        },
        {
          row: 2,
          value: statementRecord({
            id: 'de-la-cruz-counselors',
            text: 'We need counselors, not more officers.',
            speaker: {
              id: 'ana-maria-de-la-cruz',
              name: 'Ana María de la Cruz',
              sort_name: 'de la Cruz, Ana María',
              role: 'parent',
              role_category: 'parent',
            },
          }),
        },
        {
          row: 3,
          value: statementRecord({
            id: 'coalition-quote',
            text: 'Invest in community-based safety programs.',
            speaker: { id: 'police-free-lausd', type: 'organization', name: 'Police Free LAUSD Coalition/Safe Schools LA' },
            source: {
              id: 'knock-la',
              type: 'news_article',
              title: 'Police Free LAUSD Offers Alternatives',
              outlet: 'Knock LA',
              published_on: '2023-12',
            },
          }),
        },
      ],
    });
  });
  afterAll(async () => {
    const dir = join(projectRoot, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'zotero-embedded-metadata.json'), `${JSON.stringify(imported, null, 2)}\n`);
    await browser?.close();
    await ctx?.cleanup();
  });

  /** The page as the app serves it, opened at its permalink (the app's own headers and all), then translated. */
  async function importPage(id: string): Promise<TranslationRun> {
    const res = await request(ctx.app).get(`/statements/${id}`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    const url = `${TEST_BASE_URL}/statements/${id}`;
    const page = await browser.newPage();
    try {
      await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: res.text }));
      await page.route('**/static/**', (route) => route.fulfill({ status: 204 }));
      await page.goto(url);
      const run = await runEmbeddedMetadata(page, dirs as NonNullable<typeof dirs>);
      expect(run.errors).toEqual([]);
      const citations: Record<string, string> = {};
      for (const style of ['apa', 'mla', 'chicago']) {
        citations[style] = (await request(ctx.app).get(`/api/statements/${id}/citation?style=${style}`)).text;
      }
      imported[id] = { ...run, citations };
      return run;
    } finally {
      await page.close();
    }
  }

  it('imports a quote from a news article as a newspaper article by the speaker, in the outlet', async () => {
    const { items, trace } = await importPage('rose-jail-last-resort');
    expect(trace).toContain('RDF translator loaded');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      itemType: 'newspaperArticle',
      title: 'In fact, that’s the last thing we try to do. That’s a last resort.',
      creators: [{ firstName: 'Dave', lastName: 'Rose', creatorType: 'author' }],
      publicationTitle: 'FOX40 (KTXL)',
      url: `${TEST_BASE_URL}/statements/rose-jail-last-resort`,
    });
    expect(items[0]?.date || '').toBe('');
  });

  it('imports a paraphrase as the source article by its author, never as the speaker’s words', async () => {
    const { items } = await importPage('police-free-lausd-eliminate-laspd');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      itemType: 'newspaperArticle',
      title: 'Police Free LAUSD Offers Alternatives to School Policing',
      creators: [{ lastName: 'Heidi', creatorType: 'author' }],
      date: '2023/12/07',
    });
    // The source names no outlet: the archive is not cited as its publisher.
    expect(items[0]?.publicationTitle).toBeUndefined();
  });

  it('keeps an organisation speaker one creator and a partial date partial', async () => {
    const { items } = await importPage('coalition-quote');
    expect(items[0]?.creators).toEqual([{ lastName: 'Police Free LAUSD Coalition/Safe Schools LA', creatorType: 'author' }]);
    expect(items[0]).toMatchObject({ itemType: 'newspaperArticle', publicationTitle: 'Knock LA', date: '2023/12' });
  });

  it('keeps "de la Cruz, Ana María" one person', async () => {
    const { items } = await importPage('de-la-cruz-counselors');
    expect(items[0]?.creators).toEqual([{ firstName: 'Ana María', lastName: 'de la Cruz', creatorType: 'author' }]);
  });

  it('imports a transcript quote as a web page with the source’s outlet, date and URL', async () => {
    const { items } = await importPage('transcript-moment');
    expect(items[0]).toMatchObject({
      itemType: 'webpage',
      title: 'I don’t feel safer with a gun in the hallway. I feel watched.',
      creators: [{ firstName: 'Tomás', lastName: 'Ibarra', creatorType: 'author' }],
      publicationTitle: 'Larkspur Falls Unified School District',
      date: '2025/03/12',
      url: 'https://lfusd.example/board/2025-03-11/transcript',
    });
  });
});
