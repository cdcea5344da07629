import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createStatementEditingService } from '../../server/services/statement-editing.service.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createIngestService } from '../../server/services/ingest.service.js';
import { CSV_COLUMNS } from '../../server/search/export.csv.js';
import { launchBrowser, serveApp } from '../support/browser.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

/**
 * Stored text is data, never markup: statements whose every text field carries script payloads,
 * and sources whose address is javascript: or data:, rendered on every page that shows them in
 * a real Chromium. The page's CSP is bypassed, so what is tested is the escaping itself: an
 * injected handler would run and set window.__pwned or open a dialog.
 */

// Every injected element is marked data-pwned, so finding one anywhere is one selector.
const PAYLOAD = [
  '<script data-pwned>window.__pwned=1</script>',
  '<img src=x data-pwned onerror="window.__pwned=1;alert(1)">',
  '"><svg data-pwned onload=window.__pwned=1;alert(2)>',
  "'><b data-pwned onclick=alert(3)>",
  // A BibTeX field closed early, and a new RIS line: neither may become a field of the citation.
  '\nUR  - javascript:alert(4)\n',
  '}, url = {javascript:alert(5)}, x = {',
].join(' ');
/** What the page must show as text, proving the payload was escaped rather than dropped. */
const SHOWN = 'onerror="window.__pwned=1';
const WORD = 'Xylophonic';
const with_ = (label: string) => `${label} ${WORD} ${PAYLOAD}`;
/** For fields capped at 100 characters. */
const SHORT_PAYLOAD = '<img src=x data-pwned onerror=window.__pwned=1>';

// Spreadsheet formulas at the start of every text column (tab and CR come in through the store: import trims).
const FORMULAS = {
  text: '=HYPERLINK("http://evil.example","click") Quixotic testimony',
  speaker: "@SUM(1+1)*cmd|' /C calc'!A0",
  role: "+1+cmd|' /C calc'!A0",
  organization: "-2+3+cmd|' /C calc'!A0",
  measure: '=1+1 measure',
  meeting: '@meeting',
  body: '=body',
  source_title: '\t=1+1 title',
  source_outlet: '\r=1+1 outlet',
  source_author: '-author',
  context: '@context',
} as const;

const BAD_URLS = [
  'javascript:window.__pwned=1;alert("js")',
  'JaVaScRiPt:window.__pwned=1',
  ' javascript:window.__pwned=1',
  '\tjava\nscript:window.__pwned=1',
  'javascript://example.org/%0Awindow.__pwned=1',
  'data:text/html,<script>window.__pwned=1</script>',
  'DATA:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+',
  'vbscript:msgbox(1)',
];
const sourceId = (i: number) => `xss-source-${i}`;
const PASSWORD = 'a long enough test password';
const CURATOR = 'ines';

describe('stored script payloads stay inert, in a real browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let context: BrowserContext;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let page: Page;
  const dialogs: string[] = [];
  let reviewSourceId: string;

  beforeAll(async () => {
    ctx = createTestContext();
    const sourceText = `Reported by ${PAYLOAD}. ${with_('The words')} — as said at the meeting. After: ${PAYLOAD}`;
    const sources = BAD_URLS.map((_, i) => ({
      id: sourceId(i),
      type: i === 0 ? 'video' : 'news_article',
      title: with_(`Title ${i}`),
      outlet: with_(`Outlet ${i}`),
      author: with_(`Author ${i}`),
      url: `https://example.org/placeholder-${i}`,
      ...(i === 0 ? { text: sourceText } : {}),
    }));
    createImportService(ctx.store).run({
      statements: [
        {
          row: 1,
          value: {
            id: 'xss',
            text: with_('The words'),
            kind: 'quote',
            stance: 'oppose',
            said_on: '2024-05-01',
            topics: ['mental-health'],
            context: with_('Context'),
            speaker: {
              id: 'xss-speaker',
              name: with_('Mallory'),
              role: with_('Role'),
              role_category: 'parent',
              organization: { id: 'xss-org', name: with_('Org'), classification: `Class ${SHORT_PAYLOAD}` },
            },
            measure: {
              id: 'xss-measure',
              title: with_('Measure'),
              description: with_('Description'),
              outcome: with_('Outcome'),
              body: { id: 'xss-body', name: with_('Body'), state: 'CA' },
            },
            meeting: {
              id: 'xss-meeting',
              title: with_('Meeting'),
              date: '2024-05-01',
              location: with_('Location'),
              body: { id: 'xss-body' },
            },
            source: sources[0],
            position: { time_start: 75 },
            also_in: sources.slice(1).map((source) => ({ source })),
          },
        },
        {
          // A second statement on the same pages, so "related" lists and cards carry the payloads too.
          row: 2,
          value: {
            id: 'xss-2',
            text: `${PAYLOAD} ${WORD} again`,
            stance: 'support',
            topics: ['mental-health'],
            speaker: { id: 'xss-speaker-2', name: `${PAYLOAD}Eve`, role_category: 'student' },
            measure: { id: 'xss-measure' },
            meeting: { id: 'xss-meeting' },
            source: { id: sourceId(1) },
          },
        },
        {
          row: 3,
          value: {
            id: 'formula',
            text: FORMULAS.text,
            stance: 'mixed',
            context: FORMULAS.context,
            speaker: {
              id: 'formula-speaker',
              name: FORMULAS.speaker,
              role: FORMULAS.role,
              role_category: 'other',
              organization: { id: 'formula-org', name: FORMULAS.organization },
            },
            measure: {
              id: 'formula-measure',
              title: FORMULAS.measure,
              body: { id: 'formula-body', name: FORMULAS.body, state: 'NY' },
            },
            meeting: { id: 'formula-meeting', title: FORMULAS.meeting },
            source: {
              id: 'formula-source',
              type: 'minutes',
              title: 'placeholder',
              outlet: 'placeholder',
              author: FORMULAS.source_author,
            },
          },
        },
      ],
    });
    // Legacy data the import would refuse: addresses that are not http(s), and text with leading tab or CR.
    for (const [i, url] of BAD_URLS.entries()) {
      const row = ctx.store.sources.findWithText(sourceId(i));
      if (!row) throw new Error(`source ${sourceId(i)} was not imported`);
      ctx.store.sources.upsert({ ...row, url });
    }
    const formulaSource = ctx.store.sources.findWithText('formula-source');
    if (!formulaSource) throw new Error('formula-source was not imported');
    ctx.store.sources.upsert({ ...formulaSource, title: FORMULAS.source_title, outlet: FORMULAS.source_outlet });

    const correction = createStatementEditingService(ctx.store).correct(
      ctx.store.statements.findById('xss')!,
      { corrected_on: '2024-06-02', note: with_('Correction') },
      CURATOR,
    );
    if (!correction.ok) throw new Error(`correction refused: ${JSON.stringify(correction.errors)}`);

    // A review queue whose candidates, source and original link carry the payloads.
    const article = [
      `${PAYLOAD} City desk.`,
      `"We need counselors <img src=x data-pwned onerror=window.__pwned=1> and nurses <svg data-pwned onload=window.__pwned=1>, not more officers," said Teresa Alvarez, a teacher.`,
      `"Officers keep <script data-pwned>window.__pwned=1</script> our schools safe every single day," said Raymond Okafor, the police chief.`,
    ].join('\n\n');
    reviewSourceId = createIngestService(ctx.store).ingest({
      content: article,
      format: 'text',
      details: {
        title: with_('Ingested'),
        outlet: with_('Ingest outlet'),
        author: with_('Ingest author'),
        url: null,
        published_on: null,
      },
      by: CURATOR,
    }).sourceId;
    const reviewSource = ctx.store.sources.findWithText(reviewSourceId)!;
    ctx.store.sources.upsert({ ...reviewSource, url: BAD_URLS[0] as string });

    ctx.store.curators.save(CURATOR, await hashPassword(PASSWORD));
    await prepareIndex(ctx.store, ctx.target);
    server = await serveApp(ctx.app);
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.cleanup();
  });

  /** What a page holds that a payload could have made: injected elements, handlers, script URLs, a run handler. */
  async function findInjections(target: Page): Promise<string[]> {
    // Give an injected onerror/onload its chance to run before looking.
    await target.waitForLoadState('load');
    await target.waitForTimeout(50);
    return target.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            querySelectorAll(
              s: string,
            ): ArrayLike<{ tagName: string; attributes: ArrayLike<{ name: string; value: string }>; textContent: string | null }>;
          };
        }
      ).document;
      const found: string[] = [];
      if ((globalThis as unknown as { __pwned?: unknown }).__pwned !== undefined) found.push('window.__pwned was set');
      for (const el of Array.from(doc.querySelectorAll('*'))) {
        const tag = el.tagName.toLowerCase();
        for (const attr of Array.from(el.attributes)) {
          const name = attr.name.toLowerCase();
          // What a browser ignores in a URL (whitespace and controls anywhere, case) is ignored here too.
          // eslint-disable-next-line no-control-regex -- controls are what a browser strips from a URL
          const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
          if (name === 'data-pwned') found.push(`<${tag} data-pwned>`);
          if (name.startsWith('on')) found.push(`<${tag} ${name}>`);
          if (
            ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(name) &&
            (/^(javascript|vbscript):/.test(value) ||
              (value.startsWith('data:') && !(tag === 'img' && value.startsWith('data:image/'))))
          ) {
            found.push(`<${tag} ${name}="${attr.value.slice(0, 40)}">`);
          }
        }
        // A JSON-LD block is data a browser never runs: it may hold the words, as long as they
        // stay inside it (it still parses as JSON, and the element's type is the data type).
        const dataBlock =
          tag === 'script' &&
          Array.from(el.attributes).some((a) => a.name === 'type' && a.value === 'application/ld+json') &&
          (() => {
            try {
              JSON.parse(el.textContent ?? '');
              return true;
            } catch {
              return false;
            }
          })();
        if (tag === 'script' && !dataBlock && (el.textContent ?? '').includes('__pwned')) found.push('<script> with the payload');
      }
      return found;
    });
  }

  /** Opens a page and checks it; `shows` is text it must show (null for a page that shows none of the payloads). */
  async function visit(path: string, options: { shows?: string | null } = {}): Promise<string> {
    const response = await page.goto(`${server.baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    expect(await findInjections(page), path).toEqual([]);
    const text = (await page.locator('body').textContent()) ?? '';
    const shows = options.shows === undefined ? SHOWN : options.shows;
    if (shows !== null) expect(text, `${path} shows the payload as text`).toContain(shows);
    expect(dialogs, path).toEqual([]);
    return text;
  }

  it('shows search results, with <mark> highlights, as text', async () => {
    await visit(`/search?q=${WORD.toLowerCase()}+onerror+script`);
    const marks = await page.locator('[data-testid="statement-card"] mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining([WORD.toLowerCase()]));
    expect(await page.getByTestId('statement-card').count()).toBeGreaterThanOrEqual(2);
  });

  it('shows the permalink, its context passage, corrections and citations as text, with no script address as a link', async () => {
    await visit('/statements/xss');
    for (const testId of ['quote', 'passage', 'corrections', 'citations', 'source', 'also-in']) {
      expect(await page.getByTestId(testId).textContent(), testId).toContain('<script data-pwned>');
    }
    expect(await page.getByTestId('passage').locator('mark').count()).toBe(1);
    // Each stored address that is not http(s) is shown as text (the title), never as a link or a recording link.
    expect(await page.getByTestId('recording-link').count()).toBe(0);
    expect(
      await page
        .locator('[data-testid="source"] a, [data-testid="also-in"] a')
        .evaluateAll((links) =>
          links.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href')),
        ),
    ).toEqual(BAD_URLS.map((_, i) => `/sources/${sourceId(i)}`));
    // Copying a citation copies text, not markup that runs.
    await page.getByRole('button', { name: /Copy the APA/ }).click();
    expect(await findInjections(page)).toEqual([]);
  });

  it('shows speaker, meeting, measure, topic, source and home pages as text', async () => {
    await visit('/speakers/xss-speaker');
    await visit('/speakers/xss-speaker-2');
    await visit('/speakers');
    await visit('/meetings/xss-meeting');
    await visit('/measures/xss-measure');
    await visit('/topics/mental-health');
    await visit('/');
    for (const [i] of BAD_URLS.entries()) {
      await visit(`/sources/${sourceId(i)}`);
      // The address is no link (findInjections would also catch it as an href).
      expect(await page.getByTestId('source-link').locator('a').count()).toBe(0);
    }
  });

  it('serves the JSON API and every citation format as data, never as a page that runs', async () => {
    for (const style of ['apa', 'mla', 'chicago', 'bibtex', 'ris', 'csl-json']) {
      for (const download of ['0', '1']) {
        const path = `/api/statements/xss/citation?style=${style}&download=${download}`;
        const response = await fetch(`${server.baseUrl}${path}`);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('content-type'), path).not.toMatch(/html|xml/);
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        const body = await response.text();
        // The payload is there as the plain text it is (BibTeX spells < and braces its own way)…
        expect(body, path).toContain(style === 'bibtex' ? 'data-pwned' : '<script data-pwned>');
        if (style === 'csl-json')
          expect((JSON.parse(body) as { title: string }[])[0]?.title, path).toContain(PAYLOAD.slice(0, 40));
        // …and adds no entry, field or line of its own.
        if (style === 'bibtex') {
          expect(body.match(/^@/gm), path).toHaveLength(1);
          expect(body, path).not.toMatch(/^\s*url\s*=\s*\{javascript/im);
        }
        if (style === 'ris') {
          expect(body.match(/^TY {2}- /gm), path).toHaveLength(1);
          expect(body, path).not.toMatch(/^UR {2}- javascript/m);
        }
      }
      // Opened in the browser it is shown, not run.
      await page.goto(`${server.baseUrl}/api/statements/xss/citation?style=${style}`).catch(() => undefined);
      if (style !== 'bibtex' && style !== 'ris') expect(await findInjections(page), style).toEqual([]);
    }
    for (const path of [
      '/api/statements/xss',
      '/api/sources/xss-source-0',
      '/api/speakers/xss-speaker',
      '/api/meetings/xss-meeting',
      '/api/measures/xss-measure',
    ]) {
      const response = await page.goto(`${server.baseUrl}${path}`);
      expect(response?.headers()['content-type'], path).toContain('application/json');
      expect(await findInjections(page), path).toEqual([]);
    }
    expect(dialogs).toEqual([]);
  });

  it('escapes the payloads in the Atom feed, so a feed reader shows them as text', async () => {
    const response = await fetch(`${server.baseUrl}/feeds/search.atom?q=${WORD.toLowerCase()}`);
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    // No payload element in the XML itself…
    expect(xml).not.toMatch(/<(script|img|svg|b)\b[^>]*data-pwned/i);
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      feed: { entry: { title: { '#text': string; type: string }; content: { '#text': string; type: string } }[] };
    };
    expect(feed.feed.entry.length).toBeGreaterThanOrEqual(2);
    for (const entry of feed.feed.entry) {
      for (const field of [entry.title, entry.content]) {
        // …and none in what a reader renders: type="html" content must be escaped HTML, type="text" plain text.
        const text = String(field['#text']);
        if (field.type === 'html') {
          expect(text).not.toMatch(/<(script|img|svg|b)\b/i);
          expect(text).toContain('&lt;script data-pwned&gt;');
        } else {
          expect(text).toContain('<script data-pwned>');
        }
      }
    }
  });

  it('neutralises spreadsheet formulas in every CSV cell and keeps the payloads as plain text', async () => {
    const csv = await (await fetch(`${server.baseUrl}/export/search.csv`)).text();
    const rows = parseCsv<Record<(typeof CSV_COLUMNS)[number], string>>(csv, { columns: true });
    expect(rows.length).toBe(ctx.store.statements.countPublished());
    for (const row of rows) {
      for (const column of CSV_COLUMNS) expect(row[column], `${row.id} ${column}`).not.toMatch(/^[=+\-@\t\r]/);
    }
    const formula = rows.find((r) => r.id === 'formula');
    const expected: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {
      text: FORMULAS.text,
      speaker: FORMULAS.speaker,
      role: FORMULAS.role,
      organization: FORMULAS.organization,
      measure: FORMULAS.measure,
      meeting: FORMULAS.meeting,
      body: FORMULAS.body,
      source_title: FORMULAS.source_title,
      source_outlet: FORMULAS.source_outlet,
      source_author: FORMULAS.source_author,
      context: FORMULAS.context,
    };
    for (const [column, value] of Object.entries(expected))
      expect(formula?.[column as keyof typeof formula], column).toBe(`'${value}`);
    expect(rows.find((r) => r.id === 'xss')?.text).toBe(with_('The words'));
  });

  it('shows the payloads as text on the curator pages, and no script address as a link', async () => {
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Name').fill(CURATOR);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.baseUrl}/admin`);

    await visit('/admin', { shows: null });
    await visit('/admin/statements');
    await visit('/admin/statements/xss/edit', { shows: 'Correction' });
    // Form fields hold the payload as their value, not as markup around them.
    expect(await page.locator('textarea[name="text"]').inputValue()).toBe(with_('The words'));
    await visit('/admin/statements/xss/history');
    await visit(`/admin/review?source=${encodeURIComponent(reviewSourceId)}`);
    expect(await page.getByTestId('candidate').count()).toBeGreaterThanOrEqual(1);
    for (const [kind, id] of [
      ['people', 'xss-speaker'],
      ['organizations', 'xss-org'],
      ['measures', 'xss-measure'],
      ['meetings', 'xss-meeting'],
    ] as const) {
      await visit(`/admin/${kind}`);
      await visit(`/admin/${kind}/${id}/edit`);
    }
    for (const [i, url] of BAD_URLS.entries()) {
      await visit(`/admin/sources/${sourceId(i)}/edit`);
      // The field holds the address as its value (a type=url field drops line breaks and outer spaces).
      expect(await page.locator('input[name="url"]').inputValue()).toBe(url.replace(/[\r\n]/g, '').trim());
    }
    await visit('/admin/sources');
  });
});
