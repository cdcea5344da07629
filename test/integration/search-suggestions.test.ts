import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

interface SearchBody {
  total: number;
  matched_all: number;
  items: { id: string; speaker: { name: string } }[];
  did_you_mean: { q: string; total: number; matched_all: number; url: string; html_url: string }[];
}

/** The "Did you mean" links of a search page: their targets and their text. */
function didYouMeanLinks(html: string): { href: string; text: string }[] {
  const block = /data-testid="did-you-mean">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  return [...block.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)].map(([, href, text]) => ({
    href: (href ?? '').replace(/&amp;/g, '&'),
    text: (text ?? '').replace(/<[^>]+>/g, ''),
  }));
}

describe('"Did you mean" and the per-hit "only some of your words" note, against the real engine', () => {
  let ctx: TestContext;
  const api = async (query: string) => (await request(ctx.app).get(`/api/search?${query}`).expect(200)).body as SearchBody;

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    createImportService(ctx.store).run({
      statements: [
        {
          row: 1,
          value: statementRecord({
            id: 'rare-words',
            text: 'Quixotically, the xenograft budget was wrong.',
            speaker: { name: 'Pat Quill', role_category: 'parent' },
          }),
        },
      ],
    });
    await prepareIndex(ctx.store, ctx.target);
    const vocabulary = await ctx.deps.vocabulary.refresh();
    expect(vocabulary.suggestableCount).toBeGreaterThan(100);
  }, 120_000);
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('suggests the archive word for a misspelling that finds nothing, and the link finds statements', async () => {
    const body = await api('q=folice');
    expect(body.total).toBe(0);
    expect(body.did_you_mean.map((s) => s.q)).toContain('police');
    const police = body.did_you_mean.find((s) => s.q === 'police');
    expect(police?.url).toBe(`${TEST_BASE_URL}/api/search?q=police`);
    expect(police?.html_url).toBe(`${TEST_BASE_URL}/search?q=police`);
    const followed = await api(new URL(police?.url ?? '').search.slice(1));
    expect(followed.total).toBeGreaterThan(0);
    expect(followed.total).toBe(police?.total);

    const page = await request(ctx.app).get('/search?q=folice').expect(200);
    const links = didYouMeanLinks(page.text);
    expect(links).toContainEqual({ href: '/search?q=police', text: 'police' });
    const result = await request(ctx.app).get('/search?q=police').expect(200);
    expect(result.text).toMatch(/data-testid="result-count">\d+ statements for “police”/);
  });

  it('suggests a speaker’s name for a misspelled name, keeping the filters', async () => {
    const body = await api('q=Kollis&stance=support&stance=oppose');
    expect(body.total).toBe(0);
    const collis = body.did_you_mean.find((s) => s.q === 'Collis');
    expect(collis, JSON.stringify(body.did_you_mean)).toBeDefined();
    expect(new URL(collis?.url ?? '').searchParams.getAll('stance')).toEqual(['support', 'oppose']);
    const followed = await api(new URL(collis?.url ?? '').search.slice(1));
    expect(followed.total).toBeGreaterThan(0);
    expect(followed.items.every((item) => item.speaker.name === 'Stacey Collis')).toBe(true);
  });

  it('gives a multi-word query one corrected query, replacing only the unknown word', async () => {
    const body = await api('q=school%20resource%20folice');
    expect(body.matched_all).toBe(0);
    expect(body.did_you_mean.map((s) => s.q)).toEqual(['school resource police']);
    expect(body.did_you_mean[0]?.matched_all).toBeGreaterThan(0);
    const page = await request(ctx.app).get('/search?q=school+resource+folice').expect(200);
    expect(page.text).toContain('<a href="/search?q=school+resource+police">school resource <strong>police</strong></a>');
  });

  it('suggests nothing for a word the archive has, a stop word, or nonsense', async () => {
    for (const q of ['xenograft', 'the', 'zzzyqxv', 'qwrtplkj']) {
      const body = await api(`q=${q}`);
      expect(body.did_you_mean, q).toEqual([]);
      const page = await request(ctx.app).get(`/search?q=${q}`).expect(200);
      expect(page.text, q).not.toContain('data-testid="did-you-mean"');
    }
    // Found plenty: no suggestion even though the engine forgave a typo.
    expect((await api('q=polcie')).did_you_mean).toEqual([]);
  });

  it('escapes the query around a suggestion', async () => {
    const page = await request(ctx.app).get('/search?q=folice+%3Cem%3E').expect(200);
    expect(didYouMeanLinks(page.text)).toEqual([{ href: '/search?q=police+%3Cem%3E', text: 'police &lt;em&gt;' }]);
    expect(page.text).toContain('<strong>police</strong> &lt;em&gt;</a>');
    expect(page.text).not.toContain('<em>');
  });

  it('marks each hit that matches only some of the words, on every page and in any order', async () => {
    const full = await api('q=school%20resource%20officer&per_page=100');
    expect(full.matched_all).toBeGreaterThan(0);
    expect(full.matched_all).toBeLessThan(full.total);
    const allIds = new Set(full.items.slice(0, full.matched_all).map((i) => i.id));
    for (const query of [
      `q=school+resource+officer&per_page=10&page=${Math.ceil(full.matched_all / 10)}`,
      'q=school+resource+officer&per_page=10&page=3',
      'q=school+resource+officer&sort=newest&per_page=100',
    ]) {
      const page = await request(ctx.app).get(`/search?${query}`).expect(200);
      const cards = page.text.split('data-testid="statement-card"').slice(1);
      expect(cards.length, query).toBeGreaterThan(0);
      for (const card of cards) {
        const id = /href="\/statements\/([^"]+)" class="quote-link"/.exec(card)?.[1] ?? '';
        expect(card.includes('data-testid="match-note"'), `${query} ${id}`).toBe(!allIds.has(id));
      }
    }
    const some = await request(ctx.app).get('/search?q=school+resource+officer&per_page=100').expect(200);
    expect(some.text.match(/data-testid="match-note">Matches only some of your words</g)).toHaveLength(
      full.total - full.matched_all,
    );
    // The counts line is about the whole search: the same on every page.
    const countsLine = (html: string) => /data-testid="match-counts">([^<]*)</.exec(html)?.[1];
    const first = await request(ctx.app).get('/search?q=school+resource+officer&per_page=10').expect(200);
    const third = await request(ctx.app).get('/search?q=school+resource+officer&per_page=10&page=3').expect(200);
    expect(countsLine(first.text)).toBe(
      `${full.matched_all} match all your words; ${full.total - full.matched_all} more match some of them.`,
    );
    expect(countsLine(third.text)).toBe(countsLine(first.text));
    const oneWord = await request(ctx.app).get('/search?q=police').expect(200);
    expect(oneWord.text).not.toContain('data-testid="match-note"');
  });
});
