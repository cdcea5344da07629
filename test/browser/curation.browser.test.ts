import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { drainOutbox } from '../../indexer/outbox.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { findSeriousA11yViolations, launchBrowser, saveScreenshot, serveApp } from '../support/browser.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

const PASSWORD = 'a long enough test password';
const TEACHER_QUOTE = 'Our students deserve counselors who know their names, not officers who know their records';
const CHIEF_QUOTE = 'Taking officers off campus will slow every emergency response by several minutes';
const ARTICLE = [
  'MAPLE GROVE — The Maple Grove school board heard two hours of public comment Monday on a plan to end its school resource officer contract.',
  `"${TEACHER_QUOTE}," said Teresa Alvarez, a teacher at Maple Grove High.`,
  `Police Chief Raymond Okafor disagreed. "${CHIEF_QUOTE}," Okafor said.`,
].join('\n\n');

describe('a curator ingesting an article in a real browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let page: Page;

  beforeAll(async () => {
    ctx = createTestContext();
    createImportService(ctx.store).run({
      measures: [{ row: 1, value: { id: 'maple-grove-sro', title: 'Maple Grove resolution to end the SRO contract' } }],
      statements: [],
    });
    await prepareIndex(ctx.store, ctx.target);
    ctx.store.curators.save('ines', await hashPassword(PASSWORD));
    server = await serveApp(ctx.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.cleanup();
  });

  async function accept(quote: string, stance: string): Promise<void> {
    const candidate = page.getByTestId('candidate').filter({ hasText: quote.slice(0, 40) });
    await candidate.getByLabel(/^Stance/).selectOption({ label: stance });
    await candidate.getByLabel(/^Measure/).selectOption({ label: 'Maple Grove resolution to end the SRO contract' });
    await candidate.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.waitForURL(/done=accepted/);
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Accepted');
  }

  it('signs in, pastes an article, accepts two candidates and finds them in public search', async () => {
    await page.goto(`${server.baseUrl}/admin/ingest`);
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fingest/);
    await page.getByLabel('Name').fill('ines');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.baseUrl}/admin/ingest`);

    await page.getByLabel(/^Text of the document/).fill(ARTICLE);
    await page.getByLabel(/^Title/).fill('Maple Grove hears from teachers and police on SRO contract');
    await page.getByLabel(/^Outlet/).fill('Maple Grove Messenger');
    // The form starts an extraction job; its page reloads itself, then goes on to the review queue.
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
    });
    await page.getByRole('button', { name: 'Find statements' }).click();
    await page.waitForURL(/\/admin\/review\?source=.*done=ingested&n=2&m=0/);
    expect(visited.some((path) => path.startsWith('/admin/jobs/'))).toBe(true);
    await expect.poll(() => page.getByTestId('candidate').count()).toBe(2);
    expect(await page.getByTestId('candidate-context').first().locator('mark').textContent()).toBe(TEACHER_QUOTE);
    await saveScreenshot(page, 'admin-review-queue');
    expect(await findSeriousA11yViolations(page)).toEqual([]);

    await accept(TEACHER_QUOTE, 'Opposes');
    await accept(CHIEF_QUOTE, 'Supports');
    expect(await page.getByTestId('review-empty').textContent()).toContain('no candidates to review');

    // The test app has no background syncer: drain the outbox as the running app's syncer would.
    await drainOutbox(ctx.store, ctx.target);

    for (const [words, quote, speaker] of [
      ['counselors who know their names', TEACHER_QUOTE, 'Teresa Alvarez'],
      ['emergency response several minutes', CHIEF_QUOTE, 'Raymond Okafor'],
    ] as const) {
      await page.goto(`${server.baseUrl}/`);
      await page.getByLabel('Search statements', { exact: true }).first().fill(words);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      const cards = page.getByTestId('statement-card');
      await expect.poll(() => cards.count()).toBeGreaterThan(0);
      const first = (await cards.first().textContent()) ?? '';
      expect(first.replace(/\s+/g, ' ')).toContain(quote.split(' ').slice(-4).join(' '));
      expect(first).toContain(speaker);
    }
    await saveScreenshot(page, 'search-after-curation');
  });

  it('reads a chosen file into the form, and refuses one that is not UTF-8', async () => {
    for (const [path, box, file] of [
      ['/admin/ingest', '#ingest-content', 'article.txt'],
      ['/admin/import', '#import-content', 'rows.ndjson'],
    ] as const) {
      await page.goto(`${server.baseUrl}${path}`);
      const input = page.locator('input[type=file]');
      await input.setInputFiles({ name: file, mimeType: 'text/plain', buffer: Buffer.from('“Curly” words, café.\n') });
      await expect.poll(() => page.locator(box).inputValue()).toBe('“Curly” words, café.\n');
      expect(await page.locator('input[name=filename]').inputValue()).toBe(file);

      await input.setInputFiles({ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9]) });
      await expect
        .poll(() => page.getByRole('alert').filter({ hasText: 'latin1.txt' }).textContent())
        .toContain('is not UTF-8 text');
      expect(await page.locator(box).inputValue()).toBe('');
    }
  });

  it('refuses, before sending, a file the form encoding would make larger than the server takes', async () => {
    await page.goto(`${server.baseUrl}/admin/import`);
    // 8 MB of "é": under the 20 MB file limit, but about 24 MB once form-encoded (%C3%A9 per letter).
    const accented = Buffer.from('é'.repeat(4 * 1024 * 1024));
    await page.locator('input[type=file]').setInputFiles({ name: 'accents.ndjson', mimeType: 'text/plain', buffer: accented });
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'accents.ndjson' }).textContent())
      .toMatch(/would be 24\.0 MB as sent in the form, over the 20 MB the server takes/);
    expect(await page.locator('#import-content').inputValue()).toBe('');
  });

  it('has no serious or critical accessibility violations on the ingest page', async () => {
    await page.goto(`${server.baseUrl}/admin/ingest`);
    await saveScreenshot(page, 'admin-ingest');
    expect(await findSeriousA11yViolations(page)).toEqual([]);
  });
});
