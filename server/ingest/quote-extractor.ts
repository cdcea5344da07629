// Candidate statements from a stored source text. Articles: quotations found by their quote
// marks, kept when they read as a person's statement (an attribution verb next to them, or the
// length and shape of a spoken sentence), not when they are scare quotes, titles or page junk;
// speakers come from the attribution, with pronouns and surnames resolved to the last full name.
// Transcripts: each substantive speaker turn, with its label and times.
import { findJunkParagraphs } from './page-junk.js';
import {
  affiliationAfter, appositiveAfter, cleanRole, findNameChains, PRONOUNS, ROLE_WORDS, surnameOf, titleBefore, toPersonName,
  type PersonName,
} from './quote-extractor.names.js';
import { matchSpeakerLabel, timeSpanAt, type TranscriptCue } from './source-text.transcript.js';

export type CandidateKind = 'quote' | 'paraphrase';

export interface QuoteCandidate {
  text: string;
  speaker: string | null;
  role: string | null;
  char_start: number;
  char_end: number;
  kind: CandidateKind;
  time_start?: number;
  time_end?: number | null;
}

export interface ExtractOptions {
  /** Transcript cues (from toSourceText) for times; without them transcripts get no times. */
  cues?: readonly TranscriptCue[];
}

export function extractCandidates(text: string, kind: 'article' | 'transcript', options: ExtractOptions = {}): QuoteCandidate[] {
  return kind === 'transcript' ? extractFromTranscript(text, options.cues ?? []) : extractFromArticle(text);
}

// ---------------------------------------------------------------------------------------------
// Paragraphs and sentences

interface Paragraph {
  start: number;
  end: number;
  junk: boolean;
}

/** Blank lines separate paragraphs; a text without any uses single line breaks. */
function splitParagraphs(text: string): Paragraph[] {
  const separator = /\n[ \t]*\n/.test(text) ? /\n[ \t]*(?:\n[ \t]*)+/g : /\n/g;
  const paragraphs: Paragraph[] = [];
  let at = 0;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start] as string)) start++;
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end > start) paragraphs.push({ start, end, junk: false });
  };
  for (const match of text.matchAll(separator)) {
    push(at, match.index);
    at = match.index + match[0].length;
  }
  push(at, text.length);
  const junk = findJunkParagraphs(paragraphs.map((p) => text.slice(p.start, p.end)));
  paragraphs.forEach((p, i) => {
    p.junk = junk[i] === true;
  });
  return paragraphs;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'sgt', 'lt', 'capt', 'st', 'jr', 'sr', 'gov', 'sen', 'rep', 'prof', 'rev', 'gen', 'col', 'maj', 'cpl',
  'det', 'ofc', 'no', 'vs', 'etc', 'inc', 'co', 'corp', 'ave', 'blvd', 'calif', 'colo', 'fla', 'ill', 'mass', 'mich', 'minn', 'tenn',
  'wash', 'wis', 'ariz', 'ore', 'conn', 'ga', 'ky', 'la', 'md', 'mo', 'nev', 'okla', 'pa', 'va', 'vt', 'jan', 'feb', 'aug', 'sept',
  'oct', 'nov', 'dec', 'mt', 'ft', 'u.s', 'a.m', 'p.m', 'approx', 'dept', 'univ',
]);

/** Does a sentence end at text[i] (a . ! or ? followed by space, possibly after a closing quote mark)? */
function endsSentenceAt(text: string, i: number): boolean {
  const ch = text[i];
  if (ch !== '.' && ch !== '!' && ch !== '?') return false;
  let next = i + 1;
  while (next < text.length && /["”’')\]]/.test(text[next] as string)) next++;
  if (next < text.length && !/\s/.test(text[next] as string)) return false;
  if (ch === '.') {
    const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 12), i))?.[1] ?? '';
    if (ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word)) return false;
  }
  return true;
}

function sentenceStartBefore(text: string, from: number, pos: number): number {
  for (let i = pos - 1; i >= from; i--) {
    if (endsSentenceAt(text, i)) {
      let start = i + 1;
      while (start < pos && /["”’')\]\s]/.test(text[start] as string)) start++;
      return start;
    }
  }
  return from;
}

function sentenceEndAfter(text: string, pos: number, to: number): number {
  for (let i = pos; i < to; i++) {
    if (endsSentenceAt(text, i)) return i + 1;
  }
  return to;
}

// ---------------------------------------------------------------------------------------------
// Quote marks

interface QuoteSpan {
  open: number;
  /** Index of the closing mark, or the paragraph's end for a quote never closed. */
  close: number;
  closed: boolean;
  firstParagraph: number;
  lastParagraph: number;
}

const DOUBLE_QUOTES = new Set(['"', '“', '”', '„', '«', '»']);

/** Whether a double quote mark opens or closes, from the characters around it, else its shape. */
function markRole(text: string, i: number, paragraph: Paragraph): 'open' | 'close' | 'either' {
  const prev = i > paragraph.start ? (text[i - 1] as string) : ' ';
  const next = i + 1 < paragraph.end ? (text[i + 1] as string) : ' ';
  const spaceBefore = /[\s(\[{—–\-/]/.test(prev);
  const spaceAfter = /[\s.,;:!?)\]}—–\-]/.test(next);
  if (spaceBefore && !spaceAfter) return 'open';
  if (!spaceBefore && spaceAfter) return 'close';
  const mark = text[i];
  if (mark === '“' || mark === '„' || mark === '«') return 'open';
  if (mark === '”' || mark === '»') return 'close';
  return 'either';
}

function findQuoteSpans(text: string, paragraphs: readonly Paragraph[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let current: { open: number; paragraph: number } | null = null;
  for (let pi = 0; pi < paragraphs.length; pi++) {
    const paragraph = paragraphs[pi] as Paragraph;
    if (paragraph.junk) continue;
    for (let i = paragraph.start; i < paragraph.end; i++) {
      if (!DOUBLE_QUOTES.has(text[i] as string)) continue;
      const role = markRole(text, i, paragraph);
      if (current === null) {
        if (role !== 'close') current = { open: i, paragraph: pi };
      } else if (i === paragraph.start && current.paragraph < pi && role !== 'close') {
        // News style: a quote running on into the next paragraph reopens it there without closing.
        continue;
      } else if (role === 'open') {
        // A second opening mark: the first one was never closed. Start over from here.
        current = { open: i, paragraph: pi };
      } else {
        spans.push({ open: current.open, close: i, closed: true, firstParagraph: current.paragraph, lastParagraph: pi });
        current = null;
      }
    }
    if (current !== null) {
      let next = pi + 1;
      while (next < paragraphs.length && (paragraphs[next] as Paragraph).junk) next++;
      const following = paragraphs[next];
      const continues = following !== undefined && DOUBLE_QUOTES.has(text[following.start] as string)
        && markRole(text, following.start, following) !== 'close';
      if (!continues) {
        spans.push({ open: current.open, close: paragraph.end, closed: false, firstParagraph: current.paragraph, lastParagraph: pi });
        current = null;
      }
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Attribution

const VERBS = new Set([
  'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'explained', 'explains', 'asked', 'asks', 'wrote', 'writes', 'argued',
  'argues', 'noted', 'notes', 'stated', 'states', 'continued', 'continues', 'recalled', 'recalls', 'insisted', 'insists', 'replied',
  'replies', 'responded', 'responds', 'answered', 'answers', 'acknowledged', 'acknowledges', 'admitted', 'admits', 'agreed',
  'agrees', 'warned', 'warns', 'urged', 'urges', 'emphasized', 'emphasizes', 'stressed', 'stresses', 'declared', 'declares',
  'announced', 'testified', 'testifies', 'pleaded', 'shouted', 'yelled', 'joked', 'conceded', 'concedes', 'countered', 'counters',
  'concluded', 'observed', 'remarked', 'suggested', 'suggests', 'commented', 'wondered', 'exclaimed', 'recounted', 'cautioned',
  'contended', 'contends', 'maintained', 'maintains', 'tweeted', 'posted', 'explained', 'offered', 'reflected', 'predicted',
  'promised', 'vowed', 'assured', 'complained', 'lamented', 'stressed', 'told', 'began', 'pointed', 'went', 'chimed',
]);
/** Verbs that frame a partial quote before it ("called the plan “a betrayal of our students”"). */
const FRAMING_VERBS = new Set(['called', 'calls', 'described', 'describes', 'labeled', 'labelled', 'termed']);
/** Verbs that need a particle to attribute ("pointed out", "went on", "chimed in"). */
const PARTICLE_VERBS: Record<string, string> = { pointed: 'out', went: 'on', chimed: 'in' };

interface Attribution {
  /** The phrase naming the speaker (subject before the verb, or object after it). */
  phraseStart: number;
  phraseEnd: number;
  side: 'subject' | 'object';
  /** Where the sentence ends, for appositives after an object. */
  sentenceEnd: number;
  /** No verb, only "according to X". */
  accordingTo: boolean;
}

interface WordAt {
  word: string;
  start: number;
  end: number;
}

function wordsIn(text: string, from: number, to: number): WordAt[] {
  const words: WordAt[] = [];
  for (const match of text.slice(from, to).matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)) {
    const start = from + (match.index as number);
    const word = match[0].replace(/[.]+$/, '');
    words.push({ word: word.toLowerCase().replace(/['’]s$/, ''), start, end: start + word.length });
  }
  return words;
}

function isVerbAt(words: readonly WordAt[], i: number): boolean {
  const word = (words[i] as WordAt).word;
  if (!VERBS.has(word)) return false;
  const particle = PARTICLE_VERBS[word];
  return particle === undefined || words[i + 1]?.word === particle;
}

/** After a quote: `, Rose said.` / `, said Rose, president of …` / `, he told FOX40.` / `, according to KCRA.` */
function attributionAfter(text: string, from: number, to: number, sentenceEnd: number): Attribution | null {
  const words = wordsIn(text, from, to);
  for (let i = 0; i < Math.min(words.length, 14); i++) {
    const word = words[i] as WordAt;
    if (word.word === 'according' && words[i + 1]?.word === 'to' && i === 0) {
      return { phraseStart: (words[i + 1] as WordAt).end, phraseEnd: to, side: 'object', sentenceEnd, accordingTo: true };
    }
    if (!isVerbAt(words, i)) continue;
    const subject = text.slice(from, word.start).replace(/^[\s,]+/, '');
    if (subject.trim() !== '') return { phraseStart: word.start - subject.length, phraseEnd: word.start, side: 'subject', sentenceEnd, accordingTo: false };
    const particle = PARTICLE_VERBS[word.word] !== undefined ? (words[i + 1] as WordAt).end : word.end;
    return { phraseStart: particle, phraseEnd: to, side: 'object', sentenceEnd, accordingTo: false };
  }
  return null;
}

/** Before a quote: `Rose said, “…` / `Perez told the board: “…` / `He added that “…` / `According to Rose, “…`. */
function attributionBefore(text: string, from: number, to: number): Attribution | null {
  const words = wordsIn(text, from, to);
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] as WordAt;
    if (word.word === 'according' && words[i + 1]?.word === 'to') {
      return { phraseStart: (words[i + 1] as WordAt).end, phraseEnd: to, side: 'object', sentenceEnd: to, accordingTo: true };
    }
    if (!isVerbAt(words, i) && !FRAMING_VERBS.has(word.word)) continue;
    const subject = text.slice(from, word.start);
    if (subject.trim() !== '') return { phraseStart: from, phraseEnd: word.start, side: 'subject', sentenceEnd: to, accordingTo: false };
    return { phraseStart: word.end, phraseEnd: to, side: 'object', sentenceEnd: to, accordingTo: false };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// People in the document

interface Mention {
  start: number;
  name: string;
}

interface PeopleIndex {
  mentions: Mention[];
  roles: Map<string, string>;
  resolve(name: string, at: number): string;
  lastBefore(at: number): string | null;
  byRoleNoun(noun: string, at: number): string | null;
}

/** Every person named outside quotes and junk, in order, with the role each is first given. */
function indexPeople(text: string, paragraphs: readonly Paragraph[], quoted: readonly [number, number][]): PeopleIndex {
  const inQuote = (at: number) => quoted.some(([start, end]) => at >= start && at < end);
  const fulls: { name: string; start: number }[] = [];
  const roles = new Map<string, string>();
  const singles: { word: string; start: number }[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.junk) continue;
    for (const chain of findNameChains(text, paragraph.start, paragraph.end)) {
      const person = toPersonName(chain);
      if (!person || inQuote(person.start)) continue;
      if (person.tokens.length >= 2) {
        fulls.push({ name: person.name, start: person.start });
        const role = roleOf(text, person, paragraph.start, paragraph.end);
        if (role && !roles.has(person.name)) roles.set(person.name, role);
      } else {
        singles.push({ word: person.name, start: person.start });
      }
    }
  }
  const matches = (full: string, word: string) => surnameOf(full) === word || full.split(' ')[0] === word;
  const resolve = (name: string, at: number): string => {
    if (name.includes(' ')) return name;
    const before = fulls.filter((f) => f.start < at && matches(f.name, name));
    const found = before[before.length - 1] ?? fulls.find((f) => matches(f.name, name));
    return found?.name ?? name;
  };
  const mentions: Mention[] = [
    ...fulls.map((f) => ({ start: f.start, name: f.name })),
    ...singles.filter((s) => fulls.some((f) => matches(f.name, s.word))).map((s) => ({ start: s.start, name: resolve(s.word, s.start) })),
  ].sort((a, b) => a.start - b.start);
  return {
    mentions,
    roles,
    resolve,
    lastBefore(at) {
      const before = mentions.filter((m) => m.start < at);
      return before[before.length - 1]?.name ?? null;
    },
    byRoleNoun(noun, at) {
      const before = mentions.filter((m) => m.start < at && (roles.get(m.name) ?? '').toLowerCase().includes(noun));
      return before[before.length - 1]?.name ?? null;
    },
  };
}

/** A named person's role where the text gives it: a title in front, an appositive, "of ORG". */
function roleOf(text: string, person: PersonName, limitStart: number, limitEnd: number): string | null {
  // "A principal in the district, Tony Perez, told the board …": the description comes first.
  const leading = /(?:^|[.!?]\s+)((?:a|an|the)\s+\p{Ll}[^,.;:!?"“”]{2,80}),\s*$/iu.exec(text.slice(limitStart, person.start));
  return cleanRole(titleBefore(text, person, limitStart))
    ?? cleanRole(appositiveAfter(text, person.end, limitEnd))
    ?? cleanRole(leading?.[1] ?? null)
    ?? cleanRole(affiliationAfter(text, person.end, limitEnd));
}

interface Speaker {
  name: string | null;
  role: string | null;
  pronoun: boolean;
}

const DESCRIPTIVE = /^(?:a|an|the|one|another|retired|former|longtime)\s+[\p{Ll}]/u;

/** The speaker named in an attribution phrase. */
function speakerIn(text: string, attribution: Attribution, people: PeopleIndex): Speaker | null {
  const { phraseStart, phraseEnd, side } = attribution;
  const phrase = text.slice(phraseStart, phraseEnd);
  const words = wordsIn(text, phraseStart, phraseEnd);
  const adjacent = side === 'subject' ? words[words.length - 1] : words[0];
  // "he said" / "said she" / "In a letter to the board, he wrote": the pronoun is the whole clause subject.
  const clause = side === 'subject' ? phrase.slice(phrase.lastIndexOf(',') + 1).trim().toLowerCase() : adjacent?.word ?? '';
  if (adjacent && PRONOUNS.has(adjacent.word) && (side === 'object' || PRONOUNS.has(clause) || words.length <= 2)) {
    return { name: null, role: null, pronoun: true };
  }
  // Comma-separated segments: "Julie Snider, a high school teacher," / "A principal in the district, Tony Perez,".
  const segments: [number, number][] = [];
  let at = phraseStart;
  for (const match of phrase.matchAll(/,/g)) {
    segments.push([at, phraseStart + (match.index as number)]);
    at = phraseStart + (match.index as number) + 1;
  }
  segments.push([at, phraseEnd]);
  const order = side === 'subject' ? [...segments.keys()].reverse() : [...segments.keys()];
  for (const index of order) {
    const [start, end] = segments[index] as [number, number];
    const persons = findNameChains(text, start, end).map(toPersonName).filter((p): p is PersonName => p !== null);
    const person = side === 'subject' ? persons[persons.length - 1] : persons[0];
    if (!person) continue;
    const name = people.resolve(person.name, person.start);
    let role = cleanRole(titleBefore(text, person, start));
    if (!role) role = cleanRole(appositiveAfter(text, person.end, side === 'object' ? attribution.sentenceEnd : phraseEnd));
    if (!role && index > 0 && side === 'subject') {
      const [prevStart, prevEnd] = segments[index - 1] as [number, number];
      const previous = text.slice(prevStart, prevEnd).trim();
      if (DESCRIPTIVE.test(previous) && !/\b(?:said|says|told|is|was)\b/.test(previous)) role = cleanRole(previous);
    }
    if (!role) role = cleanRole(affiliationAfter(text, person.end, phraseEnd));
    return { name, role: role ?? people.roles.get(name) ?? null, pronoun: false };
  }
  // "the principal said": the last person introduced with that role.
  const described = side === 'subject' ? /\bthe ([\p{Ll}-]+)\s*$/u.exec(phrase.trim()) : /^\s*the ([\p{Ll}-]+)(?:\s|,|$)/u.exec(phrase);
  if (described && ROLE_WORDS.has(described[1] as string)) {
    const name = people.byRoleNoun(described[1] as string, phraseStart);
    if (name) return { name, role: people.roles.get(name) ?? null, pronoun: false };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Is it a statement?

const SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'at', 'for', 'with', 'from', 'by', 'as', 'vs', 'but', 'nor']);
const NAMES_A_WORK = /\b(?:report|study|book|film|movie|documentary|article|essay|op-ed|column|song|album|podcast|series|show|titled|entitled|called|named|dubbed|known as|headlined|headline|slogan|hashtag|motto|campaign|program|initiative|policy|survey|poll|plan|proposal|resolution|bill|act|course|curriculum|workshop|panel|event|sign|signs|banner|chant|chanting|read)\s*,?\s*$/i;

/** Titles of reports and works: most words capitalised and no sentence punctuation at the end. */
function looksLikeTitle(inner: string, before: string): boolean {
  const words = inner.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  if (NAMES_A_WORK.test(before) && words.length <= 14) return true;
  const significant = words.filter((word) => !SMALL_WORDS.has(word.toLowerCase().replace(/[^\p{L}]/gu, '')));
  if (significant.length < 2) return false;
  const capitalised = significant.filter((word) => /^[^\p{L}]*\p{Lu}/u.test(word)).length;
  return capitalised / significant.length >= 0.75 && !/[.!?,]["”’]?$/.test(inner.trim());
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

// ---------------------------------------------------------------------------------------------
// Articles

interface Accepted {
  candidate: QuoteCandidate;
  span: QuoteSpan;
}

function extractFromArticle(text: string): QuoteCandidate[] {
  const paragraphs = splitParagraphs(text);
  const spans = findQuoteSpans(text, paragraphs);
  const people = indexPeople(text, paragraphs, spans.map((span) => [span.open, span.close + 1]));
  const accepted: Accepted[] = [];

  spans.forEach((span, index) => {
    const first = paragraphs[span.firstParagraph] as Paragraph;
    const last = paragraphs[span.lastParagraph] as Paragraph;
    // The verbatim words: inside the marks, without the attribution comma.
    let start = span.open + 1;
    let end = span.close;
    while (start < end && /\s/.test(text[start] as string)) start++;
    while (end > start && /[\s,]/.test(text[end - 1] as string)) end--;
    if (end <= start) return;
    const inner = text.slice(start, end);
    const words = wordCount(inner);

    // The sentence around the quote, within its paragraph and between neighbouring quotes.
    const previous = spans[index - 1];
    const next = spans[index + 1];
    const beforeFrom = previous && previous.lastParagraph === span.firstParagraph ? previous.close + 1 : first.start;
    const sentenceStart = sentenceStartBefore(text, beforeFrom, span.open);
    const before = text.slice(sentenceStart, span.open);
    const afterTo = next && next.firstParagraph === span.lastParagraph ? next.open : last.end;
    const afterFrom = span.closed ? span.close + 1 : span.close;
    const sentenceEnd = sentenceEndAfter(text, afterFrom, afterTo);
    const endsWithStop = /[.]["”’)]*$/.test(inner);
    const leadIn = /[,:]\s*$|\bthat\s*$/.test(before);
    const standalone = before.trim() === '' || /:\s*$/.test(before);

    if (words < 2 || looksLikeTitle(inner, before)) return;

    // Attribution after the quote; a quote ending in a full stop ends its sentence, so only a bare
    // "Rose said." may follow it.
    let attribution = span.closed ? attributionAfter(text, afterFrom, sentenceEnd, sentenceEnd) : null;
    if (attribution && endsWithStop && wordCount(text.slice(afterFrom, sentenceEnd)) > 5) attribution = null;
    let where: 'after' | 'before' | null = attribution ? 'after' : null;
    if (!attribution && before.trim() !== '') {
      attribution = attributionBefore(text, sentenceStart, span.open);
      if (attribution) where = 'before';
    }
    // "Another parent, Marcus Webb, disagreed: “…”": a clause ending in a colon introduces the
    // quote even when its verb is not a verb of saying; its subject is the speaker.
    if (!attribution && /:\s*$/.test(before)) {
      const verb = /\s(\p{Ll}+)\s*:\s*$/u.exec(before);
      if (verb) {
        attribution = { phraseStart: sentenceStart, phraseEnd: sentenceStart + verb.index, side: 'subject', sentenceEnd: span.open, accordingTo: false };
        where = 'before';
      }
    }
    // A paragraph ending in a colon introduces the quote that opens the next one.
    if (!attribution && span.open === first.start && span.firstParagraph > 0) {
      const prior = paragraphs[span.firstParagraph - 1] as Paragraph;
      if (!prior.junk && text[prior.end - 1] === ':') {
        attribution = attributionBefore(text, sentenceStartBefore(text, prior.start, prior.end), prior.end);
        if (attribution) where = 'before';
      }
    }

    const embedded = !standalone && !(where === 'before' && leadIn);
    if (where === 'after' && embedded && words < 3) return;
    if (where === 'before' && !leadIn && words < 5) return;
    // "A," he said. "B.": the second part needs no attribution of its own.
    const continuesSplitQuote = where === null && standalone && accepted.at(-1)?.span.lastParagraph === span.firstParagraph;
    if (where === null && !continuesSplitQuote && (!standalone || words < 5 || !/[.!?…—-]["”’)]*$/.test(inner))) return;

    const speaker = attribution ? speakerIn(text, attribution, people) : null;
    if (where === 'before' && !leadIn && speaker === null) return;
    const lastSpeaker = accepted[accepted.length - 1];
    const sameParagraph = lastSpeaker && lastSpeaker.span.lastParagraph === span.firstParagraph ? lastSpeaker.candidate.speaker : null;
    const nearby = lastSpeaker && span.firstParagraph - lastSpeaker.span.lastParagraph <= 1 ? lastSpeaker.candidate.speaker : null;
    let name: string | null;
    let role: string | null = null;
    if (speaker && !speaker.pronoun) {
      ({ name, role } = speaker);
    } else if (speaker?.pronoun) {
      name = sameParagraph ?? people.lastBefore(attribution ? attribution.phraseStart : span.open);
    } else if (attribution && !attribution.accordingTo) {
      // "the district said", "one parent said": attributed, but to no one named.
      name = null;
    } else {
      // No one named ("according to KCRA", or no attribution at all): the speaker in focus.
      name = sameParagraph ?? nearby ?? people.lastBefore(span.open);
      if (!attribution && name === null && words < 8) return;
    }
    role = role ?? (name ? people.roles.get(name) ?? null : null);
    if (name && role) roleFor(people, name, role);
    accepted.push({
      span,
      candidate: { text: inner, speaker: name, role: name ? people.roles.get(name) ?? role : role, char_start: start, char_end: end, kind: 'quote' },
    });
  });
  return accepted.map((a) => a.candidate);
}

/** The first role found for a person stays theirs for later quotes. */
function roleFor(people: PeopleIndex, name: string, role: string): void {
  if (!people.roles.has(name)) people.roles.set(name, role);
}

// ---------------------------------------------------------------------------------------------
// Transcripts

/** Chairing a meeting is not testimony: short turns made only of procedure are left out. */
const PROCEDURAL = /\b(?:next speaker|next up|thank you|thanks|your time|time is up|you have (?:one|two|three|\d+) minutes?|call(?:ed|ing)? (?:the meeting |this meeting )?to order|roll call|state your name|public comment|we(?:'ll| will) (?:now )?(?:move|take|hear|go)|agenda item|item (?:number )?\d+|motion|second(?:ed)?|all (?:those )?in favor|aye|opposed|seeing none|recess|adjourn|welcome|go ahead|please come|podium|microphone|mic)\b/i;

function toDisplayName(label: string): string {
  if (label !== label.toUpperCase()) return label;
  return label.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())
    .replace(/\bMc(\p{Ll})/gu, (_, letter: string) => `Mc${letter.toUpperCase()}`);
}

function extractFromTranscript(text: string, cues: readonly TranscriptCue[]): QuoteCandidate[] {
  const paragraphs = splitParagraphs(text);
  const candidates: QuoteCandidate[] = [];
  // Roles come from what is said about people ("our next speaker is Dana Whitfield, a parent").
  const people = indexPeople(text, paragraphs, []);
  for (const paragraph of paragraphs) {
    const body = text.slice(paragraph.start, paragraph.end);
    const label = matchSpeakerLabel(body);
    const start = paragraph.start + (label?.length ?? 0);
    const words = text.slice(start, paragraph.end);
    const count = wordCount(words);
    if (count < 4 || (count < 25 && PROCEDURAL.test(words))) continue;
    let speaker: string | null = null;
    let role: string | null = label?.role ?? null;
    if (label && !/^(?:speaker|unknown|unidentified|audience|crowd|multiple|male|female|man|woman|voice)\b/i.test(label.speaker)) {
      const display = toDisplayName(label.speaker);
      const chain = findNameChains(display, 0, display.length)[0];
      const person = chain ? toPersonName(chain) : null;
      if (person) {
        speaker = people.resolve(person.name, paragraph.start);
        role = role ?? cleanRole(person.title.map((token) => token.text).join(' ')) ?? people.roles.get(speaker) ?? null;
      } else {
        speaker = display;
      }
    }
    const candidate: QuoteCandidate = { text: words, speaker, role, char_start: start, char_end: paragraph.end, kind: 'quote' };
    const time = timeSpanAt(cues, start, paragraph.end);
    if (time) {
      candidate.time_start = time.time_start;
      candidate.time_end = time.time_end;
    }
    candidates.push(candidate);
  }
  return candidates;
}
