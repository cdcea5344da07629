import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousA11yViolations, launchBrowser, saveScreenshot, serveApp } from '../support/browser.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

describe('the API reference page (/api) in a real browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;

  beforeAll(async () => {
    ctx = createTestContext();
    server = await serveApp(ctx.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.cleanup();
  });

  it('lists every endpoint of the document, loads nothing from elsewhere, and has no serious accessibility violations', async () => {
    const document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const response = await page.goto(`${server.baseUrl}/api`);
    expect(response?.status()).toBe(200);
    const headings = await page.getByTestId('api-endpoint').locator('h3').allTextContents();
    expect(headings.map((h) => h.replace(/^GET/, '')).sort()).toEqual(Object.keys(document.paths).sort());
    expect(requested.filter((url) => !url.startsWith(server.baseUrl))).toEqual([]);
    // A field's type links to its schema on the same page.
    await page.locator('#schema-SearchResults').getByRole('link', { name: 'SearchHit' }).first().click();
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash))
      .toBe('#schema-SearchHit');
    await saveScreenshot(page, 'api-reference');
    expect(await findSeriousA11yViolations(page)).toEqual([]);
  });

  it('fits a 390 px phone: tables scroll inside their box, the page never scrolls sideways', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${server.baseUrl}/api`);
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } })
        .document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await findSeriousA11yViolations(page)).toEqual([]);
  });
});
