import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../../server/services/seed.service.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { formatCitation, warmCitationStyles } from '../../server/statements/citation.js';
import { findSeriousA11yViolations, launchBrowser, saveScreenshot, serveApp } from '../support/browser.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

describe('permalink and browse pages in a real browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let context: BrowserContext;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let page: Page;

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    await prepareIndex(ctx.store, ctx.target);
    // As server/main.ts does at start-up: building the citation engines can take longer than a
    // page load may (half a minute on a loaded machine), so the first permalink must not pay it.
    warmCitationStyles();
    server = await serveApp(ctx.app);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // 127.0.0.1 is a secure context, so the page may use the async clipboard once granted.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.cleanup();
  });

  it('copies the APA citation, then follows the speaker and measure links', async () => {
    await page.goto(`${server.baseUrl}/statements/rose-jail-last-resort`);
    const expected = formatCitation(
      ctx.store.statements.findById('rose-jail-last-resort')!,
      'apa',
      ctx.deps.config.baseUrl,
    ).trim();
    await page.getByRole('button', { name: /Copy the APA/ }).click();
    await expect.poll(() => page.locator('[data-copy-status]').textContent()).toMatch(/Copied/);
    const clipboard = await page.evaluate(async () => {
      const nav = (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator;
      return nav.clipboard.readText();
    });
    expect(clipboard.trim()).toBe(expected);
    expect(clipboard).toContain('Rose, D.');

    await page.getByTestId('speaker-link').click();
    await page.waitForURL(/\/speakers\/dave-rose$/);
    expect(await page.locator('h1').textContent()).toContain('Dave Rose');

    await page.goto(`${server.baseUrl}/statements/rose-jail-last-resort`);
    await page
      .getByTestId('stance')
      .getByRole('link', { name: /SUSD resolution/ })
      .click();
    await page.waitForURL(/\/measures\/susd-police-resolution$/);
    expect(await page.locator('h1').textContent()).toContain('SUSD resolution to eliminate the district police department');

    // The stance word opens the search for every statement taking that stance on that measure.
    await page.goto(`${server.baseUrl}/statements/rose-jail-last-resort`);
    await page.getByTestId('stance').getByTestId('stance-link').click();
    await page.waitForURL(/\/search\?measure=susd-police-resolution&stance=oppose$/);
    await expect.poll(() => page.getByTestId('chips').textContent()).toContain('Stance: Opposes');
  });

  it('keeps the citation selectable as plain text without JavaScript', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${server.baseUrl}/statements/rose-jail-last-resort`);
    expect(await plain.getByTestId('citation-apa').textContent()).toContain('Rose, D.');
    expect(await plain.getByRole('button', { name: /Copy the APA/ }).isVisible()).toBe(false);
    await noScript.close();
  });

  const pages = [
    ['permalink', '/statements/perez-minutes-are-important'],
    ['speakers', '/speakers'],
    ['speaker', '/speakers/stacey-collis'],
    ['meeting', '/meetings/sacramento-board-school-safety'],
    ['measure', '/measures/reimagine-school-safety'],
    ['topic', '/topics/mental-health'],
    ['source', '/sources/fox40-stockton-susd-police'],
    // A page past the end of a list: the notice and its link instead of statements.
    ['past-the-end', '/speakers/dave-rose?page=2'],
  ] as const;
  for (const [name, path] of pages) {
    it(`has no serious or critical accessibility violations on the ${name} page`, async () => {
      const response = await page.goto(`${server.baseUrl}${path}`);
      expect(response?.status()).toBe(200);
      await saveScreenshot(page, name);
      expect(await findSeriousA11yViolations(page)).toEqual([]);
    });
  }
});
