import { beforeAll, describe, expect, it } from 'vitest';
import { formatCitation, renderCsl, toCslItem } from '../../server/statements/citation.js';
import { createCitationCache } from '../../server/statements/citation.cache.js';
import { makeStatement } from './statement-fixture.js';

const BASE_URL = 'https://onrecord.example';
const ACCESSED = new Date('2026-12-02T12:00:00Z');
const item = (overrides: Parameters<typeof makeStatement>[0] = {}) =>
  toCslItem(makeStatement(overrides), BASE_URL, { accessed: ACCESSED });

describe('the rendered-citation cache', () => {
  // citeproc-js parses each style once (seconds on a busy machine).
  beforeAll(() => {
    formatCitation(makeStatement(), 'apa', BASE_URL);
  }, 120_000);

  it('renders a repeated citation once, and anew after an edit, even one that leaves updated_at alone', () => {
    const cache = createCitationCache();
    const first = renderCsl(item(), 'apa', cache);
    expect(renderCsl(item(), 'apa', cache)).toBe(first);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });

    // The words edited: the citation quotes the new ones.
    const edited = renderCsl(item({ text: 'We need nurses, not cops.', updated_at: '2024-02-01T00:00:00Z' }), 'apa', cache);
    expect(edited).toContain('We need nurses, not cops.');
    expect(edited).not.toContain('counselors');
    // The speaker renamed: the statement row (and its updated_at) did not change, the citation does.
    const speaker = { ...makeStatement().speaker, name: 'Jane Roe', sort_name: 'Roe, Jane' };
    const renamed = renderCsl(
      item({ text: 'We need nurses, not cops.', updated_at: '2024-02-01T00:00:00Z', speaker }),
      'apa',
      cache,
    );
    expect(renamed).toContain('Roe, J.');
    expect(renamed).not.toContain('Doe');
    // Another day: another access date in the citation.
    const later = renderCsl(toCslItem(makeStatement(), BASE_URL, { accessed: new Date('2027-01-05T00:00:00Z') }), 'apa', cache);
    expect(later).not.toBe(first);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 4, entries: 1 });
  }, 60_000);

  it('keeps each style apart', () => {
    const cache = createCitationCache();
    const apa = renderCsl(item(), 'apa', cache);
    const mla = renderCsl(item(), 'mla', cache);
    expect(mla).not.toBe(apa);
    expect(renderCsl(item(), 'apa', cache)).toBe(apa);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, entries: 2 });
  });

  it('holds no more than its byte budget, dropping the least recently used', () => {
    const maxBytes = 4 * 1024;
    const cache = createCitationCache(maxBytes);
    const ids = Array.from({ length: 20 }, (_, i) => `s-${i}`);
    for (const id of ids) {
      renderCsl(item({ id }), 'apa', cache);
      expect(cache.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const { entries, bytes } = cache.stats();
    expect(entries).toBeGreaterThan(3);
    expect(entries).toBeLessThan(ids.length);
    // Each entry is counted at what its strings take (UTF-16), not as one unit.
    expect(bytes / entries).toBeGreaterThan(2 * renderCsl(item({ id: 's-19' }), 'apa', cache).length);
    // The newest is still there, the oldest was dropped.
    const before = cache.stats();
    renderCsl(item({ id: 's-19' }), 'apa', cache);
    expect(cache.stats().hits).toBe(before.hits + 1);
    renderCsl(item({ id: 's-0' }), 'apa', cache);
    expect(cache.stats().misses).toBe(before.misses + 1);
  }, 60_000);
});
