import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDir } from '../../data/paths.js';
import { loadSeed, loadSeedIfNew } from '../../server/services/seed.service.js';
import { findVerbatim } from '../../data/verbatim.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

interface SeedFile {
  sources: { id: string; text: string; published_on: string | null }[];
  statements: { id: string; text: string; kind: string; source: { id: string }; said_on: string | null }[];
}

const seed = JSON.parse(readFileSync(join(seedDir, 'seed.json'), 'utf8')) as SeedFile;

describe('seed corpus', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
    loadSeed(ctx.store);
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it("finds every seed statement word for word in its source's stored passages", () => {
    const sources = new Map(seed.sources.map((s) => [s.id, s.text]));
    const missing = seed.statements.filter((s) => !findVerbatim(s.text, sources.get(s.source.id) ?? ''));
    expect(missing.map((s) => s.id)).toEqual([]);
    const stored = ctx.store.statements.listPublished(0, 1000);
    expect(stored).toHaveLength(seed.statements.length);
    expect(stored.filter((s) => !s.verified).map((s) => s.id)).toEqual([]);
  });

  it('keeps only passages, not whole articles, and no page junk', () => {
    for (const source of seed.sources) {
      expect(source.text).not.toMatch(/Read Now|Show More|About the Author|archived article/);
    }
    const sacramento = seed.sources.find((s) => s.id === 'sacramento-reimagine-school-safety');
    expect(sacramento?.text).not.toContain('Electrified Latch');
  });

  it('invents no dates: statement dates are unknown because no source gives one', () => {
    const stored = ctx.store.statements.listPublished(0, 1000);
    expect(stored.every((s) => s.said_on === null && s.said_on_precision === 'unknown')).toBe(true);
    // The only dated source is the blog post of December 7, 2023.
    const dated = seed.sources.filter((s) => s.published_on !== null).map((s) => [s.id, s.published_on]);
    expect(dated).toEqual([['police-free-lausd-alternatives', '2023-12-07']]);
  });

  it('holds quotes and paraphrases from every source, each with a speaker, a measure and a stance', () => {
    const stored = ctx.store.statements.listPublished(0, 1000);
    const kinds = stored.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.kind]: (acc[s.kind] ?? 0) + 1 }), {});
    expect(kinds.quote).toBeGreaterThanOrEqual(20);
    expect(kinds.paraphrase).toBeGreaterThanOrEqual(5);
    expect(new Set(stored.map((s) => s.source?.id)).size).toBe(4);
    expect(stored.every((s) => s.measure !== null)).toBe(true);
    const speakers = new Set(stored.map((s) => s.speaker.name));
    for (const name of [
      'Lange Luntao',
      'Dave Rose',
      'Stacey Collis',
      'Laura Vu',
      'Tere Flores',
      'Julie Snider',
      'Tony Perez',
      'Damien Winfrey',
    ]) {
      expect(speakers).toContain(name);
    }
    const rose = stored.find((s) => s.id === 'rose-jail-last-resort');
    expect(rose).toMatchObject({ stance: 'oppose', speaker: { role: 'SUSD Police Officers Association President' } });
  });

  it('changes nothing when loaded again, and is not reloaded over a curated archive', () => {
    const before = ctx.store.statements.listPublished(0, 1000);
    const pending = ctx.store.outbox.countPending();
    const again = loadSeed(ctx.store);
    expect(again.statements).toEqual({ created: 0, updated: 0, unchanged: seed.statements.length });
    expect(ctx.store.outbox.countPending()).toBe(pending);
    expect(ctx.store.statements.listPublished(0, 1000)).toEqual(before);
    expect(loadSeedIfNew(ctx.store)).toBeNull();
  });
});
