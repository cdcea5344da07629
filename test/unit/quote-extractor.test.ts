import { describe, expect, it } from 'vitest';
import { extractCandidates, isLowConfidence, type QuoteCandidate } from '../../server/ingest/quote-extractor.js';

const quotes = (text: string) => extractCandidates(text, 'article').filter((c) => c.kind === 'quote');
const brief = (candidates: QuoteCandidate[]) => candidates.map((c) => ({ text: c.text, speaker: c.speaker }));

describe('extractCandidates on articles', () => {
  it('gives offsets such that the text is the slice of the source, without marks or the attribution comma', () => {
    const text = 'Dave Rose leads the union.\n\n“We have problems in law enforcement, there’s no denying that,” Rose said.';
    const [quote] = quotes(text);
    expect(quote).toBeDefined();
    expect(text.slice(quote!.char_start, quote!.char_end)).toBe(quote!.text);
    expect(quote!.text).toBe('We have problems in law enforcement, there’s no denying that');
    expect(quote!.kind).toBe('quote');
  });

  it('reads straight quotes, curly quotes, and an opening curly mark closed by a straight one', () => {
    const text = [
      'Ana Ruiz, a parent, spoke first.',
      '"The officers know our kids by name," Ruiz said.',
      '“I do not think we need to get rid of the one thing that is working," Ruiz said.',
    ].join('\n\n');
    expect(brief(quotes(text))).toEqual([
      { text: 'The officers know our kids by name', speaker: 'Ana Ruiz' },
      { text: 'I do not think we need to get rid of the one thing that is working', speaker: 'Ana Ruiz' },
    ]);
  });

  it('finds the speaker before the quote and after it, with "said NAME" inverted', () => {
    const text = [
      'Board President Alan Choi said, "I am not willing to remove the officers tonight."',
      '“I would love to see that, but the officer is part of the community,” said Stacey Collis, retired SRO and former president of the Colorado Association of School Resource Officers.',
    ].join('\n\n');
    const [choi, collis] = quotes(text);
    expect(choi).toMatchObject({ speaker: 'Alan Choi', role: 'Board President' });
    expect(collis).toMatchObject({
      speaker: 'Stacey Collis',
      role: 'retired SRO and former president of the Colorado Association of School Resource Officers',
    });
  });

  it('resolves he/she and "told FOX40" / "explained" to the last person named', () => {
    const text = [
      'SUSD board member Lange Luntao wants the police department gone.',
      '“We can really prevent some of the damaging behavior problems,” he told FOX40.',
      'Luntao cited a 2018 study.',
      '“Every dollar we invest in school policing decreases graduation rates,” he explained.',
    ].join('\n\n');
    expect(quotes(text).map((c) => [c.speaker, c.role])).toEqual([
      ['Lange Luntao', 'SUSD board member'],
      ['Lange Luntao', 'SUSD board member'],
    ]);
  });

  it('resolves a surname to the last full name with that surname', () => {
    const text = [
      'Maria Garcia urged the board to act.',
      '“My daughter is afraid of the officer at her school,” Garcia said.',
      'Later, retired Sgt. Luis Garcia spoke against it.',
      '“I was the one kids came to when they had nowhere to go,” Garcia said.',
    ].join('\n\n');
    expect(quotes(text).map((c) => c.speaker)).toEqual(['Maria Garcia', 'Luis Garcia']);
  });

  it('returns both halves of a quote split by its attribution, with the same speaker', () => {
    const text =
      'Dave Rose heads the union.\n\n“Had to be change, there had to be an environment where that is no longer acceptable,” Rose said. “And I can guarantee that is not our current environment now.”';
    expect(brief(quotes(text))).toEqual([
      { text: 'Had to be change, there had to be an environment where that is no longer acceptable', speaker: 'Dave Rose' },
      { text: 'And I can guarantee that is not our current environment now.', speaker: 'Dave Rose' },
    ]);
  });

  it('splits a quote running over several paragraphs into one candidate per paragraph, all for its speaker', () => {
    const text = [
      'Carmen Delgado, a mother of three, spoke first.',
      '“My son was handcuffed in the front office when he was eleven.',
      '“Give us the counselors. Then tell me we need deputies.”',
      'The board did not respond.',
    ].join('\n\n');
    const found = quotes(text);
    expect(found.map((q) => [q.text, q.speaker, q.role])).toEqual([
      ['My son was handcuffed in the front office when he was eleven.', 'Carmen Delgado', 'mother of three'],
      ['Give us the counselors. Then tell me we need deputies.', 'Carmen Delgado', 'mother of three'],
    ]);
    for (const q of found) expect(text.slice(q.char_start, q.char_end)).toBe(q.text);
  });

  it('splits a multi-paragraph quote attributed only at its end', () => {
    const text = [
      'Rev. Clarence Odom chairs the board.',
      '“People expected one of two things from us.',
      '“What we have been is slow. Careful and slow.',
      '“Slow, I will own,” Odom said.',
    ].join('\n\n');
    expect(quotes(text).map((q) => [q.text, q.speaker])).toEqual([
      ['People expected one of two things from us.', 'Clarence Odom'],
      ['What we have been is slow. Careful and slow.', 'Clarence Odom'],
      ['Slow, I will own', 'Clarence Odom'],
    ]);
  });

  it('takes the role from an appositive, a preceding description and a title in front of the name', () => {
    const text = [
      'A principal in the district, Tony Perez, told the board the move will hurt schools.',
      '“The thought of losing SROs is keeping me up at night,” Perez said, according to KCRA.',
      '“I strongly believe that cops do not belong in our schools,” community member Laura Vu said at the meeting.',
      '“We need a comprehensive approach to school safety,” Julie Snider, a high school teacher, said.',
    ].join('\n\n');
    expect(quotes(text).map((c) => [c.speaker, c.role])).toEqual([
      ['Tony Perez', 'principal in the district'],
      ['Laura Vu', 'community member'],
      ['Julie Snider', 'high school teacher'],
    ]);
  });

  it('does not propose scare quotes, survey answers or short phrases', () => {
    const text = [
      'Students said they want to see an end to the “school-to-prison pipeline.”',
      'In 2019, 73% of Black students described school police officers as “overly aggressive.”',
      'The district received one “mine-resistant ambush protected” (MRAP) vehicle.',
      'Community members are pushing for what they call “restorative and transformative justice.”',
    ].join('\n\n');
    expect(quotes(text)).toEqual([]);
  });

  it('does not propose titles of reports or works', () => {
    const text =
      'You can read and download the report "From Criminalization to Education: A Community Vision for Safe Schools in LAUSD" from the coalition.\n\nThe plan, known as “Reimagine School Safety,” was approved.';
    expect(quotes(text)).toEqual([]);
  });

  it('ignores quotes in page junk: teaser blocks, "Read Now" blurbs, newsletter boxes, BREAKING and WATCH banners', () => {
    const text = [
      'Dana Lee chairs the board.',
      '“We will vote when the numbers are in, and not a day before,” Lee said.',
      'Advertisement',
      'Sign up for our newsletter: “The best local news,” says one reader.',
      'Related Stories',
      '“Nobody told us anything for two hours,” mother says after lockdown Read More',
      'BREAKING: “We will not back down,” mayor says of budget fight',
      'WATCH: “It was chaos,” parents describe the lockdown (video, 2:31)',
    ].join('\n\n');
    expect(brief(quotes(text))).toEqual([
      { text: 'We will vote when the numbers are in, and not a day before', speaker: 'Dana Lee' },
    ]);
  });

  it('gives a statement from an unnamed source no speaker rather than a guess', () => {
    const text =
      'Mayor Daniel Kowalczyk disagrees.\n\n“The mayor will not gamble with the safety of our children,” the mayor’s office said in a statement.';
    expect(brief(quotes(text))).toEqual([{ text: 'The mayor will not gamble with the safety of our children', speaker: null }]);
  });

  it('keeps a partial quote introduced by an attribution when it is long enough to be a statement', () => {
    const text =
      'Board President Evelyn Sutton said the agreement was written in 2013 and “does not say a single word about mental health.”';
    expect(brief(quotes(text))).toEqual([{ text: 'does not say a single word about mental health.', speaker: 'Evelyn Sutton' }]);
  });
});

describe('extractCandidates on transcripts', () => {
  it("proposes every turn with its speaker, flagging the chair's short courtesies as low confidence", () => {
    const text =
      'CHAIR BROOKS: Thank you. Next speaker, please.\n\nDANA WHITFIELD: My daughter is seven and she needed someone who understands autism, not handcuffs.';
    const candidates = extractCandidates(text, 'transcript');
    expect(candidates.map((c) => [c.speaker, c.text, isLowConfidence(c)])).toEqual([
      ['Brooks', 'Thank you. Next speaker, please.', true],
      ['Dana Whitfield', 'My daughter is seven and she needed someone who understands autism, not handcuffs.', false],
    ]);
    expect(candidates[0]!.evidence).toContain('short procedural turn');
    expect(candidates[1]).toMatchObject({ speaker: 'Dana Whitfield', kind: 'quote' });
    candidates.shift();
    expect(text.slice(candidates[0]!.char_start, candidates[0]!.char_end)).toBe(candidates[0]!.text);
  });
});
