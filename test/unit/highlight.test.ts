import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../server/http/html.js';
import { freshHighlight, HIGHLIGHT_POST, HIGHLIGHT_PRE, markQueryWords, toHighlightHtml } from '../../server/search/highlight.js';

const mark = (word: string) => `${HIGHLIGHT_PRE}${word}${HIGHLIGHT_POST}`;

describe('toHighlightHtml', () => {
  it('turns the sentinels around a match into <mark> and leaves other text alone', () => {
    expect(toHighlightHtml(`We need ${mark('counselors')}, not ${mark('cops')}.`)).toBe(
      'We need <mark>counselors</mark>, not <mark>cops</mark>.',
    );
  });

  it('escapes a script tag in the text', () => {
    expect(toHighlightHtml(`<script>alert(1)</script> ${mark('police')}`)).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark>police</mark>',
    );
  });

  it('escapes an image with an onerror handler, including its quotes', () => {
    expect(toHighlightHtml(`<img src=x onerror="alert('x')">`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;');
  });

  it('escapes ampersands, including ones that look like entities', () => {
    expect(toHighlightHtml('Tom & Jerry &lt;b&gt; &amp;')).toBe('Tom &amp; Jerry &amp;lt;b&amp;gt; &amp;amp;');
  });

  it('escapes markup inside a highlighted match', () => {
    expect(toHighlightHtml(mark('<b>"SRO"</b>'))).toBe('<mark>&lt;b&gt;&quot;SRO&quot;&lt;/b&gt;</mark>');
  });

  it('leaves a literal <mark> in the text escaped', () => {
    expect(toHighlightHtml('<mark>fake</mark>')).toBe('&lt;mark&gt;fake&lt;/mark&gt;');
  });

  it('yields no tags at all for text without sentinels', () => {
    const html = toHighlightHtml(`a < b > c & d " e ' f`);
    expect(html).toBe('a &lt; b &gt; c &amp; d &quot; e &#39; f');
    expect(html).not.toMatch(/[<>"']/);
  });

  it('turns a stray sentinel into an unbalanced tag and nothing else', () => {
    expect(toHighlightHtml(`x${HIGHLIGHT_PRE}<i>y`)).toBe('x<mark>&lt;i&gt;y');
  });
});

describe('freshHighlight', () => {
  const OLD = 'We need more counselors in our schools, not more police.';
  const NEW = 'We need more nurses in our schools, not more police officers.';

  it("keeps the engine's snippet when its words are the current ones, cropped or not", () => {
    expect(freshHighlight(`We need more ${mark('counselors')} in our schools`, OLD, 'counselors', 48)).toBe(
      'We need more <mark>counselors</mark> in our schools',
    );
    expect(freshHighlight(`…more ${mark('counselors')} in our…`, OLD, 'counselors', 48)).toBe(
      '…more <mark>counselors</mark> in our…',
    );
  });

  it('makes the snippet again from the current words when the indexed ones were edited away', () => {
    const html = freshHighlight(`We need more counselors in our schools, not more ${mark('police')}.`, NEW, 'police', 48);
    expect(html).toBe('We need more nurses in our schools, not more <mark>police</mark> officers.');
    expect(html).not.toContain('counselors');
  });

  it('marks nothing when the query word is gone from the current text, and never shows the old word', () => {
    const html = freshHighlight(`We need more ${mark('counselors')} in our schools`, NEW, 'counselors', 48);
    expect(html).toBe(escapeHtml(NEW));
    expect(html).not.toContain('<mark>');
  });

  it('shows the current text when the engine gave no snippet', () => {
    expect(freshHighlight(undefined, NEW, 'police', 48)).toBe(escapeHtml(NEW));
  });

  it('escapes the current text it makes a snippet from', () => {
    expect(freshHighlight(`old ${mark('police')}`, '<b>police</b> & "more"', 'police', 48)).toBe(
      '&lt;b&gt;<mark>police</mark>&lt;/b&gt; &amp; &quot;more&quot;',
    );
  });
});

describe('markQueryWords', () => {
  it('matches words case- and accent-blind, and the last query word as a prefix', () => {
    expect(markQueryWords('Más POLICÍA y policing.', 'mas polic', 48)).toBe(
      `${mark('Más')} ${mark('POLICÍA')} y ${mark('policing')}.`,
    );
  });

  it('crops a long text around the first match, with crop markers where it was cut', () => {
    const text = Array.from({ length: 100 }, (_, i) => (i === 60 ? 'nurses' : `w${i}`)).join(' ');
    const cropped = markQueryWords(text, 'nurses', 20);
    expect(cropped.startsWith('…w55 ')).toBe(true);
    expect(cropped.endsWith(' w74…')).toBe(true);
    expect(cropped).toContain(`w59 ${mark('nurses')} w61`);
    expect(cropped.match(/[\p{L}\p{N}]+/gu)).toHaveLength(20);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
