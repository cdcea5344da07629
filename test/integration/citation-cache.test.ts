import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderedCitations } from '../../server/statements/citation.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

const OLD = 'We need more counselors in our schools, not more police.';
const NEW = 'We need more nurses in our schools, not more police officers.';

describe('permalink citations, rendered once per version', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  const save = (text: string) =>
    createImportService(ctx.store).run({ statements: [{ row: 1, value: statementRecord({ id: 'cited', text }) }] });
  const permalink = async () => (await request(ctx.app).get('/statements/cited').set('Accept', 'text/html').expect(200)).text;
  const citationBlock = (html: string, style: string) => {
    const match = new RegExp(`id="citation-${style}"[^>]*>([^<]*)<`).exec(html);
    expect(match, `the page shows the ${style} citation`).toBeTruthy();
    return (match as RegExpExecArray)[1] as string;
  };

  beforeAll(() => {
    ctx = createTestContext();
    save(OLD);
  });
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('serves a repeated view from the cache, and cites the new words right after an edit', async () => {
    const first = await permalink();
    expect(citationBlock(first, 'apa')).toContain('We need more counselors in our schools');
    const before = renderedCitations.stats();
    const again = await permalink();
    expect(citationBlock(again, 'apa')).toBe(citationBlock(first, 'apa'));
    // APA, MLA and Chicago from the cache: citeproc did not run again.
    expect(renderedCitations.stats().hits - before.hits).toBe(3);
    expect(renderedCitations.stats().misses).toBe(before.misses);

    save(NEW);
    const edited = await permalink();
    for (const style of ['apa', 'mla', 'chicago']) {
      expect(citationBlock(edited, style)).toContain('We need more nurses in our schools');
      expect(citationBlock(edited, style)).not.toContain('counselors');
    }
    const api = await request(ctx.app).get('/api/statements/cited/citation?style=apa').expect(200);
    expect(api.text).toContain('We need more nurses in our schools');
    expect(api.text).not.toContain('counselors');
  });
});
