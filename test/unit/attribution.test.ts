import { describe, expect, it } from 'vitest';
import { genderOfDescription, genderOfGivenName } from '../../server/ingest/attribution.gender.js';
import { extractCandidates, isLowConfidence } from '../../server/ingest/quote-extractor.js';

const article = (paragraphs: string[]) => extractCandidates(paragraphs.join('\n\n'), 'article');

describe('attribution a reporter would make', () => {
  it('gives "she said" to the last woman named, not to the man quoted in between', () => {
    const found = article([
      'Superintendent Rosa Villanueva said the reserves were almost gone.',
      '"We are making a permanent decision on a temporary spreadsheet," said Trustee Danny Ortega.',
      '"These buildings were designed for 900 kids," she said.',
    ]).filter((c) => c.kind === 'quote');
    expect(found.map((c) => c.speaker)).toEqual(['Danny Ortega', 'Rosa Villanueva']);
    expect(found[1]).toMatchObject({ evidence: expect.stringContaining('she said') });
  });

  it('gives a quote standing alone to the person introduced two sentences later', () => {
    const [quote] = article([
      'Superintendent Rosa Villanueva spoke first.',
      '"Juniper Hills is the only place in my life that has never changed." The words came in a shaky voice. Imani Lowe, an eighth-grader, had waited four hours to speak.',
    ]).filter((c) => c.kind === 'quote');
    expect(quote).toMatchObject({ speaker: 'Imani Lowe', evidence: expect.stringContaining('introduced') });
  });

  it('names an organisation as the speaker of "the union wrote"', () => {
    const [quote] = article([
      'The Calder Education Association opposed the closures.',
      '"This is a budget fix on the backs of the kids with the least," the union wrote in a letter to trustees.',
    ]).filter((c) => c.kind === 'quote');
    expect(quote).toMatchObject({ speaker: 'Calder Education Association' });
  });

  it('never gives an honorific as the whole role: the appositive is the role', () => {
    const [quote] = article([
      '"It is workable, but it leaves us no margin," said Dr. Alisha McCray, superintendent of the Granite Ridge School District.',
    ]);
    expect(quote).toMatchObject({ speaker: 'Alisha McCray', role: 'superintendent of the Granite Ridge School District' });
  });

  it('flags a quote with no attribution of its own as low confidence, and keeps it', () => {
    const found = article([
      'Ana Ruiz, a parent, spoke first.',
      '"We need counselors in every building, not more officers in the hallways."',
    ]);
    expect(found).toHaveLength(1);
    expect(isLowConfidence(found[0]!)).toBe(true);
    expect(found[0]!.speaker).toBe('Ana Ruiz');
  });
});

describe('paraphrase candidates', () => {
  it('proposes "X said the plan…" as a paraphrase with the speaker and the attribution as evidence', () => {
    const [p] = article([
      'Trustee Danny Ortega, who voted no, said the district should have waited for a facilities study due in March.',
    ]);
    expect(p).toMatchObject({
      kind: 'paraphrase',
      speaker: 'Danny Ortega',
      role: 'Trustee',
      text: 'the district should have waited for a facilities study due in March',
    });
    expect(p!.evidence).toContain('said');
  });

  it('reads "According to X, …", "asked whether …" and "…, she said."', () => {
    const found = article([
      'According to Harriet Osei, the city traffic engineer, cities that made similar changes have seen crashes drop by a third.',
      'Councilwoman Denise Okafor asked City Attorney Mark Feld whether subpoena power requires a change to the city charter.',
      'The median case took 142 days to close, she said.',
    ]);
    expect(found.map((c) => [c.kind, c.speaker, c.text.slice(0, 20)])).toEqual([
      ['paraphrase', 'Harriet Osei', 'cities that made sim'],
      ['paraphrase', 'Denise Okafor', 'whether subpoena pow'],
      ['paraphrase', 'Denise Okafor', 'The median case took'],
    ]);
  });

  it('does not read a report or a plan as a speaker', () => {
    expect(article(['The report said response times had improved across the district last year.'])).toEqual([]);
  });
});

describe('gender from names and descriptions', () => {
  it('knows common given names and gendered titles, and leaves the rest unknown', () => {
    expect(genderOfGivenName('Rosa')).toBe('female');
    expect(genderOfGivenName('Danny')).toBe('male');
    expect(genderOfDescription('Councilwoman')).toBe('female');
    expect(genderOfDescription('a parent')).toBeNull();
  });
});
