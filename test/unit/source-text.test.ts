import { describe, expect, it } from 'vitest';
import { detectSourceFormat, toSourceText } from '../../server/ingest/source-text.js';
import { htmlToText } from '../../server/ingest/source-text.html.js';
import { timeSpanAt } from '../../server/ingest/source-text.transcript.js';
import { extractCandidates } from '../../server/ingest/quote-extractor.js';

describe('htmlToText', () => {
  it('keeps the article paragraphs separated by blank lines and decodes entities', () => {
    const text = htmlToText(
      '<html><body><article><h1>Board votes</h1><p>First &ldquo;para&rdquo;<br>line.</p><p>Second &amp; last.</p></article></body></html>',
    );
    expect(text).toBe('Board votes\n\nFirst “para”\nline.\n\nSecond & last.');
  });

  it('drops scripts, styles, nav, header, footer, aside, forms and junk blocks', () => {
    const html = `<html><head><title>T</title><script>var q = "said";</script><style>p{}</style></head><body>
      <header>Site name</header><nav><a href="/">Home</a></nav>
      <article><p>The board met Tuesday.</p>
      <div class="ad-slot"><p>Advertisement</p></div>
      <p>Advertisement</p>
      <aside><p>Sidebar</p></aside>
      <div class="newsletter-signup"><p>Get it in your inbox.</p><form><input></form></div>
      <h3>Related</h3><ul><li><a href="/a">Teaser one</a></li><li><a href="/b">Teaser two</a></li></ul>
      <p>It voted 4-3.</p></article>
      <footer>&copy; 2024</footer></body></html>`;
    expect(htmlToText(html)).toBe('The board met Tuesday.\n\nIt voted 4-3.');
  });

  it('drops lists that are mostly links (teasers) but keeps prose with a link in it', () => {
    const html =
      '<article><p>Read the <a href="/r">report</a> before the vote on Tuesday evening.</p><ul><li><a href="/1">More stories here</a></li><li><a href="/2">And here</a></li></ul></article>';
    expect(htmlToText(html)).toBe('Read the report before the vote on Tuesday evening.');
  });
});

describe('transcripts', () => {
  const vtt = [
    'WEBVTT',
    '',
    '00:00:01.000 --> 00:00:04.500',
    '<v Maria Lopez>We need counselors,',
    '',
    '00:00:04.500 --> 00:01:02.250',
    'not more officers in our hallways.',
    '',
    '00:01:03.000 --> 00:01:08.000',
    '<v Sam Ortiz>I disagree with that completely.',
    '',
  ].join('\n');

  it('turns WebVTT into one labelled paragraph per turn, cues continuing the last voice', () => {
    const source = toSourceText(vtt, { fileName: 'meeting.vtt' });
    expect(source.kind).toBe('transcript');
    expect(source.text).toBe(
      'Maria Lopez: We need counselors, not more officers in our hallways.\n\nSam Ortiz: I disagree with that completely.',
    );
    expect(source.cues.map((cue) => [cue.speaker, cue.time_start, cue.time_end])).toEqual([
      ['Maria Lopez', 1, 4.5],
      ['Maria Lopez', 4.5, 62.25],
      ['Sam Ortiz', 63, 68],
    ]);
  });

  it('maps character offsets to seconds', () => {
    const source = toSourceText(vtt, { fileName: 'meeting.vtt' });
    const at = source.text.indexOf('not more');
    expect(timeSpanAt(source.cues, at, at + 5)).toEqual({ time_start: 4.5, time_end: 62.25 });
    const [first] = extractCandidates(source.text, 'transcript', { cues: source.cues });
    expect(first).toMatchObject({
      speaker: 'Maria Lopez',
      time_start: 1,
      time_end: 62.25,
      text: 'We need counselors, not more officers in our hallways.',
    });
  });

  it('reads SRT with NAME: labels inside the cues (comma milliseconds)', () => {
    const srt =
      '1\n00:00:02,000 --> 00:00:07,400\nJAMES OKORO: We spend too much on officers\n\n2\n00:00:07,400 --> 00:00:09,000\nand too little on counselors.\n';
    expect(detectSourceFormat(srt)).toBe('srt');
    const source = toSourceText(srt);
    expect(source.text).toBe('JAMES OKORO: We spend too much on officers and too little on counselors.');
    const [turn] = extractCandidates(source.text, 'transcript', { cues: source.cues });
    expect(turn).toMatchObject({ speaker: 'James Okoro', time_start: 2, time_end: 9 });
  });

  it('reads plain text with NAME: labels and optional timestamps', () => {
    const text =
      '[00:10] CHAIR: Public comment is open.\n[00:15] DANA WHITFIELD: My daughter needed a counselor that day, not a deputy.\nShe was seven.\n[00:40] CHAIR: Thank you.';
    expect(detectSourceFormat(text)).toBe('labelled-transcript');
    const source = toSourceText(text);
    const turns = extractCandidates(source.text, 'transcript', { cues: source.cues });
    // Every turn is kept; the chair's short procedural turns are flagged (low confidence).
    expect(turns).toEqual([
      expect.objectContaining({ text: 'Public comment is open.', time_start: 10, time_end: 15, confidence: 0.4 }),
      expect.objectContaining({
        speaker: 'Dana Whitfield',
        text: 'My daughter needed a counselor that day, not a deputy. She was seven.',
        time_start: 15,
        time_end: 40,
        confidence: 0.95,
      }),
      expect.objectContaining({ text: 'Thank you.', confidence: 0.4 }),
    ]);
  });

  it('stores plain articles as written, with line endings normalised', () => {
    expect(toSourceText('One.\r\n\r\nTwo.', { fileName: 'a.txt' })).toMatchObject({
      format: 'text',
      kind: 'article',
      text: 'One.\n\nTwo.',
    });
  });
});

describe('transcripts with broken cues', () => {
  it('keeps the words of a cue whose timing is malformed, reports its line, and times the turn from valid cues', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:02:30.000 --> 00:02:41.000',
      '<v Darnell Hughes>My name is Darnell Hughes.',
      '',
      '00:02:41.3 -> 00:02:45.900',
      '<v Darnell Hughes>I coach girls basketball.',
      '',
      '00:02:45.900 --> 00:02:50.000',
      '<v Darnell Hughes>Keep the officer.',
      '',
    ].join('\n');
    const source = toSourceText(vtt, { fileName: 'm.vtt' });
    expect(source.text).toBe('Darnell Hughes: My name is Darnell Hughes. I coach girls basketball. Keep the officer.');
    expect(source.warnings).toEqual([
      { line: 6, message: expect.stringMatching(/^line 6: malformed cue timing "00:02:41\.3 -> 00:02:45\.900"/) },
    ]);
    const [turn] = extractCandidates(source.text, 'transcript', { cues: source.cues });
    expect(turn).toMatchObject({ speaker: 'Darnell Hughes', time_start: 150, time_end: 170 });
  });

  it('keeps a block of caption text that has no timing line at all', () => {
    const srt = '1\n00:00:01,000 --> 00:00:03,000\nCHAIR TALLEY: We are on item two.\n\nand the applicant is here tonight\n';
    const source = toSourceText(srt, { fileName: 'm.srt' });
    expect(source.text).toContain('and the applicant is here tonight');
    expect(source.warnings[0]?.line).toBe(5);
  });
});
