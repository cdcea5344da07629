// Attribution: the verbs of saying around a quote, the phrase naming its speaker, and the people
// of the document (full names, surnames, roles) that a pronoun or surname resolves to.
import {
  affiliationAfter,
  appositiveAfter,
  cleanRole,
  findNameChains,
  PRONOUNS,
  ROLE_WORDS,
  surnameOf,
  titleBefore,
  toPersonName,
  type PersonName,
} from './quote-extractor.names.js';
import { genderOfDescription, genderOfGivenName, genderOfPronoun, type Gender } from './attribution.gender.js';
import { findOrganizations, isBodyNoun, organizationByNoun, type OrgMention } from './attribution.orgs.js';
import { countBelow, rangeOverlapTest, wordsIn, type Paragraph, type WordAt } from './quote-extractor.text.js';

// prettier-ignore
export const VERBS = new Set([
  'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'explained', 'explains', 'asked', 'asks', 'wrote', 'writes', 'argued',
  'argues', 'noted', 'notes', 'stated', 'states', 'continued', 'continues', 'recalled', 'recalls', 'insisted', 'insists', 'replied',
  'replies', 'responded', 'responds', 'answered', 'answers', 'acknowledged', 'acknowledges', 'admitted', 'admits', 'agreed',
  'agrees', 'warned', 'warns', 'urged', 'urges', 'emphasized', 'emphasizes', 'stressed', 'stresses', 'declared', 'declares',
  'announced', 'testified', 'testifies', 'pleaded', 'shouted', 'yelled', 'joked', 'conceded', 'concedes', 'countered', 'counters',
  'concluded', 'observed', 'remarked', 'suggested', 'suggests', 'commented', 'wondered', 'exclaimed', 'recounted', 'cautioned',
  'contended', 'contends', 'maintained', 'maintains', 'tweeted', 'posted', 'explained', 'offered', 'reflected', 'predicted',
  'promised', 'vowed', 'assured', 'complained', 'lamented', 'stressed', 'told', 'began', 'pointed', 'went', 'chimed', 'shot',
  'fired', 'spoke', 'piped', 'snapped', 'quipped', 'retorted', 'interjected', 'interrupted',
  // "spoke in opposition, stating, “…”": the participle's subject is the sentence's.
  'stating', 'saying', 'adding', 'noting', 'arguing', 'explaining', 'asking', 'telling', 'warning', 'writing', 'insisting',
]);
/** Verbs that frame a partial quote before it ("called the plan “a betrayal of our students”"). */
export const FRAMING_VERBS = new Set(['called', 'calls', 'described', 'describes', 'labeled', 'labelled', 'termed']);
/** Verbs that need a particle to attribute ("pointed out", "went on", "chimed in"). */
export const PARTICLE_VERBS: Record<string, string> = {
  pointed: 'out',
  went: 'on',
  chimed: 'in',
  shot: 'back',
  fired: 'back',
  spoke: 'up',
  piped: 'up',
};

export interface Attribution {
  /** The phrase naming the speaker (subject before the verb, or object after it). */
  phraseStart: number;
  phraseEnd: number;
  side: 'subject' | 'object';
  /** Where the sentence ends, for appositives after an object. */
  sentenceEnd: number;
  /** No verb, only "according to X". */
  accordingTo: boolean;
  /** The verb of saying or framing ("said", "called"), lower case; absent for "according to". */
  verb?: string;
}

/** "read a statement from the district" / "the letter read": "read" attributes only a document's words. */
const READ_DOCUMENT = /^(?:email|e-mail|letter|statement|memo|memorandum|release|post|message|note|sign|notice)$/;

export function isVerbAt(words: readonly WordAt[], i: number): boolean {
  const word = (words[i] as WordAt).word;
  if (word === 'read' || word === 'reads') {
    const next = words[i + 1]?.word ?? '';
    const after = words[i + 2]?.word ?? '';
    const before = words[i - 1]?.word ?? '';
    return READ_DOCUMENT.test(before) || (/^(?:a|an|the|part)$/.test(next) && READ_DOCUMENT.test(after));
  }
  if (!VERBS.has(word)) return false;
  const particle = PARTICLE_VERBS[word];
  return particle === undefined || words[i + 1]?.word === particle;
}

const CONJUNCTION_ONLY = /^\s*(?:and|but|or|then|and then|yet)\s*$/i;

/** After a quote: `, Rose said.` / `, said Rose, president of …` / `, he told FOX40.` / `, according to KCRA.` */
export function attributionAfter(text: string, from: number, to: number, sentenceEnd: number): Attribution | null {
  const words = wordsIn(text, from, to);
  for (let i = 0; i < Math.min(words.length, 14); i++) {
    const word = words[i] as WordAt;
    if (word.word === 'according' && words[i + 1]?.word === 'to' && i === 0) {
      return { phraseStart: (words[i + 1] as WordAt).end, phraseEnd: to, side: 'object', sentenceEnd, accordingTo: true };
    }
    if (!isVerbAt(words, i)) continue;
    const subject = text.slice(from, word.start).replace(/^[\s,]+/, '');
    // "He called it “a poison pill” and said …": the verb continues the subject before the quote.
    if (CONJUNCTION_ONLY.test(subject)) return null;
    if (subject.trim() !== '')
      return {
        phraseStart: word.start - subject.length,
        phraseEnd: word.start,
        side: 'subject',
        sentenceEnd,
        accordingTo: false,
      };
    const particle = PARTICLE_VERBS[word.word] !== undefined ? (words[i + 1] as WordAt).end : word.end;
    return { phraseStart: particle, phraseEnd: to, side: 'object', sentenceEnd, accordingTo: false };
  }
  return null;
}

/** Before a quote: `Rose said, “…` / `Perez told the board: “…` / `He added that “…` / `According to Rose, “…`. */
export function attributionBefore(text: string, from: number, to: number): Attribution | null {
  const words = wordsIn(text, from, to);
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] as WordAt;
    if (word.word === 'according' && words[i + 1]?.word === 'to') {
      return { phraseStart: (words[i + 1] as WordAt).end, phraseEnd: to, side: 'object', sentenceEnd: to, accordingTo: true };
    }
    if (!isVerbAt(words, i) && !FRAMING_VERBS.has(word.word)) continue;
    const subject = text.slice(from, word.start);
    const verb = word.word;
    // "He also said": an adverb between the subject and the verb is no part of the subject.
    const adverbs = /(?:\s+(?:also|later|then|again|further|once|previously|repeatedly|simply))+\s*$/.exec(subject);
    const subjectEnd = adverbs && adverbs.index > 0 ? from + adverbs.index : word.start;
    if (subject.trim() !== '')
      return { phraseStart: from, phraseEnd: subjectEnd, side: 'subject', sentenceEnd: to, accordingTo: false, verb };
    return { phraseStart: word.end, phraseEnd: to, side: 'object', sentenceEnd: to, accordingTo: false, verb };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// People in the document

export interface Mention {
  start: number;
  name: string;
}

export interface PeopleIndex {
  mentions: Mention[];
  roles: Map<string, string>;
  /** A surname (or given name) as the full name last named before `at`; with a title ("Chief"), the one it fits. */
  resolve(name: string, at: number, title?: string): string;
  genders: Map<string, Gender>;
  organizations: OrgMention[];
  /** The last person named before `at`; with a pronoun, the last whose gender does not contradict it. */
  lastBefore(at: number, pronoun?: string): string | null;
  byRoleNoun(noun: string, at: number): string | null;
  /** Where a person is first named. */
  firstMention(name: string): number | null;
  /** The index in `mentions` of the first mention at or after `at`. */
  mentionsFrom(at: number): number;
  genderOf(name: string | null): Gender | null;
}

/** Every person named outside quotes and junk, in order, with the role each is first given. */
const PLACE_PREPOSITION = /\b(?:on|at|in|near|attends|attended|attending)\s+$/;
/** "owner of Ferraro Hardware", "director of Bike Delmont": what follows is a business or a body. */
const HEAD_OF =
  /\b(?:owner|co-owner|director|founder|co-founder|president|manager|chair|head|principal|pastor)\s+of\s+(?:the\s+)?$/i;

export function indexPeople(text: string, paragraphs: readonly Paragraph[], quoted: readonly [number, number][]): PeopleIndex {
  const overlapsQuote = rangeOverlapTest(quoted);
  const inQuote = (at: number) => overlapsQuote(at);
  const fulls: { name: string; start: number }[] = [];
  const quotedFulls: { name: string; start: number }[] = [];
  const roles = new Map<string, string>();
  const singles: { word: string; title: string; start: number; end: number; paragraphEnd: number }[] = [];
  const genders = new Map<string, Gender>();
  const noteGender = (name: string, gender: Gender | null) => {
    if (gender && !genders.has(name)) genders.set(name, gender);
  };
  for (const paragraph of paragraphs) {
    if (paragraph.junk) continue;
    for (const chain of findNameChains(text, paragraph.start, paragraph.end)) {
      const person = toPersonName(chain, text);
      if (!person) continue;
      // "on Cottage Row", "at Aunt Bea's", "in Pine Gap": a capitalised name after a preposition
      // of place is a street, a shop or a town, not a person who could speak.
      const lead = text.slice(Math.max(paragraph.start, person.start - 24), person.start);
      if (PLACE_PREPOSITION.test(lead.slice(-12)) || HEAD_OF.test(lead)) continue;
      if (inQuote(person.start)) {
        // "“Vikram Patel keeps telling us …” said Kuehn. Patel, for his part, said …": a full name
        // heard only inside a quote still tells who a later bare surname is.
        if (person.tokens.length >= 2) quotedFulls.push({ name: person.name, start: person.start });
        continue;
      }
      if (person.tokens.length >= 2) {
        fulls.push({ name: person.name, start: person.start });
        const role = roleOf(text, person, paragraph.start, paragraph.end);
        if (role && !roles.has(person.name)) roles.set(person.name, role);
        noteGender(
          person.name,
          genderOfDescription(`${person.title.map((t) => t.text).join(' ')} ${role ?? ''}`) ??
            genderOfGivenName((person.tokens[0] as { text: string }).text) ??
            pronounAfter(text, person.end, paragraph.end),
        );
      } else {
        singles.push({
          word: person.name,
          title: person.title.map((t) => t.text).join(' '),
          start: person.start,
          end: person.end,
          paragraphEnd: paragraph.end,
        });
      }
    }
  }
  // "Ruth Ann" after "Ruth Ann Keegan": the first words of a longer full name named before are that person.
  // (Names have a few words: the prefixes are indexed, so a long document stays linear.)
  const longerNames = new Map<string, { name: string; start: number }>();
  for (const full of fulls) {
    const words = full.name.split(' ');
    for (let n = 2; n < words.length; n++) {
      const prefix = words.slice(0, n).join(' ');
      if (!longerNames.has(prefix)) longerNames.set(prefix, full);
    }
  }
  for (const full of fulls) {
    const longer = longerNames.get(full.name);
    if (longer && longer.start < full.start) full.name = longer.name;
  }
  // "A speaker who gave only her first name, Lucia, said": a given name alone as a speaker's.
  const namedWords = new Set(fulls.flatMap((f) => f.name.split(' ')));
  for (const single of singles) {
    if (namedWords.has(single.word)) continue;
    const gender = genderOfGivenName(single.word);
    if (gender === null) continue;
    if (!/^,?\s+(?:said|says|told|asked|added|testified)\b/.test(text.slice(single.end, single.end + 16))) continue;
    fulls.push({ name: single.word, start: single.start });
    noteGender(single.word, gender);
  }
  fulls.sort((a, b) => a.start - b.start);
  // Full names by their surname and by their given name, in order: "Garcia" is the last Garcia named.
  const byWord = new Map<string, { name: string; start: number }[]>();
  for (const full of fulls) {
    for (const word of new Set([surnameOf(full.name), full.name.split(' ')[0] as string])) {
      const list = byWord.get(word) ?? [];
      list.push(full);
      byWord.set(word, list);
    }
  }
  for (const quoted of quotedFulls) {
    for (const word of new Set([surnameOf(quoted.name), quoted.name.split(' ')[0] as string])) {
      if (!byWord.has(word)) byWord.set(word, [quoted]);
    }
  }
  const resolve = (name: string, at: number, title?: string): string => {
    if (name.includes(' ')) return name;
    let list = byWord.get(name);
    if (!list) return name;
    // "Chief Ferraro" after Police Chief Anthony Ferraro and Doug Ferraro, a shop owner: the chief.
    const office = title
      ?.replace(/\b(?:Mr|Mrs|Ms|Mx|Miss|Dr)\.?/g, '')
      .trim()
      .toLowerCase();
    if (office) {
      const fitting = list.filter((f) => (roles.get(f.name) ?? '').toLowerCase().includes(office));
      if (fitting.length > 0 && fitting.length < list.length) list = fitting;
    }
    const before = countBelow(
      list.map((f) => f.start),
      at,
    );
    return (list[before - 1] ?? list[0])?.name ?? name;
  };
  // "The older Fenn followed her daughter": of two people sharing a surname, "the older / elder /
  // younger Fenn" is the one not named last.
  const resolveSingle = (single: { word: string; title: string; start: number }): string => {
    const name = resolve(single.word, single.start, single.title);
    if (!/\b(?:older|elder|younger)\s+$/i.test(text.slice(Math.max(0, single.start - 9), single.start))) return name;
    const others = (byWord.get(single.word) ?? []).filter((f) => f.start < single.start && f.name !== name);
    return others[others.length - 1]?.name ?? name;
  };
  const mentions: Mention[] = [
    ...fulls.map((f) => ({ start: f.start, name: f.name })),
    ...singles.filter((s) => byWord.has(s.word)).map((s) => ({ start: s.start, name: resolveSingle(s) })),
  ].sort((a, b) => a.start - b.start);
  const mentionStarts = mentions.map((m) => m.start);
  const firstMentions = new Map<string, number>();
  for (const mention of mentions) if (!firstMentions.has(mention.name)) firstMentions.set(mention.name, mention.start);
  // "Ms. Ortiz", "Mr. Greeley": honorifics with a surname say who is meant.
  for (const single of singles) {
    const honorific = /\b(Ms|Mrs|Mr|Miss)\.?\s+$/.exec(text.slice(Math.max(0, single.start - 6), single.start));
    if (honorific) noteGender(resolve(single.word, single.start), genderOfDescription(honorific[1] as string));
    else if (byWord.has(single.word))
      noteGender(resolve(single.word, single.start), pronounAfter(text, single.end, single.paragraphEnd));
  }
  const organizations = findOrganizations(text, paragraphs, inQuote);
  const sameSentence = (from: number, to: number) =>
    !/[.!?]["”’)]*\s|\n/.test(
      text.slice(from, to).replace(/\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Rev|Sgt|Lt|Capt|Gov|Sen|Rep|\p{Lu})\.\s/gu, ''),
    );
  const lastNamedBefore = (at: number, pronoun?: string): string | null => {
    const wanted = pronoun ? genderOfPronoun(pronoun) : null;
    // A pronoun prefers, among the last three people named, one known to fit it; else the
    // nearest not known to contradict it.
    // Within the last sentence that names anyone, its subject (named first) comes before the
    // people it acts on ("Sam Okafor praised Alex Chen. “…,” he said." is Okafor).
    const below = countBelow(mentionStarts, at);
    if (below === 0) return null;
    let subject = below - 1;
    while (
      subject > 0 &&
      below - subject < 6 &&
      sameSentence((mentions[subject - 1] as Mention).start, (mentions[subject] as Mention).start)
    )
      subject--;
    const order: number[] = [];
    for (let i = subject; i < below; i++) order.push(i);
    for (let i = subject - 1; i >= 0 && order.length < below && order.length < 40; i--) order.push(i);
    const recent: string[] = [];
    for (const i of order) {
      const mention = mentions[i] as Mention;
      if (!recent.includes(mention.name)) recent.push(mention.name);
      if (recent.length === 3) break;
    }
    if (wanted === null) return recent[0] ?? null;
    const known = recent.find((name) => genders.get(name) === wanted);
    // The subject of the sentence just before (in this paragraph or the one before), of a gender
    // the text never gives, is whom the pronoun means, rather than someone fitting it further back:
    // "Senior Maya Brandt-Ocampo said … ¶ “…,” she said."
    const last = mentions[subject];
    if (
      known &&
      last &&
      !genders.has(last.name) &&
      (text.slice(last.start, at).match(/\n[ \t]*\n|\n(?![ \t]*\n)/g) ?? []).length <= 2 &&
      // … and no sentence of the reporter's comes between ("His mother spoke again. “…,” she said.").
      !/\p{L}/u.test(
        text
          .slice(last.start, at)
          .replace(/“[^”]*”?|"[^"]*"?/g, ' ')
          .replace(/^[\s\S]*?[.!?]["”’)]*\s+/, ''),
      ) &&
      !mentions.slice(subject, below).some((m) => m.name === known)
    )
      return last.name;
    if (known) return known;
    const contradicts = (name: string) => genders.get(name) === (wanted === 'female' ? 'male' : 'female');
    for (const i of order) if (!contradicts((mentions[i] as Mention).name)) return (mentions[i] as Mention).name;
    for (let i = subject - 41; i >= 0; i--) if (!contradicts((mentions[i] as Mention).name)) return (mentions[i] as Mention).name;
    return null;
  };
  return {
    mentions,
    roles,
    resolve,
    genders,
    organizations,
    genderOf: (name) => (name ? (genders.get(name) ?? null) : null),
    lastBefore(at, pronoun) {
      const found = lastNamedBefore(at, pronoun);
      // "One sophomore, who asked not to be named, sees it differently. “…,” she said.": a person
      // introduced without a name since the last one named is who the pronoun means.
      if (pronoun && found !== null) {
        // Bounded: a pronoun reaches back a few paragraphs, not across a whole long document.
        const since = Math.max(mentions[countBelow(mentionStarts, at) - 1]?.start ?? 0, at - 2000);
        if (unnamedSubjectIn(text.slice(since, at), genderOfPronoun(pronoun))) return null;
      }
      return found;
    },
    byRoleNoun(noun, at) {
      for (let i = countBelow(mentionStarts, at) - 1; i >= 0; i--) {
        const mention = mentions[i] as Mention;
        if ((roles.get(mention.name) ?? '').toLowerCase().includes(noun)) return mention.name;
      }
      return null;
    },
    firstMention(name) {
      return firstMentions.get(name) ?? null;
    },
    mentionsFrom(at) {
      return countBelow(mentionStarts, at);
    },
  };
}

// prettier-ignore
const UNNAMED_NOUNS = new Set(['woman', 'man', 'person', 'girl', 'boy', 'mom', 'dad', 'caller', 'attendee', 'voter', 'neighbor',
  'neighbour', 'rider', 'customer', 'homeowner', 'renter', 'tenant', 'speaker', 'commenter', 'mother', 'father', 'parent', 'student',
  'teacher', 'resident', 'sophomore', 'junior', 'senior', 'freshman', 'owner', 'employee', 'officer', 'nurse', 'worker', 'grandmother',
  'grandfather', 'veteran', 'member', 'volunteer', 'driver', 'retiree', 'pastor', 'advocate', 'activist', 'organizer', 'eighth-grader',
  'seventh-grader', 'sixth-grader', 'fifth-grader', 'ninth-grader', 'teen', 'teenager']);

/** A sentence in the text whose subject is a person without a name ("One sophomore …", "A woman who …"). */
function unnamedSubjectIn(stretch: string, gender: Gender | null): boolean {
  for (const match of stretch.matchAll(
    /(?:^|[.!?]["”’)]*\s+|\n\s*)(One|A|An|Another)\s+((?:[\p{Ll}\d-]+\s+){0,3}?)([\p{Ll}-]+)\b/gu,
  )) {
    if (match.index === 0) continue;
    if (!UNNAMED_NOUNS.has(match[3] as string)) continue;
    const described = genderOfDescription(`${match[2] ?? ''}${match[3] as string}`);
    if (gender === null || described === null || described === gender) return true;
  }
  return false;
}

/** "Hutchins, the principal, said he …": the first he/she after a name in its sentence. */
function pronounAfter(text: string, from: number, to: number): Gender | null {
  const rest = text.slice(from, Math.min(to, from + 160));
  const sentence = rest.split(/[.!?]\s/)[0] ?? rest;
  if (/["“”]/.test(sentence)) return null;
  const match = /\b(?:said|says|told|added|noted|stated|argued|explained|wrote|asked)\s+(he|she|his|her)\b/i.exec(sentence);
  if (match) return genderOfPronoun(match[1] as string);
  // "Patel, for his part, said …": the first his/her after the name, with no other name between.
  const first = /\b(he|she|his|her|him|himself|herself)\b/i.exec(sentence);
  if (!first || /\p{Lu}\p{Ll}/u.test(sentence.slice(1, first.index))) return null;
  return genderOfPronoun(first[1] as string);
}

/**
 * A one-word title in front says less than the appositive after the name ("Councilor Judith
 * Rosen, chair of the utilities committee"); a longer title ("Student Council co-chair") is the role.
 */
function preferredRole(title: string | null, appositive: string | null): string | null {
  // "Trustee Marcus Pruitt, one of the three no votes": a count of votes is no role.
  if (title && appositive) return title.includes(' ') || /^one of\b/i.test(appositive) ? title : appositive;
  return title ?? appositive;
}

/** A named person's role where the text gives it: a title in front, an appositive, "of ORG". */
export function roleOf(text: string, person: PersonName, limitStart: number, limitEnd: number): string | null {
  // "A principal in the district, Tony Perez, told the board …": the description comes first.
  // (also after a transcript's label: "REPORTER: The sheriff, Dan Kowalski, disagrees.")
  const leading = /(?:^|[.!?:]\s+)((?:a|an|the)\s+\p{Ll}[^,.;:!?"“”]{2,80}),\s*$/iu.exec(text.slice(limitStart, person.start));
  return (
    preferredRole(cleanRole(titleBefore(text, person, limitStart)), cleanRole(appositiveAfter(text, person.end, limitEnd))) ??
    cleanRole(leading?.[1] ?? null) ??
    cleanRole(affiliationAfter(text, person.end, limitEnd))
  );
}

export interface Speaker {
  name: string | null;
  role: string | null;
  pronoun: boolean;
  /** The pronoun itself ("she"), for a pronoun speaker. */
  pronounWord?: string;
  /** An organisation named for what it wrote or said ("the district said in a statement"). */
  organization?: boolean;
  /** Read from the sender of a document ("the email said" after "In an email, the company said"). */
  viaDocument?: boolean;
}

function inBrackets(text: string, from: number, at: number): boolean {
  const before = text.slice(from, at);
  return before.lastIndexOf('(') > before.lastIndexOf(')');
}

export const DESCRIPTIVE = /^(?:a|an|the|one|another|retired|former|longtime|who|which|whose)\s+[\p{Ll}\p{N}$]/u;

/** The speaker named in an attribution phrase. */
export function speakerIn(text: string, attribution: Attribution, people: PeopleIndex): Speaker | null {
  const { phraseStart, phraseEnd, side } = attribution;
  const phrase = text.slice(phraseStart, phraseEnd);
  const words = wordsIn(text, phraseStart, phraseEnd);
  const adjacent = side === 'subject' ? words[words.length - 1] : words[0];
  // "he said" / "said she" / "In a letter to the board, he wrote": the pronoun is the whole clause subject.
  const clause =
    side === 'subject'
      ? phrase
          .slice(phrase.lastIndexOf(',') + 1)
          .trim()
          .toLowerCase()
      : (adjacent?.word ?? '');
  if (adjacent && PRONOUNS.has(adjacent.word) && (side === 'object' || PRONOUNS.has(clause) || words.length <= 2)) {
    return { name: null, role: null, pronoun: true, pronounWord: adjacent.word };
  }
  // "in his words": the possessive stands for the person.
  const possessive = { his: 'he', her: 'she', their: 'they' }[words.length === 1 ? (adjacent?.word ?? '') : ''];
  if (possessive) return { name: null, role: null, pronoun: true, pronounWord: possessive };
  if (words.length === 1 && adjacent && /['’]s$/.test(phrase.trim())) {
    const owner = findNameChains(text, phraseStart, phraseEnd).map((chain) => toPersonName(chain, text))[0];
    if (owner) {
      const name = people.resolve(owner.name, owner.start);
      return { name, role: people.roles.get(name) ?? null, pronoun: false };
    }
  }
  // "the NAACP said", "The ACLU of Ohio said in a release", "according to the PTA": a body known
  // by its initials.
  const acronym = ACRONYM_BODY.exec(
    (side === 'subject' ? phrase.slice(phrase.lastIndexOf(',') + 1) : (phrase.split(',')[0] ?? '')).trim(),
  );
  if (acronym && !ROLE_ACRONYMS.has(acronym[1] as string))
    return { name: acronym[0].replace(/^[Tt]he\s+/, '').trim(), role: null, pronoun: false, organization: true };
  // "according to a statement from the district", "read a letter from the Chamber": the sender.
  if (side === 'object') {
    const sent =
      /^\s*(?:a|an|the|its|his|her|their)\s+(?:written\s+|brief\s+|joint\s+|news\s+|press\s+)?(?:email|e-mail|letter|statement|memo|memorandum|release|post|message|filing|report)\s+(?:from|by|issued by|released by)\s+/i.exec(
        phrase,
      );
    if (sent) {
      const sender = senderIn(text, phraseStart + sent[0].length, phraseEnd, people);
      if (sender) return { ...sender, viaDocument: true };
    }
  }
  // Comma-separated segments: "Julie Snider, a high school teacher," / "A principal in the district, Tony Perez,".
  const segments: [number, number][] = [];
  let at = phraseStart;
  for (const match of phrase.matchAll(/,/g)) {
    segments.push([at, phraseStart + match.index]);
    at = phraseStart + match.index + 1;
  }
  segments.push([at, phraseEnd]);
  // A description set off by commas ("Eugene Lambert, a retired machinist on Cottage Row, said")
  // names places and employers, not the speaker: look there only when no other segment names one.
  const isDescription = (index: number) => {
    const [start, end] = segments[index] as [number, number];
    const segment = text.slice(start, end).trim();
    // ", director of Bike Delmont," / ", owner of La Palma Bakery": a description opens in lower case.
    return (
      index > 0 &&
      (DESCRIPTIVE.test(segment) ||
        /^\d/.test(segment) ||
        /^\p{Ll}[\p{L}-]*(?:\s+[\p{Ll}-]+){0,2}\s+(?:of|at|for|with|from|in)\s/u.test(segment))
    );
  };
  const keys = side === 'subject' ? [...segments.keys()].reverse() : [...segments.keys()];
  // "asked one restaurant owner on Front Street, who said …", "A woman who identified herself only
  // as a Ward 3 resident told": a speaker described without a name, unless a name stands apart.
  const adjacentIndex = keys.find((index) => {
    const [start, end] = segments[index] as [number, number];
    return text.slice(start, end).trim() !== '';
  });
  const adjacentText = adjacentIndex === undefined ? '' : text.slice(...(segments[adjacentIndex] as [number, number])).trim();
  const describedOnly = (segment: string) => /^(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+\p{Ll}/u.test(segment);
  // "One parent, who asked not to be named because her son attends Easton Central, said": the
  // head describes the speaker and the rest only adds to the description.
  const unnamed =
    describedOnly(adjacentText) ||
    (describedOnly(text.slice(...(segments[0] as [number, number])).trim()) &&
      [...segments.keys()].every(
        (i) => i === 0 || isDescription(i) || text.slice(...(segments[i] as [number, number])).trim() === '',
      ));
  const order = [...keys.filter((index) => !isDescription(index)), ...(unnamed ? [] : keys.filter(isDescription))];
  for (const index of order) {
    const [start, end] = segments[index] as [number, number];
    // "Mary Poe (45 Oak Ave.) stated": nothing in brackets is the speaker.
    const persons = findNameChains(text, start, end)
      .map((chain) => toPersonName(chain, text))
      .filter((p): p is PersonName => p !== null && !inBrackets(text, start, p.start));
    // "X welcomed a proposal by Y, but warned": a name after a preposition is not the subject.
    const subjects = persons.filter(
      (p) => !/\b(?:by|to|for|from|with|against|about|over)\s+(?:the\s+)?$/.test(text.slice(start, p.start)),
    );
    const person = side === 'subject' ? (subjects.at(-1) ?? persons.at(-1)) : persons[0];
    if (!person) continue;
    // Inside "one caller from Pine Hollow" a name is a place or an employer, not the speaker's.
    if (unnamed && index === adjacentIndex) continue;
    // "Fenwick Falls Water and Sewer Authority said": a chain of capitals inside an organisation's name.
    const org = people.organizations.find((o) => o.start <= person.start && person.start < o.start + o.name.length);
    // "Mr. Jason Whitcomb, project manager for the applicant, Ridgeline Homes LLC, stated": an
    // organisation set off after a named person is part of the description.
    const describesEarlier =
      side === 'subject' &&
      keys.some(
        (k) => k < index && findNameChains(text, ...(segments[k] as [number, number])).some((c) => toPersonName(c, text)),
      );
    if (org && describesEarlier) continue;
    if (org) return { name: org.name, role: null, pronoun: false, organization: true };
    const name = people.resolve(person.name, person.start, person.title.map((t) => t.text).join(' '));
    let role = preferredRole(
      cleanRole(titleBefore(text, person, start)),
      cleanRole(appositiveAfter(text, person.end, side === 'object' ? attribution.sentenceEnd : phraseEnd)),
    );
    if (!role && index > 0 && side === 'subject') {
      const [prevStart, prevEnd] = segments[index - 1] as [number, number];
      const previous = text.slice(prevStart, prevEnd).trim();
      if (DESCRIPTIVE.test(previous) && !/\b(?:said|says|told|is|was)\b/.test(previous)) role = cleanRole(previous);
    }
    if (!role) role = cleanRole(affiliationAfter(text, person.end, phraseEnd));
    return { name, role: role ?? people.roles.get(name) ?? null, pronoun: false };
  }
  // "the principal said": the last person introduced with that role.
  const described =
    side === 'subject' ? /\bthe ([\p{Ll}-]+)\s*$/u.exec(phrase.trim()) : /^\s*the ([\p{Ll}-]+)(?:\s|,|$)/u.exec(phrase);
  // "the union wrote" is the union itself, not the union's president.
  const body = described ? organizationByNoun(people.organizations, phrase, side, phraseStart) : null;
  if (body && isBodyNoun(described?.[1] as string)) return { name: body, role: null, pronoun: false, organization: true };
  if (described && ROLE_WORDS.has(described[1] as string)) {
    const name = people.byRoleNoun(described[1] as string, phraseStart);
    if (name) return { name, role: people.roles.get(name) ?? null, pronoun: false };
  }
  // "the district said in a statement", "the union wrote", "Skyline Vision Systems said".
  const org = organizationByNoun(people.organizations, phrase, side, phraseStart);
  if (org) return { name: org, role: null, pronoun: false, organization: true };
  return authorOfDocument(text, attribution, people);
}

const ACRONYM_BODY =
  /^(?:[Tt]he\s+)?(\p{Lu}{2,}[\p{Lu}\d&-]*)(?:\s+of\s+(?:the\s+)?\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})?$/u;
// prettier-ignore
const ROLE_ACRONYMS = new Set(['CEO', 'CFO', 'COO', 'CTO', 'SRO', 'SROS', 'MD', 'RN', 'PHD', 'DJ', 'TV', 'US', 'USA', 'OK', 'AM', 'PM', 'ID']);

/** "the email said", "The letter stated": a document speaking for whoever sent it. */
const DOCUMENT =
  /\b(?:the|that|this|its|his|her|their)\s+(?:written\s+|brief\s+|joint\s+|news\s+|press\s+)?(email|e-mail|letter|statement|memo|memorandum|release|filing|message|post)\s*$/i;

/**
 * `“…,” the email said.` after `In an email, the company said …` / `read a letter from the
 * Chamber`: the author is the sender named in the last sentence before it that mentions the same
 * document (in the two paragraphs before), found by the same rules as any speaker.
 */
function authorOfDocument(text: string, attribution: Attribution, people: PeopleIndex): Speaker | null {
  if (attribution.side !== 'subject' || attribution.accordingTo) return null;
  const document = DOCUMENT.exec(text.slice(attribution.phraseStart, attribution.phraseEnd).trim());
  if (!document) return null;
  const noun = (document[1] as string).toLowerCase().replace('e-mail', 'email');
  const window = text.slice(Math.max(0, attribution.phraseStart - 1200), attribution.phraseStart);
  const offset = Math.max(0, attribution.phraseStart - 1200);
  const mentions = [...window.matchAll(new RegExp(`\\b${noun}\\b`, 'gi'))];
  const mention = mentions[mentions.length - 1];
  if (!mention) return null;
  const at = offset + mention.index;
  const start = sentenceStart(text, at, offset);
  const end = sentenceEnd(text, at, attribution.phraseStart);
  // "a letter from the Chamber", "a statement by Superintendent Ana Ruiz".
  const sender = /^\s*(?:from|by)\s+(.{2,80})/.exec(text.slice(at + noun.length, end));
  if (sender) {
    const from = at + noun.length + (sender.index ?? 0) + (sender[0].length - (sender[1] as string).length);
    const named = senderIn(text, from, end, people);
    if (named) return { ...named, viaDocument: true };
  }
  const verbs = wordsIn(text, start, end);
  for (let i = 0; i < verbs.length; i++) {
    if (!isVerbAt(verbs, i)) continue;
    const verb = verbs[i] as WordAt;
    if (verb.start <= start) continue;
    const speaker = speakerIn(
      text,
      { phraseStart: start, phraseEnd: verb.start, side: 'subject', sentenceEnd: end, accordingTo: false },
      people,
    );
    if (speaker && !speaker.pronoun) return { ...speaker, viaDocument: true };
    break;
  }
  // "The Oakdale Police Department issued a statement Friday.": who issued, sent or posted it.
  const issued =
    /\b(?:issued|released|sent|posted|published|shared|put out|distributed|read)\s+(?:a|an|the|its|his|her|their)\s+(?:\S+\s+){0,2}$/i.exec(
      text.slice(start, at),
    );
  if (issued) {
    const speaker = speakerIn(
      text,
      { phraseStart: start, phraseEnd: start + issued.index, side: 'subject', sentenceEnd: end, accordingTo: false },
      people,
    );
    if (speaker && !speaker.pronoun) return { ...speaker, viaDocument: true };
  }
  return null;
}

/** The organisation or person a "from …" phrase names: "the Chamber" is the Chamber named before. */
function senderIn(text: string, from: number, to: number, people: PeopleIndex): Speaker | null {
  const head = /^(?:the\s+)?(\p{Lu}[\p{L}'’-]*)/u.exec(text.slice(from, to));
  if (head) {
    const word = head[1] as string;
    for (let i = people.organizations.length - 1; i >= 0; i--) {
      const org = people.organizations[i] as OrgMention;
      if (org.start < to && new RegExp(`\\b${word}\\b`).test(org.name))
        return { name: org.name, role: null, pronoun: false, organization: true };
    }
  }
  const speaker = speakerIn(
    text,
    { phraseStart: from, phraseEnd: to, side: 'object', sentenceEnd: to, accordingTo: false },
    people,
  );
  return speaker && !speaker.pronoun ? speaker : null;
}

function sentenceStart(text: string, at: number, limit: number): number {
  const before = text.slice(limit, at);
  const stop = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('? '), before.lastIndexOf('! '));
  return stop < 0 ? limit : limit + stop + 1;
}

function sentenceEnd(text: string, at: number, limit: number): number {
  const match = /[.!?](?=\s)|\n/.exec(text.slice(at, limit));
  return match ? at + match.index : limit;
}
