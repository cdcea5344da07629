import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

// 45 speakers: speaker i speaks i+1 times, so their order by count is known.
const SPEAKERS = 45;

const links = (html: string, testId: string) => {
  const section = html.split(`data-testid="${testId}"`)[1]?.split('</section>')[0] ?? '';
  return [
    ...section.matchAll(
      /<span class="facet-label">(?:<span class="visually-hidden">[^<]*<\/span>)?([^<]*)<\/span> <span class="count">([\d,]+)<\/span>/g,
    ),
  ].map((m) => ({ label: m[1] as string, count: Number((m[2] as string).replace(/,/g, '')) }));
};

describe('long facets on the search page', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = createTestContext();
    const rows = [];
    for (let i = 0; i < SPEAKERS; i++) {
      for (let n = 0; n <= i; n++) {
        rows.push({
          row: rows.length + 1,
          value: statementRecord({
            id: `s${i}-${n}`,
            text: `Public comment ${n} from speaker number ${i} about counselors and campus police.`,
            speaker: {
              id: `speaker-${String(i).padStart(2, '0')}`,
              name: `Speaker ${String(i).padStart(2, '0')}`,
              role_category: 'parent',
            },
          }),
        });
      }
    }
    createImportService(ctx.store).run({ statements: rows });
    await prepareIndex(ctx.store, ctx.target);
  }, 60_000);
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('shows the most frequent values, then a link to all of them, which lists every value with its count', async () => {
    const page = await request(ctx.app).get('/search?q=counselors').expect(200);
    const shown = links(page.text, 'facet-speaker');
    expect(shown).toHaveLength(30);
    // Most frequent first: speaker 44 spoke 45 times.
    expect(shown[0]).toEqual({ label: 'Speaker 44', count: 45 });
    expect(shown.at(-1)).toEqual({ label: 'Speaker 15', count: 16 });
    const allLink = page.text.match(/<p class="facet-all"><a href="([^"]+)">All speaker values<\/a>/);
    expect(allLink?.[1]).toBe('/search?q=counselors&amp;more=speaker#facet-speaker-title');
    // Facets that fit show no such link.
    expect(page.text.match(/class="facet-all"/g)).toHaveLength(1);

    const all = await request(ctx.app).get('/search?q=counselors&more=speaker').expect(200);
    const every = links(all.text, 'facet-speaker');
    expect(every).toHaveLength(SPEAKERS);
    expect(every.at(-1)).toEqual({ label: 'Speaker 00', count: 1 });
    expect(all.text).toContain('<details class="facet-more" open>');
    expect(all.text).not.toContain('Ignored unknown parameter: more');
  });

  it('keeps a selected value in view even when it ranks below the cut', async () => {
    const page = await request(ctx.app).get('/search?q=counselors&speaker=speaker-03').expect(200);
    const shown = links(page.text, 'facet-speaker');
    expect(shown).toContainEqual({ label: 'Speaker 03', count: 4 });
    expect(page.text).toMatch(
      /aria-current="true"><span class="facet-check" aria-hidden="true">✓<\/span><span class="facet-label"><span class="visually-hidden">Remove filter: <\/span>Speaker 03/,
    );
  });

  it('refuses an unknown facet in more, naming the parameter', async () => {
    const page = await request(ctx.app).get('/search?q=counselors&more=nope').set('Accept', 'text/html').expect(400);
    expect(page.text).toContain('more');
    expect(page.text).toContain('expected one of stance');
  });
});
