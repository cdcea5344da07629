// Organisations as speakers: the districts, unions, departments and companies a document names
// ("Calder Education Association", "Dorrance Area Chamber of Commerce"), and which one "the
// union wrote" or "the district said in a statement" refers to: the last one named before it whose
// name carries the noun (or a word for that kind of body).
import type { Paragraph } from './quote-extractor.text.js';

export interface OrgMention {
  name: string;
  start: number;
}

const ORG_HEADS = [
  'District',
  'Schools',
  'Association',
  'Union',
  'Federation',
  'Department',
  'Authority',
  'Chamber',
  'Alliance',
  'Coalition',
  'Council',
  'Commission',
  'Systems',
  'Company',
  'Inc',
  'LLC',
  'Corp',
  'Agency',
  'Utilities',
  'Utility',
  'Board',
  'Network',
  'Project',
  'Group',
  'Office',
  'Committee',
  'Foundation',
  'Institute',
  'Society',
  'League',
  'Partnership',
];
/** The name ends in its head ("… Education Association") or the head takes an "of" ("Chamber of Commerce"). */
const HEAD = new RegExp(`\\b(?:${ORG_HEADS.join('|')})(?:$| (?:of|for|on) )`);
const CAP = String.raw`\p{Lu}[\p{L}'’&.-]*`;
/** Capitalised words, with "of", "for", "and", "the" between them ("Chamber of Commerce", "Department of Public Utilities"). */
// "The Halvard Riders Union on Tuesday welcomed": a day or month after "on" is a date, not the name.
const DATE_WORD = String.raw`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)`;
// A name stays on one line ("About Hadley Valley School District" is a heading).
const ORG_NAME = new RegExp(
  String.raw`${CAP}(?:[ \t]+(?:(?:of|for|and|on(?![ \t]+${DATE_WORD}))(?:[ \t]+the)?[ \t]+)?${CAP})*`,
  'gu',
);

/** Each organisation named outside quotes (and outside page junk), in order. */
export function findOrganizations(
  text: string,
  paragraphs: readonly Paragraph[],
  inQuote: (at: number) => boolean,
): OrgMention[] {
  const found: OrgMention[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.junk) continue;
    const body = text.slice(paragraph.start, paragraph.end);
    for (const match of body.matchAll(ORG_NAME)) {
      // A sentence's full stop is not part of the name ("… Police Department."), an "Inc." is.
      let name = match[0].replace(/(?<!\b(?:Inc|Corp|Co|Ltd))\.$/, '').replace(/['’]s$/, '');
      let start = paragraph.start + match.index;
      const lead = /^(?:The|A|An|In|At|On|For|But|And|After|About|According to)\s+/.exec(name);
      if (lead) {
        name = name.slice(lead[0].length);
        start += lead[0].length;
      }
      if (!name.includes(' ') || !HEAD.test(name) || inQuote(start)) continue;
      found.push({ name, start });
    }
  }
  return found;
}

/** The kinds of body a common noun can stand for. */
const NOUN_HEADS: Record<string, string[]> = {
  district: ['District', 'Schools'],
  union: ['Union', 'Association', 'Federation'],
  association: ['Association'],
  department: ['Department'],
  authority: ['Authority'],
  chamber: ['Chamber'],
  alliance: ['Alliance'],
  coalition: ['Coalition'],
  group: ['Alliance', 'Coalition', 'Group', 'Network', 'Project', 'Association'],
  organization: ['Alliance', 'Coalition', 'Association', 'Network'],
  company: ['Systems', 'Company', 'Inc', 'LLC', 'Corp'],
  vendor: ['Systems', 'Company', 'Inc', 'LLC', 'Corp'],
  firm: ['Systems', 'Company', 'Inc', 'LLC'],
  agency: ['Agency', 'Authority', 'Department'],
  utility: ['Utility', 'Utilities', 'Authority'],
  commission: ['Commission'],
  chamber_of_commerce: ['Chamber'],
  council: ['Council'],
  board: ['Board'],
  office: ['Office'],
  committee: ['Committee'],
};

/** "union", "district", "agency": a common noun that stands for a body. */
export function isBodyNoun(noun: string): boolean {
  return Object.hasOwn(NOUN_HEADS, noun);
}

/**
 * The organisation an attribution phrase names: an organisation's name in it, or "the NOUN"
 * next to the verb standing for the last one named before it.
 */
export function organizationByNoun(
  orgs: readonly OrgMention[],
  phrase: string,
  side: 'subject' | 'object',
  at: number,
): string | null {
  let clause = side === 'subject' ? phrase.slice(phrase.lastIndexOf(',') + 1) : (phrase.split(',')[0] ?? phrase);
  // "The union, in a statement posted to its website, called …": the subject before the aside.
  if (side === 'subject' && clause.trim() === '' && phrase.includes(',')) {
    const head = phrase.split(',')[0] as string;
    const aside = phrase.slice(head.length + 1).trim();
    // (also "The Alliance, which has collected 600 signatures, said").
    if (/^(?:in|on|at|through|via|by|after|before|which|who|whose)\b/i.test(aside)) clause = head;
  }
  // "The union on Tuesday welcomed the proposal, but warned that": the subject of the first clause.
  if (side === 'subject' && /^\s*(?:but|and|yet)\s*$/.test(clause)) clause = phrase.split(',')[0] as string;
  const named = orgs.find((org) => clause.includes(org.name));
  if (named) return named.name;
  const noun = (
    side === 'subject'
      ? /\b(?:[Tt]he|[Ii]ts|[Tt]he city's|[Tt]he county's)\s+(\p{Ll}+)\s*$/u
      : /^\s*(?:[Tt]he|[Ii]ts)\s+(\p{Ll}+)\b/u
  ).exec(clause.trim() === '' ? phrase : clause);
  const heads = noun ? NOUN_HEADS[noun[1] as string] : undefined;
  if (!heads) return null;
  // "the district" is the School District, not the "School District Board of Education" (a board):
  // first the bodies of that kind by their head noun, then any whose name has the word.
  const before = orgs.filter((org) => org.start < at);
  for (let i = before.length - 1; i >= 0; i--) {
    const org = before[i] as OrgMention;
    if (heads.includes(headOf(org.name) ?? '')) return org.name;
  }
  // A press release names its issuer in the "About …" lines at its end.
  if (!before.some((org) => heads.some((head) => org.name.includes(head)))) {
    for (const head of heads) {
      const issuer = orgs.find((org) => org.start >= at && headOf(org.name) === head);
      if (issuer) return issuer.name;
    }
  }
  // Only "Granite Ridge School District Board of Education" named: "the district" is the
  // "Granite Ridge School District" inside it.
  for (let i = before.length - 1; i >= 0; i--) {
    const org = before[i] as OrgMention;
    for (const head of heads) {
      const inner = new RegExp(`^.*?\\b${head}\\b`).exec(org.name);
      if (inner) return inner[0].includes(' ') ? inner[0] : org.name;
    }
  }
  return null;
}

/** The kind of body a name is: its first head word at its end or before "of" ("Board of Education"). */
function headOf(name: string): string | null {
  const words = name.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const word = (words[i] as string).replace(/[.,]$/, '');
    if (ORG_HEADS.includes(word) && (i === words.length - 1 || /^(?:of|for|on)$/.test(words[i + 1] as string))) return word;
  }
  return null;
}
