import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../../server/services/seed.service.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { findSeriousA11yViolations, launchBrowser, saveScreenshot, serveApp } from '../support/browser.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

describe('search in a real browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let page: Page;

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    await prepareIndex(ctx.store, ctx.target);
    await ctx.deps.vocabulary.refresh();
    server = await serveApp(ctx.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.cleanup();
  });

  it('searches, ticks two facet values, removes a chip, pages forward and opens a permalink', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Search statements', { exact: true }).first().fill('police');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=police/);
    const count = page.getByTestId('result-count');
    await expect.poll(() => count.textContent()).toMatch(/\d+ statements for “police”/);
    const all = Number((await count.textContent())?.match(/\d+/)?.[0]);

    const stance = page.getByTestId('facet-stance');
    await stance.getByRole('link', { name: /Supports/ }).click();
    await stance.getByRole('link', { name: /Opposes/ }).click();
    const chips = page.getByTestId('chips');
    await expect
      .poll(() => chips.getByRole('link').allTextContents())
      .toEqual([expect.stringContaining('Stance: Supports'), expect.stringContaining('Stance: Opposes'), 'Clear all']);
    expect(new URL(page.url()).searchParams.getAll('stance')).toEqual(['support', 'oppose']);
    const both = Number((await count.textContent())?.match(/\d+/)?.[0]);
    expect(both).toBeLessThanOrEqual(all);

    await chips.getByRole('link', { name: /Stance: Supports/ }).click();
    await expect.poll(() => chips.getByRole('link').count()).toBe(2);
    const opposeOnly = Number((await count.textContent())?.match(/\d+/)?.[0]);
    expect(opposeOnly).toBeLessThan(both);
    await saveScreenshot(page, 'search-filtered');

    await page.goto(`${server.baseUrl}/search?q=police&per_page=5`);
    const firstPage = await page.getByTestId('statement-card').allTextContents();
    await page.getByTestId('pagination').getByRole('link', { name: /Next/ }).click();
    await page.waitForURL(/page=2/);
    const secondPage = await page.getByTestId('statement-card').allTextContents();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage[0]).not.toBe(firstPage[0]);

    const firstResult = page.getByTestId('statement-card').first().locator('.quote-link');
    const permalink = await firstResult.getAttribute('href');
    expect(permalink).toMatch(/^\/statements\/[A-Za-z0-9_-]+$/);
    await firstResult.click();
    await page.waitForURL(`${server.baseUrl}${permalink}`);
    const id = decodeURIComponent(String(permalink).split('/').pop() as string);
    const statement = ctx.store.statements.findById(id);
    await expect.poll(() => page.locator('main').textContent()).toContain(statement?.text.slice(0, 40));
  });

  it('keeps every search in the URL, so reloading shows the same results', async () => {
    await page.goto(`${server.baseUrl}/search?q=officers&stance=oppose&sort=oldest`);
    const before = await page.getByTestId('statement-card').allTextContents();
    await page.reload();
    expect(await page.getByTestId('statement-card').allTextContents()).toEqual(before);
    expect(await page.locator('#search-sort').inputValue()).toBe('oldest');
  });

  it('says how many statements match all the words, lists them first and marks the rest', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Search statements', { exact: true }).first().fill('school resource officer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=school\+resource\+officer/);
    const total = Number((await page.getByTestId('result-count').textContent())?.match(/\d+/)?.[0]);
    const line = (await page.getByTestId('match-counts').textContent()) ?? '';
    const [, all, some] = /^(\d+) match all your words; (\d+) more match some of them\.$/.exec(line) ?? [];
    expect(Number(all)).toBeGreaterThan(0);
    expect(Number(all) + Number(some)).toBe(total);
    await saveScreenshot(page, 'search-counts');

    // Every card after the first `all` says it matches only some words, and none before.
    await page.goto(`${server.baseUrl}/search?q=school+resource+officer&per_page=100`);
    const cards = page.getByTestId('statement-card');
    expect(await cards.count()).toBe(total);
    const marked = await cards.evaluateAll((nodes) =>
      nodes.map(
        (node) => (node as unknown as { querySelector(s: string): unknown }).querySelector('[data-testid="match-note"]') !== null,
      ),
    );
    expect(marked).toEqual(Array.from({ length: total }, (_, i) => i >= Number(all)));
    await expect.poll(() => cards.last().getByTestId('match-note').textContent()).toBe('Matches only some of your words');
  });

  it('offers "Did you mean" for a misspelling that finds nothing, keeping the filters, and the link finds statements', async () => {
    await page.goto(`${server.baseUrl}/search?q=folice&stance=oppose`);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/^0 statements for “folice”/);
    const suggestion = page.getByTestId('did-you-mean');
    await expect.poll(() => suggestion.textContent()).toMatch(/^Did you mean police \(\d+ statements?\)/);
    await saveScreenshot(page, 'search-did-you-mean');
    await suggestion.getByRole('link', { name: 'police', exact: true }).click();
    await page.waitForURL(/\/search\?q=police&stance=oppose$/);
    const found = Number((await page.getByTestId('result-count').textContent())?.match(/\d+/)?.[0]);
    expect(found).toBeGreaterThan(0);
    expect(await page.getByTestId('statement-card').count()).toBe(Math.min(found, 20));
    await expect.poll(() => page.getByTestId('chips').getByRole('link').first().textContent()).toContain('Stance: Opposes');
    expect(await page.getByTestId('did-you-mean').count()).toBe(0);
  });

  for (const [name, path] of [
    ['home', '/'],
    ['search-results', '/search?q=police'],
    ['search-empty', '/search?q=zzzyqxv'],
    ['search-some-words', '/search?q=school+resource+officer'],
    ['search-suggestion', '/search?q=folice'],
  ] as const) {
    it(`has no serious or critical accessibility violations on ${name}`, async () => {
      await page.goto(`${server.baseUrl}${path}`);
      await saveScreenshot(page, name);
      expect(await findSeriousA11yViolations(page)).toEqual([]);
    });
  }

  it('has an accessibility check that does find violations (an unlabelled image and input)', async () => {
    await page.setContent(
      '<html lang="en"><head><title>t</title></head><body><main><img src="data:,"><input type="text"></main></body></html>',
    );
    const ids = (await findSeriousA11yViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'label']));
  });

  it('runs no inline script and shows no dialog for stored markup', async () => {
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.goto(`${server.baseUrl}/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(dialogs).toBe(0);
    expect(await page.getByTestId('result-count').textContent()).toContain('<script>alert(1)</script>');
  });
});
