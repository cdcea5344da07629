import { describe, expect, it } from 'vitest';
import type { Statement } from '../../data/archive.types.js';
import { makeStatement as makeFixtureStatement } from './statement-fixture.js';
import {
  CITATION_STYLES,
  formatCitation,
  toCslItem,
  truncateWords,
  UnknownCitationStyleError,
  type CitationStyle,
} from '../../server/statements/citation.js';

const BASE_URL = 'https://cite.example.org';
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
  describe.each(TEXT_STYLES)('in %s', (style) => {
    it('names the speaker, the words, the source, the year and the permalink when all are known', () => {
      const output = formatCitation(full, style, BASE_URL);
      expect(output).toContain('Vu');
      expect(output).toContain('cops do not belong in our schools');
      expect(output).toContain(`${BASE_URL}/statements/vu-full`);
      expect(output).toMatch(style === 'csl-json' ? /2023,\s*12,\s*7/ : /2023/);
      // The source's title, and its outlet as publisher — except in Chicago, whose layout for a
      // speech prints the container but no publisher.
      expect(output).toContain('Sacramento Schools to Reduce Number of School Resource Officers');
      if (style !== 'chicago') expect(output).toContain('1105 Media');
    });

    it('uses the meeting’s date when the statement has none, to the precision known', () => {
      const output = formatCitation(partial, style, BASE_URL);
      expect(output).toContain('Rose');
      expect(output).toContain('the last thing we try to do');
      expect(output).toContain('FOX40 (KTXL)');
      expect(output).toContain(`${BASE_URL}/statements/partial`);
      expect(output).toMatch(/2021/);
      expect(output).not.toMatch(/\b(0?1|1st)\b.*2021|2021\/3\/1/);
    });

    it('invents no date when none is known', () => {
      for (const statement of [makeStatement(), missing]) {
        const output = formatCitation(statement, style, BASE_URL);
        expect(output).toContain(`${BASE_URL}/statements/${statement.id}`);
        expect(withoutQuoteAndUrl(output, statement)).not.toMatch(YEAR);
      }
    });

    it('names an organization as a whole, never as a person’s surname and initials', () => {
      const output = formatCitation(missing, style, BASE_URL);
      expect(output).toContain('Stockton Coalition for Shared Safety');
      expect(output).toContain('school-to-prison pipeline');
      expect(output).not.toMatch(/Safety, S\./);
    });
  });

  it('renders APA 7 with the date and "n.d." where it is unknown', () => {
    expect(formatCitation(full, 'apa', BASE_URL)).toMatch(
      /^Vu, L\. \(2023, December 7\)\. I strongly believe that cops do not belong in our schools\./,
    );
    expect(formatCitation(partial, 'apa', BASE_URL)).toMatch(/^Rose, D\. \(2021, March\)\./);
    expect(formatCitation(makeStatement(), 'apa', BASE_URL)).toMatch(/^Rose, D\. \(n\.d\.\)\./);
    expect(formatCitation(missing, 'apa', BASE_URL)).toMatch(/^Stockton Coalition for Shared Safety\. \(n\.d\.\)\./);
  });

  it('renders MLA 9 with the quote in quotation marks, its case untouched, and the meeting', () => {
    const output = formatCitation(full, 'mla', BASE_URL);
    expect(output).toMatch(/^Vu, Laura\. “I strongly believe that cops do not belong in our schools\.” Sacramento Schools/);
    expect(output).toContain('by Haley Samsel');
    expect(output).toContain('Sacramento school board meeting on the Reimagine School Safety plan, 7 Dec. 2023, Sacramento, CA');
  });

  it('renders Chicago 17 author-date with the year after the author, "n.d." when unknown', () => {
    expect(formatCitation(full, 'chicago', BASE_URL)).toMatch(
      /^Vu, Laura\. 2023\. “I strongly believe that cops do not belong in our schools\.”/,
    );
    expect(formatCitation(full, 'chicago', BASE_URL)).toContain('presented at the Sacramento school board meeting');
    expect(formatCitation(makeStatement(), 'chicago', BASE_URL)).toMatch(/^Rose, Dave\. n\.d\. “In fact, that’s the last thing/);
  });

  it('exports BibTeX and RIS that reference managers read, with the date only when known', () => {
    const bibtex = formatCitation(full, 'bibtex', BASE_URL);
    expect(bibtex).toMatch(/^@misc\{/);
    expect(bibtex).toMatch(/author = \{Vu, Laura\}/);
    expect(bibtex).toMatch(/year = \{2023\}/);
    expect(formatCitation(makeStatement(), 'bibtex', BASE_URL)).not.toMatch(/year =/);
    const ris = formatCitation(full, 'ris', BASE_URL);
    expect(ris.split('\n')[0]).toBe('TY  - GEN');
    expect(ris).toMatch(/^AU {2}- Vu, Laura$/m);
    expect(ris).toMatch(/^PY {2}- 2023$/m);
    expect(ris).toMatch(/^UR {2}- https:\/\/cite\.example\.org\/statements\/vu-full$/m);
    expect(ris).toMatch(/^ER {2}- $/m);
    // No line is broken in the middle of the words.
    expect(ris).toMatch(/^TI {2}- I strongly believe that cops do not belong in our schools\.$/m);
    expect(formatCitation(makeStatement(), 'ris', BASE_URL)).not.toMatch(/^(PY|DA|Y1) /m);
  });

  it('exports CSL-JSON as a one-item array of the mapped statement', () => {
    const [item] = JSON.parse(formatCitation(full, 'csl-json', BASE_URL)) as Record<string, unknown>[];
    expect(item).toMatchObject({
      id: 'vu-full',
      type: 'speech',
      author: [{ family: 'Vu', given: 'Laura' }],
      issued: { 'date-parts': [[2023, 12, 7]] },
      event: 'Sacramento school board meeting on the Reimagine School Safety plan',
      'event-place': 'Sacramento, CA',
      'container-title': 'Sacramento Schools to Reduce Number of School Resource Officers',
      publisher: '1105 Media',
      URL: `${BASE_URL}/statements/vu-full`,
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

  it('labels a paraphrase as such and cites a written comment as a document, not a speech', () => {
    expect(toCslItem(missing, BASE_URL).title).toMatch(/^\[Paraphrase\] They want/);
    expect(formatCitation(missing, 'mla', BASE_URL)).toContain('[Paraphrase] They want to see');
    const written = toCslItem(makeStatement({ kind: 'written_comment' }), BASE_URL);
    expect(written).toMatchObject({ type: 'manuscript', genre: 'Written comment' });
  });

  it('cuts a long quote at a word boundary with an ellipsis', () => {
    const long = makeStatement({ text: `${'Counselors matter more than officers in our schools. '.repeat(10)}The end.` });
    const title = toCslItem(long, BASE_URL).title;
    expect(title.length).toBeLessThanOrEqual(170);
    expect(title).toMatch(/ …$/);
    expect(title.startsWith('Counselors matter more than officers')).toBe(true);
    expect(formatCitation(long, 'apa', BASE_URL)).toContain('Counselors matter more than officers in our schools.');
    expect(formatCitation(long, 'apa', BASE_URL)).not.toContain('The end.');
    expect(truncateWords('short enough', 160)).toBe('short enough');
  });

  it('throws for a style it does not know instead of falling back to APA', () => {
    for (const style of ['harvard', 'harvard1', 'vancouver', 'APA', '', 'apa ']) {
      expect(() => formatCitation(full, style, BASE_URL)).toThrow(UnknownCitationStyleError);
    }
    expect(() => formatCitation(full, 'harvard', BASE_URL)).toThrow(/unknown citation style "harvard"/);
    expect(CITATION_STYLES).toEqual(['apa', 'mla', 'chicago', 'bibtex', 'ris', 'csl-json']);
  });

  it('keeps markup in the words as text', () => {
    const hostile = makeStatement({ text: 'Police "><script>alert(1)</script> & counselors.' });
    for (const style of ['apa', 'mla', 'chicago'] as const) {
      expect(formatCitation(hostile, style, BASE_URL)).toContain('<script>alert(1)</script> & counselors');
    }
  });
});
