// The app's citations read by tools it did not write: @retorquere/bibtex-parser for BibTeX,
// astrocite-ris for RIS, ajv with the official csl-data.json schema (citation-style-language/schema,
// test/fixtures/csl/), and citeproc-js with the official style files for the downloaded CSL-JSON,
// compared with what the permalink page prints.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Ajv } from 'ajv';
import { parse as parseRis } from 'astrocite-ris';
import CSL from 'citeproc';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Statement } from '../../data/archive.types.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { CSL_STYLE_FILES } from '../../server/statements/citation.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

const require = createRequire(import.meta.url);
const LOCALES = require('@citation-js/plugin-csl/lib/locales.json') as Record<string, string>;
const root = join(import.meta.dirname, '..', '..');
const SEED_COUNT = 33;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&quot;': '"', '&#39;': "'" };
const decode = (html: string) => html.replace(/&(amp|lt|gt|quot|#34|#39);/g, (e) => ENTITIES[e] ?? e);

const engines = new Map<string, { engine: InstanceType<typeof CSL.Engine>; items: Map<string, unknown> }>();

/** citeproc-js, set up here from the style files alone (one engine a style): the downloaded item in, one entry out. */
function renderIndependently(item: Record<string, unknown>, style: keyof typeof CSL_STYLE_FILES): string {
  let cached = engines.get(style);
  if (!cached) {
    const items = new Map<string, unknown>();
    const xml = readFileSync(join(root, 'data', 'csl', CSL_STYLE_FILES[style]), 'utf8');
    const engine = new CSL.Engine(
      {
        retrieveLocale: (lang: string) => LOCALES[lang] ?? (LOCALES['en-US'] as string),
        retrieveItem: (id: string) => items.get(id) as object,
      },
      xml,
      'en-US',
    );
    engine.setOutputFormat('text');
    cached = { engine, items };
    engines.set(style, cached);
  }
  cached.items.clear();
  cached.items.set(String(item.id), item);
  cached.engine.updateItems([String(item.id)]);
  return cached.engine.makeBibliography()[1].join('').trim();
}

describe('citations read by independent parsers, the official schema and citeproc-js', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let seed: Statement[];
  const get = (path: string) => request(ctx.app).get(path);

  beforeAll(() => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    seed = ctx.store.statements.listPublished(0, 1000);
    const run = createImportService(ctx.store).run({
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
      ],
    });
    expect(run).toBeTruthy();
  });
  afterAll(() => ctx.cleanup());

  it('has the 33 seed statements to cite', () => {
    expect(seed.filter((s) => s.provenance.via === 'seed')).toHaveLength(SEED_COUNT);
  });

  it('gives BibTeX that @retorquere/bibtex-parser reads without error: 33 statements, 33 keys, organisations one name', async () => {
    const bib = (await Promise.all(seed.map((s) => get(`/api/statements/${s.id}/citation?style=bibtex`))))
      .map((r) => r.text)
      .join('\n');
    const library = parseBibtex(bib, { english: false });
    expect(library.errors).toEqual([]);
    expect(library.entries).toHaveLength(SEED_COUNT);
    expect(new Set(library.entries.map((e) => e.key)).size).toBe(SEED_COUNT);
    const byKey = new Map(library.entries.map((e) => [e.key, e]));
    // A quote: the speaker is the author, the words the title, the outlet the newspaper.
    const rose = byKey.get('rose-jail-last-resort');
    expect(rose?.type).toBe('article');
    expect(rose?.fields.author).toEqual([{ lastName: 'Rose', firstName: 'Dave' }]);
    expect(rose?.fields.title).toBe('In fact, that’s the last thing we try to do. That’s a last resort.');
    expect(rose?.fields.journaltitle).toBe('FOX40 (KTXL)');
    // A paraphrase cites the source, by its author, paraphrasing the speaker.
    const org = byKey.get('police-free-lausd-mental-health');
    expect(org?.fields.author).toEqual([{ name: 'Heidi' }]);
    expect(org?.fields.title).toBe('Police Free LAUSD Offers Alternatives to School Policing');
    expect(org?.fields.titleaddon).toBe('Paraphrasing Police Free LAUSD Coalition/Safe Schools LA');
    expect(org?.fields.date).toBe('2023-12-07');
    // An organisation speaker of a quote stays one name.
    for (const entry of library.entries) {
      for (const author of entry.fields.author ?? []) expect(author.lastName ?? author.name).not.toBe('LA');
    }
    // No month names anywhere: dates are ISO.
    expect(bib).not.toMatch(/month\s*=/);
  });

  it('gives RIS that astrocite-ris reads: whole ids, padded dates, the outlet as the container', async () => {
    const ris = (await Promise.all(seed.map((s) => get(`/api/statements/${s.id}/citation?style=ris`))))
      .map((r) => r.text)
      .join('\n');
    const items = parseRis(ris);
    expect(items).toHaveLength(SEED_COUNT);
    expect(new Set(items.map((i) => i.id)).size).toBe(SEED_COUNT);
    expect(items.map((i) => i.id).sort()).toEqual(seed.map((s) => s.id).sort());
    const rose = items.find((i) => i.id === 'rose-jail-last-resort');
    expect(rose).toMatchObject({
      type: 'article-newspaper',
      'container-title': 'FOX40 (KTXL)',
      author: [{ family: 'Rose', given: 'Dave' }],
    });
    const org = items.find((i) => i.id === 'police-free-lausd-mental-health');
    expect(org?.issued?.['date-parts']?.[0]?.map(Number)).toEqual([2023, 12, 7]);
    expect(ris).toMatch(/^DA {2}- 2023\/12\/07\/$/m);
  });

  it('gives CSL-JSON that the official csl-data.json schema accepts, for every statement', async () => {
    const schema = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'csl', 'csl-data.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const all = await Promise.all(seed.map((s) => get(`/api/statements/${s.id}/citation?style=csl-json`)));
    const items = all.flatMap((r) => JSON.parse(r.text) as unknown[]);
    expect(items).toHaveLength(seed.length);
    expect(validate(items), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    'rose-jail-last-resort',
    'rose-resolution-shortsighted',
    'police-free-lausd-eliminate-laspd',
    'transcript-moment',
    'de-la-cruz-counselors',
  ])('prints on the page of %s what citeproc-js makes of the downloaded CSL-JSON in each official style', async (id) => {
    const html = (await get(`/statements/${id}`).set('Accept', 'text/html')).text;
    const [item] = JSON.parse((await get(`/api/statements/${id}/citation?style=csl-json&download=1`)).text) as Record<
      string,
      unknown
    >[];
    for (const style of ['apa', 'mla', 'chicago'] as const) {
      const shown = new RegExp(`data-testid="citation-${style}">([^<]*)<`).exec(html)?.[1];
      expect(shown, `${style} on the page`).toBeDefined();
      expect(decode(shown ?? '')).toBe(renderIndependently(item as Record<string, unknown>, style));
    }
  });

  it('never puts a paraphrase in quotation marks as the speaker’s words', async () => {
    for (const style of ['apa', 'mla', 'chicago']) {
      const text = (await get(`/api/statements/rose-resolution-shortsighted/citation?style=${style}`)).text;
      expect(text).toContain('Paraphrasing Dave Rose');
      expect(text).not.toContain('resolution is shortsighted');
      expect(text).not.toMatch(/^Rose, D/);
    }
  });

  it('cites a transcript quote at its moment, with the source, its date and URL, and the archive', async () => {
    const text = (await get(`/api/statements/transcript-moment/citation?style=chicago`)).text;
    expect(text).toContain('at 1:02:05');
    expect(text).toContain('https://lfusd.example/board/2025-03-11/transcript');
    expect(text).toContain(`On Record, ${TEST_BASE_URL}/statements/transcript-moment`);
    expect(text).toMatch(/^Ibarra, Tomás\. 2025\. “I don’t feel safer with a gun in the hallway\. I feel watched\.”/);
  });
});
