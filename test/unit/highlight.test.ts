import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../server/http/html.js';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, toHighlightHtml } from '../../server/search/highlight.js';

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

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
