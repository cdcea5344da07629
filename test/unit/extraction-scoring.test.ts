import { describe, expect, it } from 'vitest';
import { extractBaseline } from '../../server/ingest/extraction.baseline.js';
import { ratesOf, sameRole, scoreDocument, totalOf } from '../../server/ingest/extraction.scoring.js';

describe('scoring against the evaluation set', () => {
  const expected = [
    {
      text: 'We are making a permanent decision on a temporary spreadsheet',
      speaker: 'Danny Ortega',
      role: 'Trustee',
      kind: 'quote' as const,
      hard: ['pronoun'],
    },
    {
      text: 'the district should have waited for a facilities study due in March',
      speaker: 'Danny Ortega',
      role: 'Trustee',
      kind: 'paraphrase' as const,
      hard: [],
    },
  ];

  it('scores quotes and paraphrases apart, with speaker, role and kind', () => {
    const score = scoreDocument(
      [
        {
          text: 'We are making a permanent decision on a temporary spreadsheet',
          speaker: 'danny ortega',
          role: 'trustee',
          kind: 'quote',
        },
        {
          text: 'the district should have waited for a facilities study',
          speaker: 'Rosa Villanueva',
          role: null,
          kind: 'paraphrase',
        },
      ],
      expected,
    );
    expect(ratesOf(score.quotes)).toMatchObject({ matched: 1, f1: 1, speakerAccuracy: 1, roleAccuracy: 1 });
    expect(ratesOf(score.paraphrases)).toMatchObject({ matched: 1, speakerAccuracy: 0, roleAccuracy: 0 });
    expect(score.tags.pronoun).toEqual({ expected: 1, matched: 1, speakerCorrect: 1 });
    expect(totalOf([score, score]).quotes.matched).toBe(2);
  });

  it('counts a quote proposed as a paraphrase as a kind error', () => {
    const score = scoreDocument(
      [{ text: 'We are making a permanent decision on a temporary spreadsheet', speaker: 'Danny Ortega', kind: 'paraphrase' }],
      expected,
    );
    expect(score.kinds).toEqual({ matched: 1, correct: 0 });
  });

  it('compares roles by folded containment and never equates a role with none', () => {
    expect(sameRole('the Superintendent', 'superintendent of Calder Unified')).toBe(true);
    expect(sameRole(null, null)).toBe(true);
    expect(sameRole('Dr.', null)).toBe(false);
  });
});

describe('the naive baseline', () => {
  it('takes spans between quote marks and the nearest "Name said"', () => {
    const text = 'Rosa Villanueva spoke first.\n\n"We cannot wait," Villanueva said.';
    expect(extractBaseline(text)).toEqual([{ text: 'We cannot wait', speaker: 'Rosa Villanueva', role: null, kind: 'quote' }]);
  });
});
