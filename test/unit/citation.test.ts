import { beforeAll, describe, expect, it } from 'vitest';
import type { Statement } from '../../data/archive.types.js';
import { makeStatement as makeFixtureStatement } from './statement-fixture.js';
import {
  CITATION_STYLES,
  formatCitation,
  toCslItem,
  truncateWords,
  bibtexEscape,
  UnknownCitationStyleError,
  type CitationStyle,
} from '../../server/statements/citation.js';

const BASE_URL = 'https://cite.example.org';
const ACCESSED = { accessed: new Date('2026-12-02T12:00:00Z') };
const TEXT_STYLES = ['apa', 'mla', 'chicago', 'bibtex', 'ris', 'csl-json'] as const satisfies readonly CitationStyle[];

/** The seed's Rose quote as a complete statement; tests override what they are about. */
function makeStatement(overrides: Partial<Statement> = {}): Statement {
  return makeFixtureStatement({
    id: 'rose-jail-last-resort',
    text: 'In fact, that’s the last thing we try to do. That’s a last resort.',
    stance: 'oppose',
    speaker: {
      id: 'dave-rose',
      type: 'person',
      name: 'Dave Rose',
      sort_name: 'Rose, Dave',
      role: 'SUSD Police Officers Association President',
      role_category: 'union',
      organization: { id: 'susd-poa', name: 'SUSD Police Officers Association' },
    },
    measure: { id: 'susd-police-resolution', title: 'SUSD resolution to eliminate the district police department' },
    meeting: null,
    body: null,
    state: 'CA',
    said_on: null,
    said_on_precision: 'unknown',
    source: {
      id: 'fox40',
      type: 'news_article',
      title: null,
      outlet: 'FOX40 (KTXL)',
      author: null,
      url: null,
      published_on: null,
    },
    position: null,
    topics: [],
    context: null,
    verified: true,
    ...overrides,
  });
}

/** Everything known: a person, the day it was said, the meeting with its place, a titled source. */
const full = makeStatement({
  id: 'vu-full',
  text: 'I strongly believe that cops do not belong in our schools.',
  speaker: {
    id: 'laura-vu',
    type: 'person',
    name: 'Laura Vu',
    sort_name: 'Vu, Laura',
    role: 'community member',
    role_category: 'community_member',
    organization: null,
  },
  said_on: '2023-12-07',
  said_on_precision: 'day',
  meeting: {
    id: 'sac-board',
    title: 'Sacramento school board meeting on the Reimagine School Safety plan',
    body: null,
    date: '2023-12-07',
    date_precision: 'day',
    location: 'Sacramento, CA',
  },
  source: {
    id: 'sac-article',
    type: 'news_article',
    title: 'Sacramento Schools to Reduce Number of School Resource Officers',
    outlet: '1105 Media',
    author: 'Haley Samsel',
    url: 'https://example.com/article',
    published_on: '2023-12-08',
  },
});

/** Some of it known: only the meeting's month, and a source known by its outlet alone. */
const partial = makeStatement({
  id: 'partial',
  meeting: {
    id: 'susd-board',
    title: 'Stockton Unified school board meeting',
    body: null,
    date: '2021-03',
    date_precision: 'month',
    location: null,
  },
});

/** Nothing but the words and who said them: an organization, no date, no meeting, no source. */
const missing = makeStatement({
  id: 'coalition',
  kind: 'paraphrase',
  text: 'They want to see an end to the “school-to-prison pipeline” that began in 1994.',
  speaker: {
    id: 'coalition',
    type: 'organization',
    name: 'Stockton Coalition for Shared Safety',
    sort_name: 'Stockton Coalition for Shared Safety',
    role: null,
    role_category: null,
    organization: null,
  },
  source: null,
});

const YEAR = /\b(1[5-9]|20)\d\d\b/;

/** The output with the words and the permalink taken out, so only the citation's own parts remain. */
function withoutQuoteAndUrl(output: string, statement: Statement): string {
  const fragments = statement.text.split(/[\s“”"]+/).filter((word) => YEAR.test(word));
  let rest = output.split(`${BASE_URL}/statements/${statement.id}`).join('');
  for (const fragment of fragments) rest = rest.split(fragment.replace(/[.,]$/, '')).join('');
  return rest;
}

describe('citations', () => {
  // citeproc-js parses each official style once (seconds on a busy machine); later renders are fast.
  beforeAll(() => {
    for (const style of ['apa', 'mla', 'chicago']) formatCitation(full, style, BASE_URL);
  }, 120_000);
  const cite = (statement: Statement, style: string) => formatCitation(statement, style, BASE_URL, ACCESSED);

  describe.each(TEXT_STYLES)('in %s', (style) => {
    it('cites the original: speaker, words, source title and author, outlet, date, source URL and the permalink', () => {
      const output = cite(full, style);
      expect(output).toContain('Vu');
      expect(output).toContain('cops do not belong in our schools');
      expect(output).toContain('Sacramento Schools to Reduce Number of School Resource Officers');
      expect(output).toContain('Haley Samsel');
      expect(output).toContain('1105 Media');
      expect(output).toContain('https://example.com/article');
      expect(output).toContain(`${BASE_URL}/statements/vu-full`);
      expect(output).toMatch(style === 'csl-json' ? /2023,\s*12,\s*8/ : /2023/);
    });

    it('uses the meeting’s date when neither the source nor the statement has one, to the precision known', () => {
      const output = cite(partial, style);
      expect(output).toContain('Rose');
      expect(output).toContain('the last thing we try to do');
      expect(output).toContain('FOX40 (KTXL)');
      expect(output).toContain(`${BASE_URL}/statements/partial`);
      expect(output).toMatch(/2021/);
      expect(output).not.toMatch(/\b(0?1|1st)\b.*2021|2021\/3\/1|2021-03-01/);
    });

    it('invents no date when none is known (the access date aside)', () => {
      for (const statement of [makeStatement(), missing]) {
        const output = cite(statement, style).replace(/2026/g, '');
        expect(output).toContain(`${BASE_URL}/statements/${statement.id}`);
        expect(withoutQuoteAndUrl(output, statement)).not.toMatch(YEAR);
      }
    });

    it('names an organization as a whole, never as a person’s surname and initials', () => {
      const output = cite(missing, style);
      expect(output).toContain('Stockton Coalition for Shared Safety');
      expect(output).not.toMatch(/Safety, S\./);
    });
  });

  it('renders APA 7 with the source’s date, the quote, "Quoted in" the source, and "n.d." only when no date exists', () => {
    expect(cite(full, 'apa')).toBe(
      'Vu, L. (2023, December 8). I strongly believe that cops do not belong in our schools. [Quoted in Haley Samsel, “Sacramento Schools to Reduce Number of School Resource Officers”]. 1105 Media. On Record, https://cite.example.org/statements/vu-full. https://example.com/article',
    );
    expect(cite(partial, 'apa')).toMatch(/^Rose, D\. \(2021, March\)\./);
    expect(cite(makeStatement(), 'apa')).toMatch(
      /^Rose, D\. \(n\.d\.\)\. In fact, that’s the last thing we try to do\. That’s a last resort\. \[Quoted in a news article\]\. FOX40 \(KTXL\)\. On Record\. Retrieved December 2, 2026, from https:\/\/cite\.example\.org\/statements\/rose-jail-last-resort$/,
    );
  });

  it('renders MLA 9 with the quote in quotation marks, its case untouched, and the date once', () => {
    const output = cite(full, 'mla');
    expect(output).toBe(
      'Vu, Laura. “I strongly believe that cops do not belong in our schools.” Quoted in Haley Samsel, “Sacramento Schools to Reduce Number of School Resource Officers.” 1105 Media, 8 Dec. 2023, On Record, https://cite.example.org/statements/vu-full, https://example.com/article.',
    );
    expect(output.match(/2023/g)).toHaveLength(1);
  });

  it('renders Chicago 17 author-date with the year after the author, "n.d." when unknown', () => {
    expect(cite(full, 'chicago')).toMatch(
      /^Vu, Laura\. 2023\. “I strongly believe that cops do not belong in our schools\.” Quoted in Haley Samsel/,
    );
    expect(cite(makeStatement(), 'chicago')).toMatch(/^Rose, Dave\. n\.d\. “In fact, that’s the last thing/);
    expect(cite(makeStatement(), 'chicago')).toContain('Accessed December 2, 2026');
  });

  it('cites a paraphrase as the source, "paraphrasing" the speaker, never with the speaker’s words in quotation marks', () => {
    const paraphrase = makeStatement({
      ...full,
      id: 'vu-para',
      kind: 'paraphrase',
      text: 'Vu said police do not belong in schools.',
    });
    for (const style of ['apa', 'mla', 'chicago'] as const) {
      const output = cite(paraphrase, style);
      expect(output).toMatch(/^Samsel, H/);
      expect(output).toContain('Paraphrasing Laura Vu');
      expect(output).not.toContain('police do not belong');
    }
    expect(toCslItem(paraphrase, BASE_URL).author).toEqual([{ family: 'Samsel', given: 'Haley' }]);
    expect(cite(paraphrase, 'bibtex')).toContain('titleaddon = {Paraphrasing Laura Vu}');
  });

  it('cites a transcript or video quote at its moment', () => {
    const timed = makeStatement({
      ...full,
      id: 'timed',
      source: { ...(full.source as NonNullable<Statement['source']>), type: 'transcript' },
      position: { char_start: null, char_end: null, time_start: 3725.6, time_end: 3741 },
    });
    for (const style of ['apa', 'mla', 'chicago', 'bibtex', 'ris'] as const) expect(cite(timed, style)).toContain('at 1:02:05');
    expect(toCslItem(timed, BASE_URL)).toMatchObject({ type: 'webpage', note: 'Time in the recording: 1:02:05' });
  });

  it('exports BibTeX for biblatex: the id as key, ISO dates, the outlet as the newspaper, organisations braced', () => {
    const bibtex = cite(full, 'bibtex');
    expect(bibtex).toMatch(/^@article\{vu-full,$/m);
    expect(bibtex).toContain('author = {Vu, Laura}');
    expect(bibtex).toContain('title = {{I strongly believe that cops do not belong in our schools.}}');
    expect(bibtex).toContain('journaltitle = {1105 Media}');
    expect(bibtex).toContain('entrysubtype = {newspaper}');
    expect(bibtex).toContain('date = {2023-12-08}');
    expect(bibtex).toContain('urldate = {2026-12-02}');
    expect(bibtex).not.toMatch(/month|publisher/);
    expect(cite(partial, 'bibtex')).toContain('date = {2021-03}');
    expect(cite(makeStatement(), 'bibtex')).not.toMatch(/\bdate =/);
    const org = cite(makeStatement({ ...missing, kind: 'quote' }), 'bibtex');
    expect(org).toMatch(/^@misc\{coalition,$/m);
    expect(org).toContain('author = {{Stockton Coalition for Shared Safety}}');
  });

  it('escapes TeX’s special characters and keeps other text UTF-8', () => {
    expect(bibtexEscape('50% & $5 #1 a_b {x} ~ ^ \\ Tomás')).toBe(
      '50\\% \\& \\$5 \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} Tomás',
    );
  });

  it('exports RIS with the whole id, a padded date, the outlet as T2 and JO, one line a tag', () => {
    const ris = cite(full, 'ris');
    expect(ris.split('\n')[0]).toBe('TY  - NEWS');
    expect(ris).toMatch(/^ID {2}- vu-full$/m);
    expect(ris).toMatch(/^AU {2}- Vu, Laura$/m);
    expect(ris).toMatch(/^T2 {2}- 1105 Media$/m);
    expect(ris).toMatch(/^JO {2}- 1105 Media$/m);
    expect(ris).toMatch(/^DA {2}- 2023\/12\/08\/$/m);
    expect(ris).toMatch(/^UR {2}- https:\/\/example\.com\/article$/m);
    expect(ris).toMatch(/^N1 {2}- Archived at On Record: https:\/\/cite\.example\.org\/statements\/vu-full$/m);
    expect(ris).toMatch(/^TI {2}- I strongly believe that cops do not belong in our schools\.$/m);
    expect(ris).toMatch(/^ER {2}- $/m);
    expect(cite(partial, 'ris')).toMatch(/^DA {2}- 2021\/03\/\/$/m);
    expect(cite(makeStatement(), 'ris')).not.toMatch(/^(PY|DA) /m);
    const longId = 'a-very-long-statement-id-that-is-longer-than-twenty';
    expect(cite(makeStatement({ id: longId }), 'ris')).toContain(`ID  - ${longId}`);
  });

  it('exports CSL-JSON with the quote’s case protected in the data itself', () => {
    const [item] = JSON.parse(cite(full, 'csl-json')) as Record<string, unknown>[];
    expect(item).toMatchObject({
      id: 'vu-full',
      type: 'article-newspaper',
      author: [{ family: 'Vu', given: 'Laura' }],
      title: '<span class="nocase">I strongly believe that cops do not belong in our schools.</span>',
      genre: 'Quoted in Haley Samsel, “Sacramento Schools to Reduce Number of School Resource Officers”',
      'container-title': '1105 Media',
      issued: { 'date-parts': [[2023, 12, 8]] },
      accessed: { 'date-parts': [[2026, 12, 2]] },
      URL: 'https://example.com/article',
      archive: `On Record, ${BASE_URL}/statements/vu-full`,
    });
  });

  it('maps an unknown date to no date at all, and a year-only date to just the year', () => {
    expect(toCslItem(makeStatement(), BASE_URL).issued).toBeUndefined();
    expect(toCslItem(makeStatement({ said_on: '2019', said_on_precision: 'year' }), BASE_URL).issued).toEqual({
      'date-parts': [[2019]],
    });
    const unknownMeetingDate = makeStatement({
      meeting: { id: 'm', title: 'A meeting', body: null, date: '2020-01-01', date_precision: 'unknown', location: null },
    });
    expect(toCslItem(unknownMeetingDate, BASE_URL).issued).toBeUndefined();
  });

  it('cites words with no source as remarks at the meeting, and a written comment as a manuscript', () => {
    const spoken = toCslItem(makeStatement({ source: null, meeting: full.meeting }), BASE_URL);
    expect(spoken).toMatchObject({
      type: 'speech',
      genre: 'Remarks',
      'event-title': full.meeting?.title,
      'event-place': 'Sacramento, CA',
    });
    const written = toCslItem(makeStatement({ kind: 'written_comment', source: null }), BASE_URL);
    expect(written).toMatchObject({ type: 'manuscript', genre: 'Written comment' });
  });

  it('cuts a long quote at a word boundary with an ellipsis', () => {
    const long = makeStatement({ text: `${'Counselors matter more than officers in our schools. '.repeat(10)}The end.` });
    const title = toCslItem(long, BASE_URL).title ?? '';
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title).toMatch(/ …<\/span>$/);
    expect(cite(long, 'apa')).toContain('Counselors matter more than officers in our schools.');
    expect(cite(long, 'apa')).not.toContain('The end.');
    expect(truncateWords('short enough', 160)).toBe('short enough');
  });

  it('throws for a style it does not know instead of falling back to APA', () => {
    for (const style of ['harvard', 'harvard1', 'vancouver', 'APA', '', 'apa ']) {
      expect(() => cite(full, style)).toThrow(UnknownCitationStyleError);
    }
    expect(() => cite(full, 'harvard')).toThrow(/unknown citation style "harvard"/);
    expect(CITATION_STYLES).toEqual(['apa', 'mla', 'chicago', 'bibtex', 'ris', 'csl-json']);
  });

  it('keeps markup in the words as text', () => {
    const hostile = makeStatement({ text: 'Police "><script>alert(1)</script> & counselors.' });
    for (const style of ['apa', 'mla', 'chicago'] as const) {
      expect(cite(hostile, style)).toContain('<script>alert(1)</script> & counselors');
    }
  });
});
