import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareIndex } from '../../indexer/rebuild.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { findSeriousA11yViolations, launchBrowser, saveScreenshot, serveApp } from '../support/browser.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

// The public pages on a phone: nothing wider than the screen (tables scroll inside their own box),
// and on search results a "Filters" control at the top that takes the reader to the facets.

/** How far the page is wider than the viewport, and the widest elements that stick out. */
async function overflowOf(page: Page, width: number): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate((width) => {
    // Runs in the page (no DOM types in this Node project).
    const doc = (
      globalThis as unknown as {
        document: {
          documentElement: { scrollWidth: number };
          querySelectorAll(
            s: string,
          ): ArrayLike<{ getBoundingClientRect(): { right: number }; tagName: string; className: unknown }>;
        };
      }
    ).document;
    const innerWidth = (globalThis as unknown as { innerWidth: number }).innerWidth;
    const culprits = Array.from(doc.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`);
    return { scrollWidth: doc.documentElement.scrollWidth, innerWidth, culprits };
  }, width);
}

describe('public pages on a phone (390 and 360 px wide)', () => {
  let ctx: TestContext;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let paths: string[];

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    await prepareIndex(ctx.store, ctx.target);
    server = await serveApp(ctx.app);
    browser = await launchBrowser();
    const first = (sql: string) => ctx.store.db.prepare(sql).pluck().get() as string;
    // One of each public page type; the speaker and measure with the most statements have the widest charts.
    const speaker = first(`SELECT speaker_person_id FROM statements WHERE speaker_person_id IS NOT NULL
                            GROUP BY speaker_person_id ORDER BY count(DISTINCT measure_id) DESC, count(*) DESC LIMIT 1`);
    const measure = first(
      'SELECT measure_id FROM statements WHERE measure_id IS NOT NULL GROUP BY measure_id ORDER BY count(*) DESC LIMIT 1',
    );
    paths = [
      '/',
      '/search?q=police',
      '/search?q=',
      `/statements/${first(`SELECT id FROM statements WHERE status = 'published' ORDER BY length(text) DESC LIMIT 1`)}`,
      '/speakers',
      `/speakers/${speaker}`,
      '/measures',
      `/measures/${measure}`,
      '/meetings',
      `/meetings/${first('SELECT meeting_id FROM statements WHERE meeting_id IS NOT NULL GROUP BY meeting_id ORDER BY count(*) DESC LIMIT 1')}`,
      '/topics',
      '/topics/mental-health',
      '/sources',
      `/sources/${first('SELECT source_id FROM statement_sources GROUP BY source_id ORDER BY count(*) DESC LIMIT 1')}`,
      '/organizations',
      '/no-such-page',
    ];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.cleanup();
  });

  for (const width of [390, 360]) {
    it(`fits every public page type into ${width} px, with nothing serious for axe`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 844 }, isMobile: true, hasTouch: true });
      try {
        const problems: string[] = [];
        for (const path of paths) {
          await page.goto(`${server.baseUrl}${path}`);
          // A phone browser zooms out to fit a page that is too wide, so innerWidth grows with it.
          const { scrollWidth, innerWidth, culprits } = await overflowOf(page, width);
          if (scrollWidth > width || innerWidth !== width) {
            problems.push(`${path}: ${scrollWidth} px wide, viewport ${innerWidth} px (${culprits.join(', ')})`);
          }
          if (width === 390) {
            const violations = await findSeriousA11yViolations(page);
            if (violations.length > 0) problems.push(`${path}: axe ${JSON.stringify(violations)}`);
          }
        }
        expect(problems).toEqual([]);
        await page.goto(`${server.baseUrl}${paths[7]}`);
        await saveScreenshot(page, `phone-${width}-measure`);
      } finally {
        await page.close();
      }
    }, 240_000);
  }

  it('scrolls a wide chart table inside its own box rather than the page', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      await page.goto(`${server.baseUrl}${paths[5]}`);
      const box = page.getByTestId('chart-stance-table').locator('xpath=..');
      expect(await box.evaluate((el) => (globalThis as unknown as ComputedStyles).getComputedStyle(el).overflowX)).toBe('auto');
      expect((await overflowOf(page, 390)).scrollWidth).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  });

  it('puts a Filters control at the top of the search results that takes the reader to the facets and back', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await page.goto(`${server.baseUrl}/search?q=police`);
      const control = page.getByTestId('filters-jump');
      await expect.poll(() => control.isVisible()).toBe(true);
      // At the top: above the first result, within the first screen.
      const controlBox = await control.boundingBox();
      const firstCard = await page.getByTestId('statement-card').first().boundingBox();
      expect(controlBox && firstCard && controlBox.y < firstCard.y).toBe(true);
      expect(controlBox && controlBox.y + controlBox.height <= 844).toBe(true);
      // The facets start far down the page on a phone, below the results.
      const facets = page.getByRole('complementary', { name: 'Filters' });
      const facetsBefore = await facets.boundingBox();
      expect(facetsBefore && facetsBefore.y > 844).toBe(true);

      await control.tap();
      await page.waitForURL(/#filters$/);
      await expect.poll(async () => (await facets.boundingBox())?.y ?? 9999).toBeLessThan(100);
      await expect
        .poll(() =>
          page.evaluate(
            () => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id,
          ),
        )
        .toBe('filters');
      // A facet is now in view and works.
      const support = page.getByTestId('facet-stance').getByRole('link', { name: /Supports/ });
      expect(await support.isVisible()).toBe(true);
      await support.tap();
      await page.waitForURL(/stance=support/);
      await saveScreenshot(page, 'phone-390-search-filtered');

      // With a filter on, the control says how many are active.
      await expect.poll(() => page.getByTestId('filters-jump').textContent()).toMatch(/Filters \(1 active\)/);
      await page.getByTestId('filters-jump').tap();
      await page.getByTestId('back-to-results').tap();
      await page.waitForURL(/#results-heading$/);
    } finally {
      await page.close();
    }
  });

  it('hides the Filters control on a wide screen, where the facets sit beside the results', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${server.baseUrl}/search?q=police`);
      expect(await page.getByTestId('filters-jump').isVisible()).toBe(false);
      expect(await page.getByRole('complementary', { name: 'Filters' }).isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });
});

/** The page's getComputedStyle, as far as these tests read it. */
interface ComputedStyles {
  getComputedStyle(el: unknown): { overflowX: string };
}
