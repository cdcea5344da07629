import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../data/paths.js';
import { correctQuery, MAX_CORRECTED_WORDS, VocabularyBuilder, type Vocabulary } from '../../server/search/vocabulary.js';

const stopWords = JSON.parse(readFileSync(join(projectRoot, 'data', 'stop-words.json'), 'utf8')) as string[];

/** A small archive: statements by three speakers, under a measure, at two meetings. */
function buildVocabulary(): Vocabulary {
  const builder = new VocabularyBuilder(stopWords);
  const said = [
    ['We need more counselors in our schools, not more police.', 'Tamika Okonkwo', 'Oakland Unified School District'],
    ['Police officers on campus make students feel unsafe.', 'Tamika Okonkwo', 'Oakland Unified School District'],
    ['The resource officers keep our campuses safe.', 'Gerald Whitcomb', 'Fresno Police Officers Association'],
    ['Counselors and nurses, not police, are what students need.', 'Marisol Ramírez', 'Oakland Unified School District'],
    ['Students deserve counselors; the budget should fund them.', 'Gerald Whitcomb', 'Fresno Police Officers Association'],
    ['A one-off word: xylophonic.', 'Gerald Whitcomb', null],
  ] as const;
  for (const [text, speaker, body] of said) {
    builder.addStatement(
      [text],
      [
        { kind: 'speaker', name: speaker },
        { kind: 'measure', name: 'Resolution to end the school resource officer contract' },
        { kind: 'place', name: body },
      ],
    );
  }
  builder.addName('topic', 'Mental health');
  return builder.build();
}

const vocabulary = buildVocabulary();

describe('correctQuery', () => {
  it('corrects a misspelled speaker name to the name, with its capitals and accents', () => {
    expect(correctQuery(vocabulary, 'Okonkow')[0]?.q).toBe('Okonkwo');
    expect(correctQuery(vocabulary, 'Ramirex')[0]?.q).toBe('Ramírez');
    // Typed in lower case, the suggestion stays lower case.
    expect(correctQuery(vocabulary, 'whitcom')[0]?.q).toBe('whitcomb');
  });

  it('corrects a misspelled topic word to the word the statements use', () => {
    expect(correctQuery(vocabulary, 'counslers')[0]?.q).toBe('counselors');
    // A typo on the first letter, which the engine's own tolerance does not forgive.
    expect(correctQuery(vocabulary, 'folice')[0]?.q).toBe('police');
  });

  it('suggests nothing for a word the archive has, a stop word, a number or nonsense', () => {
    for (const q of ['police', 'Counselors', 'the', 'about', '2024', 'zzzyqxv', 'qwrtplk', 'ab']) {
      expect(correctQuery(vocabulary, q), q).toEqual([]);
    }
  });

  it('never suggests the typed word itself, whatever its case', () => {
    expect(correctQuery(vocabulary, 'POLICE')).toEqual([]);
    expect(correctQuery(vocabulary, 'Ramirez')).toEqual([]);
  });

  it('does not suggest a word only one statement used', () => {
    expect(correctQuery(vocabulary, 'xylophonik')).toEqual([]);
  });

  it('gives a multi-word query one correction, replacing only its unknown words ("instead", unknown but with no neighbour, stays)', () => {
    const corrections = correctQuery(vocabulary, 'counselors instead of folice in schoolz');
    expect(corrections).toHaveLength(1);
    expect(corrections[0]?.q).toBe('counselors instead of police in school');
    expect(corrections[0]?.parts).toEqual([
      { text: 'counselors instead of ', changed: false },
      { text: 'police', changed: true },
      { text: ' in ', changed: false },
      { text: 'school', changed: true },
    ]);
  });

  it('looks up only the first few unknown words of a long query', () => {
    const q = `${'qqqqq '.repeat(MAX_CORRECTED_WORDS)}folice`;
    expect(correctQuery(vocabulary, q)).toEqual([]);
    expect(correctQuery(vocabulary, `${'qqqqq '.repeat(MAX_CORRECTED_WORDS - 1)}folice`)[0]?.q).toMatch(/ police$/);
  });

  it('keeps quotes and leaves excluded words alone', () => {
    expect(correctQuery(vocabulary, '"resource oficcers" -xylophonik')[0]?.q).toBe('"resource officers" -xylophonik');
    expect(correctQuery(vocabulary, 'police -folice')).toEqual([]);
  });

  it('offers the nearest alternatives, most used first, for a query of one unknown word', () => {
    const builder = new VocabularyBuilder(stopWords);
    for (let i = 0; i < 5; i++) builder.addStatement(['police policy']);
    builder.addStatement(['polite polite']);
    builder.addStatement(['polite']);
    // "polite" is one edit further: only the nearest are offered.
    expect(correctQuery(builder.build(), 'policz').map((c) => c.q)).toEqual(['police', 'policy']);
  });
});

describe('VocabularyBuilder', () => {
  it('knows every word it read, but suggests only the most used within its limits', () => {
    const builder = new VocabularyBuilder(stopWords, { maxKnown: 1000, maxSuggestable: 1, minStatements: 2 });
    builder.addStatement(['budget budget police']);
    builder.addStatement(['budget police']);
    builder.addStatement(['budget']);
    const small = builder.build();
    expect(small.knows('police')).toBe(true);
    expect(small.suggestableCount).toBe(1);
    expect(correctQuery(small, 'budgat')[0]?.q).toBe('budget');
    expect(correctQuery(small, 'polize')).toEqual([]);
  });

  it('stops learning new words at its bound', () => {
    const builder = new VocabularyBuilder(stopWords, { maxKnown: 2, maxSuggestable: 10, minStatements: 1 });
    builder.addStatement(['alpha bravo charlie delta']);
    const bounded = builder.build();
    expect(bounded.knownCount).toBe(2);
    expect(bounded.knows('charlie')).toBe(false);
  });

  it('builds the same vocabulary a slice at a time', async () => {
    const builder = new VocabularyBuilder(stopWords);
    builder.addStatement(['counselors police'], [{ kind: 'speaker', name: 'Tamika Okonkwo' }]);
    builder.addStatement(['counselors police'], [{ kind: 'speaker', name: 'Tamika Okonkwo' }]);
    let pauses = 0;
    const sliced = await builder.buildInSlices(() => {
      pauses += 1;
      return Promise.resolve();
    }, 1);
    expect(pauses).toBeGreaterThan(0);
    expect(correctQuery(sliced, 'okonkow')[0]?.q).toBe('okonkwo');
  });
});
