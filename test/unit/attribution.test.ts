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

describe('attribution rules on unseen shapes', () => {
  const quotes = (paragraphs: string[]) => article(paragraphs).filter((c) => c.kind === 'quote');

  it('keeps a short partial quote framed by "called" or "described as", but not a label after the reporter\'s article', () => {
    const found = quotes([
      'Trustee Nadia Osei called the bond "a promise we cannot keep." She described the timeline as "wishful."',
      'Councilman Ray Ortiz described the audit as "overdue and thin."',
      'Parent Carol Baines called the guards a "security theater."',
    ]);
    expect(found.map((c) => [c.text, c.speaker])).toEqual([
      ['a promise we cannot keep.', 'Nadia Osei'],
      ['wishful.', 'Nadia Osei'],
      ['overdue and thin.', 'Ray Ortiz'],
    ]);
  });

  it('reads "and said" after a quote as the same subject as before it', () => {
    const [quote] = quotes([
      'Builder Sam Oyelaran spoke last.',
      'He called the parking rule "a deal breaker for small lots" and said the board should drop it.',
    ]);
    expect(quote).toMatchObject({ text: 'a deal breaker for small lots', speaker: 'Sam Oyelaran' });
  });

  it('gives "the email said" and "the letter stated" to whoever sent the document', () => {
    const found = quotes([
      'We asked the vendor, Brightline Transit Systems, about the delay. In an email, the company said the parts had shipped.',
      '"Buses will arrive before the spring term," the email said.',
      'Ana Kell, representing the Millbrook Chamber of Commerce, read a letter from the Chamber into the record.',
      'The letter stated: "Our members support a phased increase."',
    ]);
    expect(found.map((c) => c.speaker)).toEqual(['Brightline Transit Systems', 'Millbrook Chamber of Commerce']);
    expect(found.every((c) => c.confidence < 0.9)).toBe(true);
  });

  it("takes a standalone quote's speaker from the next paragraph when it says who that was", () => {
    const [, quote] = quotes([
      '"We will be here every month," said Lena Park, a parent.',
      '"My son reads at a second-grade level and he is in fifth grade."',
      'That came from Omar Said, a father of two, who spoke near the end.',
    ]);
    expect(quote).toMatchObject({ speaker: 'Omar Said', evidence: expect.stringContaining('identified after the quote') });
  });

  it('does not give a pronoun to the last named person when an unnamed person was introduced since', () => {
    const [, quote] = quotes([
      '"The plan is sound," said Principal Teresa Vance.',
      'One junior, who asked that her name not be used, disagrees. "Nobody asked us," she said.',
    ]);
    expect(quote).toMatchObject({ speaker: null });
  });

  it('does not take a street, a shop or a word of a description for the speaker', () => {
    const found = quotes([
      'Ellis Grant, a retired welder who lives on Birch Row, said his bill doubled. "I get one raise a year," he said.',
      '"Sales are down by half," said Mia Torres, owner of Bella Cafe on Main Street.',
      '"I waited an hour for a callback," said one caller from Pine Hollow, who asked not to be named.',
    ]);
    expect(found.map((c) => [c.speaker, c.role])).toEqual([
      ['Ellis Grant', 'retired welder who lives on Birch Row'],
      ['Mia Torres', 'owner of Bella Cafe on Main Street'],
      [null, 'caller'],
    ]);
  });

  it('resolves a surname first heard in full inside a quote, with the gender its "his" gives', () => {
    const found = article([
      'Commission Chair Harold Bane opened the hearing.',
      '"Sunil Rao keeps calling this gradual," said resident Dora Kent.',
      'Rao, for his part, said growth would be slow.',
      '"Nobody is forced to build anything," he said.',
    ]).filter((c) => c.kind === 'quote');
    expect(found.map((c) => c.speaker)).toEqual(['Dora Kent', 'Sunil Rao']);
  });

  it('reads "in his words" as an attribution and keeps a short partial quote inside a reported clause', () => {
    const found = quotes([
      'Paul Kerr manages the water authority. The system has been, in his words, "held together with tape."',
      'The Lakeview School District said the change would need "far more bus drivers" next year.',
      'District spokesperson Ana Bell said the district would answer "in the coming weeks."',
    ]);
    expect(found.map((c) => [c.text, c.speaker])).toEqual([
      ['held together with tape.', 'Paul Kerr'],
      ['far more bus drivers', 'Lakeview School District'],
    ]);
    expect(found[0]).toMatchObject({ evidence: 'in his words' });
  });

  it('proposes a quote repeated as a pull quote once, with its attribution', () => {
    const found = quotes([
      '"We heard every one of you, and we will keep listening," said board chair Lena Ruiz.',
      '"We heard every one of you, and we will keep listening."',
      'Parent Tom Hale disagreed. "This board stopped listening long ago," he said.',
    ]);
    expect(found.map((c) => c.speaker)).toEqual(['Lena Ruiz', 'Tom Hale']);
  });

  it("names bodies known by their initials and the district inside its board's name", () => {
    const found = article([
      'The Lakeview School District Board of Education met Monday.',
      '"We oppose the ordinance as written," the NAACP said.',
      '"Start times will change in August," the district said in a statement.',
    ]).filter((c) => c.kind === 'quote');
    expect(found.map((c) => c.speaker)).toEqual(['NAACP', 'Lakeview School District']);
  });
});

describe("attribution rules added for a third writer's articles", () => {
  it('gives "she said" to the subject of the sentence just before, of a gender the text never gives', () => {
    const quotes = article([
      'Superintendent Rosa Villanueva said the reserves were almost gone.',
      'Junior Tamsin Okoro-Reyes, the student trustee, said students had asked for the change.',
      '"We have been asking for two years," she said.',
    ]).filter((c) => c.kind === 'quote');
    expect(quotes[0]).toMatchObject({ speaker: 'Tamsin Okoro-Reyes' });
  });

  it('keeps a speaker described without a name unnamed, with the description as the role', () => {
    const found = article([
      'One father, who would not give his name because his daughter attends Linden Park Elementary, said he would move her to another school. "You just made my kid less safe," he said.',
    ]);
    const paraphrase = found.find((c) => c.kind === 'paraphrase');
    expect(paraphrase).toMatchObject({ speaker: null, role: 'father' });
    expect(paraphrase?.text).toMatch(/^he would move her/);
    expect(found.find((c) => c.kind === 'quote')).toMatchObject({ speaker: null });
  });

  it('reads a given name before a surname that is also a place word as a person where the text shows one', () => {
    const [quote] = article([
      '"I grew up on this block." The speaker, Daniel Park, 41, a nurse who rents across town, said he backs the plan.',
    ]).filter((c) => c.kind === 'quote');
    expect(quote).toMatchObject({ speaker: 'Daniel Park', role: 'nurse who rents across town' });
  });

  it('gives "the union wrote" to the union even when its president\'s role names it', () => {
    const quotes = article([
      '"We asked for this in 2021," said Yara Molina, president of the Delft Riders Union.',
      'In a letter to the board, the union wrote that the cuts would save little — "less than the new fare software cost."',
    ]).filter((c) => c.kind === 'quote');
    expect(quotes.map((c) => c.speaker)).toEqual(['Yara Molina', 'Delft Riders Union']);
  });

  it('resolves "Chief Ferraro" to the chief, not to a namesake or the shop named after him', () => {
    const quotes = article([
      'Police Chief Anthony Ferraro presented the budget.',
      '"My store gets hit every year." That was Doug Ferraro, owner of Ferraro Hardware on Mill Street.',
      '"If the raises work, yes," Chief Ferraro said.',
    ]).filter((c) => c.kind === 'quote');
    expect(quotes.map((c) => c.speaker)).toEqual(['Doug Ferraro', 'Anthony Ferraro']);
  });

  it('keeps the second half of a split quote with its unnamed speaker', () => {
    const quotes = article([
      'Lena Ortiz, the sheriff, spoke first.',
      'One woman, a nurse at the jail, told commissioners that staffing had not kept up. "We do our best," she said. "It is not enough."',
    ]).filter((c) => c.kind === 'quote');
    expect(quotes.map((c) => [c.speaker, c.role])).toEqual([
      [null, 'nurse'],
      [null, 'nurse'],
    ]);
  });

  it('reads a pronoun opening a colon lead-in, and a retort, as attributions', () => {
    const quotes = article([
      'Dr. Simon Achterberg, a transit researcher, has studied fare caps. He put it simply: "Caps help the riders who pay the most."',
      'Council member Joe Benedetto disagreed. "Keep renting for two years," Benedetto shot back. "Then what?"',
    ]).filter((c) => c.kind === 'quote');
    expect(quotes.map((c) => c.speaker)).toEqual(['Simon Achterberg', 'Joe Benedetto', 'Joe Benedetto']);
  });

  it("proposes a second speaker's report in the same sentence, and a clause continued after a partial quote", () => {
    const paraphrases = article([
      'Marta Keel is a farmer next to the site. Northfield Data says its cooling will use recycled water, but Keel said she would believe it when she saw it in writing.',
      'In a statement, Northfield Data said it was "committed to the valley" and would hold two open houses before the hearing.',
    ]).filter((c) => c.kind === 'paraphrase');
    expect(paraphrases.map((c) => c.text)).toEqual(
      expect.arrayContaining([
        'she would believe it when she saw it in writing',
        'would hold two open houses before the hearing',
      ]),
    );
    expect(paraphrases.find((c) => c.text.startsWith('she would'))).toMatchObject({ speaker: 'Marta Keel' });
  });

  it('reads answers after bold "Q:" paragraphs as the interviewee\'s quotes, not the quotes inside them', () => {
    const text = [
      'Renata Dorsey, president of the Bay Unified school board, led the vote. Dorsey said the framework took two years.',
      'Q: What do you say to critics?',
      'I would ask them to read it. It is 212 pages.',
      'Q: What about teachers?',
      'If a teacher says, "I need more help," they will get more help.',
      'Dorsey said the board will review the framework next spring.',
    ].join('\n\n');
    const quotes = extractCandidates(text, 'article').filter((c) => c.kind === 'quote');
    expect(quotes.map((c) => [c.text, c.speaker])).toEqual([
      ['I would ask them to read it. It is 212 pages.', 'Renata Dorsey'],
      ['If a teacher says, "I need more help," they will get more help.', 'Renata Dorsey'],
    ]);
  });
});

describe('broadcast transcripts', () => {
  it("reads the host's and reporter's turns as narration and the guests' turns as their statements", () => {
    const text = [
      'HOST MIRIAM ABERNATHY: Commissioners vote tomorrow on the jail contract. Sam, what is on the table?',
      'REPORTER SAM OYELARAN: The sheriff, Dan Kowalski, disagrees with ending it. He told me the jail has changed its release procedures.',
      'DAN KOWALSKI: People want to make this about immigration. For me it is about staffing.',
      'HOST MIRIAM ABERNATHY: Thanks, Sam.',
    ].join('\n\n');
    const found = extractCandidates(text, 'transcript');
    expect(found.map((c) => [c.kind, c.speaker])).toEqual([
      ['paraphrase', 'Dan Kowalski'],
      ['quote', 'Dan Kowalski'],
    ]);
    expect(found[0]?.text).toBe('the jail has changed its release procedures');
    expect(found[1]).toMatchObject({ role: 'sheriff' });
  });

  it('takes the role a speaker gives themselves in a meeting transcript', () => {
    const text = [
      'CHAIR LENA PIERCE: Our first speaker is Reggie Amundsen.',
      'REGGIE AMUNDSEN: Thanks. Reggie Amundsen, I am the PTA president at Kettle Hill. Keep your word and give us the year.',
    ].join('\n\n');
    const found = extractCandidates(text, 'transcript');
    expect(found[1]).toMatchObject({ speaker: 'Reggie Amundsen', role: 'PTA president at Kettle Hill' });
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

  it('finds the reported clauses beside a quote in the same sentence, never the quoted words', () => {
    const found = article([
      'Builder Sam Oyelaran called the parking rule "a deal breaker" and said the board should cut it to one space per unit.',
      'Council Member Ines Ortiz stated that she could not support the increase without a staffing study and described the plan as "a blank check."',
      'Rosa Lane argued that new homes would bring more traffic to narrow streets, and she got the loudest applause of the night.',
    ]).filter((c) => c.kind === 'paraphrase');
    expect(found.map((c) => [c.speaker, c.text])).toEqual([
      ['Sam Oyelaran', 'the board should cut it to one space per unit'],
      ['Ines Ortiz', 'she could not support the increase without a staffing study'],
      ['Rosa Lane', 'new homes would bring more traffic to narrow streets'],
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
