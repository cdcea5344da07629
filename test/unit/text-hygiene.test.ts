import { describe, expect, it } from 'vitest';
import {
  describeForbiddenCharacter,
  findForbiddenCharacter,
  stringsIn,
  withoutForbiddenCharacters,
} from '../../data/domain/text.js';
import { needsMisquoteConfirmation, toVerbatimStatus, verbatimStatusLabel } from '../../data/verbatim.js';
import { findNonUtf8Field } from '../../server/http/form-body.js';
import { feedTitle } from '../../server/search/feed.atom.js';
import { statementHeadline, toStatementCardView, verbatimBadge } from '../../server/statements/statement.view.js';
import { toRetractedPageView, toStatementPageView } from '../../server/statements/statement-page.view.js';
import { makeStatement } from './statement-fixture.js';

describe('characters the archive refuses (data/domain/text.ts)', () => {
  it('finds C0/C1 controls, DEL, U+FFFE/FFFF and lone surrogates, and keeps tab, newline and CR', () => {
    for (const [text, label] of [
      ['bell\u0007', 'U+0007 (BEL, the bell)'],
      ['\u001b[31m', 'U+001B (ESC, the escape character)'],
      ['nul\u0000', 'U+0000 (NUL)'],
      ['next line\u0085', 'U+0085 (a control character)'],
      ['del\u007f', 'U+007F (DEL)'],
      ['x\uFFFE', 'U+FFFE (the noncharacter U+FFFE)'],
      ['x\uFFFF', 'U+FFFF (the noncharacter U+FFFF)'],
      ['high \uD83D alone', 'U+D83D (half of a surrogate pair, alone)'],
      ['low \uDE00 alone', 'U+DE00 (half of a surrogate pair, alone)'],
    ] as const) {
      expect(findForbiddenCharacter(text)?.label, JSON.stringify(text)).toBe(label);
    }
    for (const fine of ['tab\there', 'lines\nand\r\nreturns\r', 'emoji 😀 pair', 'curly “quotes” — dashes…', 'é ü ß 中文']) {
      expect(findForbiddenCharacter(fine), fine).toBeNull();
    }
  });

  it('says where the character is, and strips every one for output', () => {
    const found = findForbiddenCharacter('Ring \u0007 it');
    expect(found?.index).toBe(5);
    expect(describeForbiddenCharacter(found!)).toMatch(/^contains U\+0007 \(BEL, the bell\) at character 6; remove it/);
    expect(withoutForbiddenCharacters('a\u0000b\u0007c\uFFFEd\uD800e 😀\tf')).toBe('abcde 😀\tf');
  });

  it('walks every string of a record with its path', () => {
    expect([...stringsIn({ text: 'a', speaker: { name: 'b' }, topics: ['c', 'd'], n: 1 })]).toEqual([
      { path: 'text', text: 'a' },
      { path: 'speaker.name', text: 'b' },
      { path: 'topics.0', text: 'c' },
      { path: 'topics.1', text: 'd' },
    ]);
  });
});

describe('form bodies that are not UTF-8', () => {
  it('names the first field whose percent-encoded bytes are not UTF-8', () => {
    expect(findNonUtf8Field(Buffer.from('a=1&text=Caf%E9&b=2'))).toBe('text');
    expect(findNonUtf8Field(Buffer.from('a=1&text=Caf%C3%A9+au+lait&b=%25E9'))).toBeNull();
    expect(findNonUtf8Field(Buffer.from('note=%ED%A0%80'))).toBe('note'); // an encoded lone surrogate
    expect(findNonUtf8Field(Buffer.from([0x74, 0x3d, 0xff]))).toBe('t'); // a raw byte that is not UTF-8
    expect(findNonUtf8Field(Buffer.from(''))).toBeNull();
  });
});

describe('verbatim status (data/verbatim.ts)', () => {
  it('has three values: found, not found in a stored text, nothing stored', () => {
    expect(toVerbatimStatus('stored text', true)).toBe('found');
    expect(toVerbatimStatus('stored text', false)).toBe('not_found');
    expect(toVerbatimStatus(null, false)).toBe('no_source_text');
    expect(toVerbatimStatus('   ', false)).toBe('no_source_text');
  });

  it('never calls a paraphrase verbatim, and asks confirmation only for the speaker’s own words', () => {
    for (const status of ['found', 'not_found', 'no_source_text'] as const) {
      expect(verbatimStatusLabel(status, 'paraphrase').toLowerCase()).not.toContain('verbatim');
      expect(verbatimBadge(makeStatement({ kind: 'paraphrase', verbatim_status: status }))).toBeNull();
    }
    expect(needsMisquoteConfirmation('not_found', 'quote')).toBe(true);
    expect(needsMisquoteConfirmation('not_found', 'written_comment')).toBe(true);
    expect(needsMisquoteConfirmation('not_found', 'paraphrase')).toBe(false);
    expect(needsMisquoteConfirmation('found', 'quote')).toBe(false);
    expect(verbatimBadge(makeStatement({ verbatim_status: 'not_found' }))).toMatchObject({ warning: true });
  });
});

describe('quote vs paraphrase in headlines, cards and pages', () => {
  const source = {
    id: 'src',
    type: 'news_article' as const,
    title: 'T',
    outlet: 'The Record',
    author: null,
    url: null,
    published_on: null,
  };

  it('puts a quote in quotation marks and a paraphrase never', () => {
    expect(statementHeadline(makeStatement({ source }), 80)).toBe('Jane Doe: “We need counselors, not cops.”');
    expect(statementHeadline(makeStatement({ kind: 'paraphrase', source }), 80)).toBe(
      'Jane Doe, paraphrased by The Record: We need counselors, not cops.',
    );
    expect(statementHeadline(makeStatement({ kind: 'paraphrase' }), 80)).toBe(
      'Jane Doe, paraphrased: We need counselors, not cops.',
    );
  });

  it('gives a paraphrase card no verbatim badge even when its words are in the source', () => {
    expect(
      toStatementCardView(makeStatement({ kind: 'paraphrase', verified: true, verbatim_status: 'found' })).verbatim,
    ).toBeNull();
    expect(toStatementCardView(makeStatement({ verified: true, verbatim_status: 'found' })).verbatim?.short).toBe('✓ verbatim');
  });

  it('shows no ✓ mark and no quotation marks in the page head for a paraphrase', () => {
    const view = toStatementPageView({
      statement: makeStatement({ kind: 'paraphrase', verified: true, verbatim_status: 'found', source }),
      sourceText: null,
      related: { bySpeaker: [], byMeeting: [], byMeasure: [], byTopic: [] },
      topicLabels: new Map(),
      baseUrl: 'http://x.test',
    });
    expect(view.verified).toBe(false);
    expect(view.title).not.toMatch(/[“”]/);
    const og = view.metaTags.filter((t) => t.key.startsWith('og:')).map((t) => t.content);
    for (const content of og) expect(content).not.toMatch(/[“”]/);
  });

  it('builds a tombstone without the retracted words', () => {
    const view = toRetractedPageView(
      makeStatement({ status: 'retracted', retraction_reason: 'Wrong speaker', retracted_on: '2024-05-02', source }),
      'http://x.test',
    );
    expect(view).toMatchObject({ retractedOn: 'May 2, 2024', reason: 'Wrong speaker', speaker: { name: 'Jane Doe' } });
    expect(JSON.stringify(view)).not.toContain('We need counselors');
  });
});

describe('feed titles', () => {
  it('say the words and every filter, by label where known', () => {
    const query = { q: '', filters: {}, from: null, to: null };
    expect(feedTitle(query)).toBe('On Record: newest statements');
    expect(feedTitle({ ...query, q: 'counselors' })).toBe('On Record: “counselors”');
    expect(
      feedTitle(
        {
          q: 'counselors',
          filters: { stance: ['oppose', 'mixed'], measure: ['m-1'] },
          from: { raw: '2023', value: 20230101 },
          to: null,
        },
        { stance: new Map([['oppose', 'Opposes']]), measure: new Map([['m-1', 'DPS resolution']]) },
      ),
    ).toBe('On Record: “counselors” — Stance: Opposes or mixed; Measure: DPS resolution; From: 2023');
  });
});
