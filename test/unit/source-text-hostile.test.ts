import { describe, expect, it } from 'vitest';
import { hostileHtmlCases } from '../../bench/extraction.hostile-cases.js';
import { htmlToText } from '../../server/ingest/source-text.html.js';
import { checkIngestBytes, checkIngestText, checkSourceText, MAX_INGEST_BYTES } from '../../server/ingest/source-text.guard.js';

describe('hostile HTML', () => {
  it('reads 80,000 nested <div>s without overflowing the stack, keeping the words inside', () => {
    const html = `${'<div>'.repeat(80_000)}<p>Deep words survive.</p>${'</div>'.repeat(80_000)}`;
    expect(htmlToText(html)).toBe('Deep words survive.');
  });

  it("reads '<a ' x 40,000 as a page without text", () => {
    expect(htmlToText('<a '.repeat(40_000))).toBe('');
  });

  it('ignores stray end tags under deep nesting and keeps the text after them', () => {
    expect(htmlToText(`${'<div>'.repeat(20_000)}${'</span>'.repeat(20_000)}<p>After.</p>`)).toBe('After.');
  });

  it('finishes every benchmark shape at 100 KB with text that is words, not markup', () => {
    for (const hostile of hostileHtmlCases) {
      const text = htmlToText(hostile.build(100 * 1024));
      expect(text, hostile.name).not.toMatch(/<(?:div|a|p|span)\b/);
    }
  });

  it('closes an open <p> at the next block and an <li> at the next <li>, as browsers do', () => {
    expect(htmlToText('<p>One<div>Two</div><ul><li>Three<li>Four</ul>')).toBe('One\n\nTwo\n\nThree\n\nFour');
  });
});

describe('what ingest refuses', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('refuses an empty file, a PDF, NUL bytes and bad UTF-8 with one line naming the problem', () => {
    expect(checkIngestBytes(new Uint8Array())).toMatchObject({ code: 'empty' });
    expect(checkIngestBytes(bytes('%PDF-1.7\n...'))?.message).toMatch(/^the document is a PDF, not text/);
    expect(checkIngestBytes(new Uint8Array([0x41, 0x00, 0x42]))).toMatchObject({ code: 'binary' });
    expect(checkIngestBytes(new Uint8Array([0x41, 0xff, 0xfe, 0x42]))).toMatchObject({ code: 'not_utf8' });
    for (const refusal of [checkIngestBytes(new Uint8Array()), checkIngestText('  \n ')])
      expect(refusal?.message).not.toContain('\n');
  });

  it('refuses input over the size limit, saying the limit', () => {
    expect(checkIngestBytes(new Uint8Array(MAX_INGEST_BYTES + 1).fill(0x61))?.message).toMatch(/over ingest's limit of 2\.0 MB/);
  });

  it('accepts ordinary text and refuses a page with no readable text', () => {
    expect(checkIngestBytes(bytes('“We need counselors,” Ana Ruiz said.'))).toBeNull();
    expect(checkSourceText('', 'html')).toMatchObject({ code: 'no_text' });
  });
});
