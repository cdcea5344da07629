// Candidate statements from a stored source text. Articles: quotations found by their quote
// marks, kept when they read as a person's statement (an attribution verb next to them, or the
// length and shape of a spoken sentence), not when they are scare quotes, titles or page junk;
// speakers come from the attribution, with pronouns and surnames resolved to the last full name.
// Transcripts: each substantive speaker turn, with its label and times.
import { genderOfPronoun } from './attribution.gender.js';
import { cleanRole } from './quote-extractor.names.js';
import { findParaphrases, unnamedRole } from './attribution.paraphrase.js';
import { findQaAnswers } from './attribution.qa.js';
import {
  attributionAfter,
  attributionBefore,
  FRAMING_VERBS,
  indexPeople,
  speakerIn,
  type PeopleIndex,
} from './quote-extractor.people.js';
import {
  DOUBLE_QUOTES,
  findQuoteSpans,
  rangeOverlapTest,
  sentenceEndAfter,
  sentenceStartBefore,
  splitParagraphs,
  wordCount,
  type Paragraph,
  type QuoteSpan,
} from './quote-extractor.text.js';
import { extractFromTranscript } from './quote-extractor.transcript.js';
import type { TranscriptCue } from './source-text.transcript.js';
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
  /** How sure the attribution is, 0-1: below LOW_CONFIDENCE the review queue flags it. */
  confidence: number;
  /** The words the speaker was read from ("Villanueva said", "she said", "Transcript label"), or null. */
  evidence: string | null;
}

/** Candidates under this confidence are flagged for the curator (never hidden). */
export const LOW_CONFIDENCE = 0.6;

export function isLowConfidence(candidate: { confidence: number }): boolean {
  return candidate.confidence < LOW_CONFIDENCE;
}

/**
 * How far an extraction is, for a long document's job page: the pass it is in (quotations, then
 * paraphrases, in an article; speakers' turns in a transcript) and the paragraph it has reached.
 */
export interface ExtractionProgress {
  step: 'quotations' | 'paraphrases' | 'turns';
  done: number;
  total: number;
}

export interface ExtractOptions {
  /** Transcript cues (from toSourceText) for times; without them transcripts get no times. */
  cues?: readonly TranscriptCue[];
  /** Called as each pass moves on (often: a caller that reports it elsewhere throttles it). */
  onProgress?: (progress: ExtractionProgress) => void;
}

export function extractCandidates(text: string, kind: 'article' | 'transcript', options: ExtractOptions = {}): QuoteCandidate[] {
  const { onProgress } = options;
  return kind === 'transcript'
    ? extractFromTranscript(text, options.cues ?? [], (masked) => extractFromArticle(masked, onProgress), onProgress)
    : extractFromArticle(text, onProgress);
}

// ---------------------------------------------------------------------------------------------
// Is it a statement?

const SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'from',
  'by',
  'as',
  'vs',
  'but',
  'nor',
]);
const NAMES_A_WORK =
  /\b(?:report|study|book|film|movie|documentary|article|essay|op-ed|column|song|album|podcast|series|show|titled|entitled|called|named|dubbed|known as|headlined|headline|slogan|hashtag|motto|campaign|program|initiative|policy|survey|poll|plan|proposal|resolution|bill|act|course|curriculum|workshop|panel|event|sign|signs|banner|chant|chanting|read)\s*,?\s*$/i;

/** Titles of reports and works: most words capitalised and no sentence punctuation at the end. */
function looksLikeTitle(inner: string, before: string): boolean {
  const words = inner.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  // "called the plan “too much, too fast”": the noun is what the speaker judges, not a title.
  const judged =
    /\b(?:called|calls|described|describes|labeled|labelled|termed)\s+(?:the|this|that|these|those|his|her|their|its|our)\s+(?:[\p{L}'’-]+\s+){0,3}[\p{L}-]+\s*$/iu.test(
      before,
    );
  if (NAMES_A_WORK.test(before) && words.length <= 14 && !judged) return true;
  const significant = words.filter((word) => !SMALL_WORDS.has(word.toLowerCase().replace(/[^\p{L}]/gu, '')));
  if (significant.length < 2) return false;
  const capitalised = significant.filter((word) => /^[^\p{L}]*\p{Lu}/u.test(word)).length;
  return capitalised / significant.length >= 0.75 && !/[.!?,]["”’]?$/.test(inner.trim());
}

// ---------------------------------------------------------------------------------------------
// Articles

interface Accepted {
  candidate: QuoteCandidate;
  span: QuoteSpan;
}

function extractFromArticle(text: string, onProgress?: (progress: ExtractionProgress) => void): QuoteCandidate[] {
  const paragraphs = splitParagraphs(text);
  const total = paragraphs.length;
  const spans = findQuoteSpans(text, paragraphs);
  const people = indexPeople(
    text,
    paragraphs,
    spans.map((span) => [span.open, span.close + 1]),
  );
  const accepted: Accepted[] = [];
  const titles = new Set<number>();

  spans.forEach((span, index) => {
    onProgress?.({ step: 'quotations', done: span.firstParagraph, total });
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
    // A title in quote marks ("who made the motion to relocate “Marrow and Moss,” said …") is
    // part of the sentence, not a quote that ends one.
    let back = index - 1;
    while (back >= 0 && titles.has(back)) back--;
    const previous = spans[back];
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

    if (words < 1) return;
    if (looksLikeTitle(inner, before)) {
      titles.add(index);
      return;
    }

    // Attribution after the quote; a quote ending in a full stop ends its sentence, so only a bare
    // "Rose said." may follow it.
    let attribution = span.closed ? attributionAfter(text, afterFrom, sentenceEnd, sentenceEnd) : null;
    if (attribution && endsWithStop && wordCount(text.slice(afterFrom, sentenceEnd)) > 5) attribution = null;
    let where: 'after' | 'before' | null = attribution ? 'after' : null;
    if (!attribution && before.trim() !== '') {
      attribution = attributionBefore(text, sentenceStart, span.open);
      // "He also said, and I wrote this down, “…”": the writer's aside is not the attribution.
      const aside =
        attribution?.side === 'subject'
          ? /,\s*(?:and|as|so|but)?\s*I\s*$/.exec(text.slice(attribution.phraseStart, attribution.phraseEnd))
          : null;
      if (attribution && aside) attribution = attributionBefore(text, sentenceStart, attribution.phraseStart + aside.index);
      if (attribution) where = 'before';
    }
    // "The authority has been, in his words, “patching a sieve.”"
    if (!attribution) {
      const inWords = /\bin\s+(?:his|her|their|\p{Lu}[\p{L}'’-]+['’]s)\s+(?:own\s+)?words,?\s*$/u.exec(before);
      if (inWords) {
        const owner = sentenceStart + inWords.index + inWords[0].indexOf(' ') + 1;
        attribution = {
          phraseStart: owner,
          phraseEnd: owner + (/^\S+/.exec(text.slice(owner))?.[0].length ?? 0),
          side: 'object',
          sentenceEnd: span.open,
          accordingTo: false,
          verb: 'words',
        };
        where = 'before';
      }
    }
    // "Another parent, Marcus Webb, disagreed: “…”": a clause ending in a colon introduces the
    // quote even when its verb is not a verb of saying; its subject is the speaker.
    if (!attribution && /:\s*$/.test(before)) {
      const verb = /\s(\p{Ll}+)\s*:\s*$/u.exec(before);
      // "Chair Ortiz: “We will take a recess.”": a speaker's label, as in minutes.
      const label = verb ? null : /^\s*((?:\p{Lu}[\p{L}.'’-]*\s+){0,3}\p{Lu}[\p{L}'’-]+)\s*:\s*$/u.exec(before);
      // "He put it simply: “…”": a pronoun opening the clause is its subject, whatever the verb.
      const pronoun = /^\s*(?:he|she|they)(?=\s+\p{Ll})/iu.exec(before);
      if (verb || label) {
        attribution = {
          phraseStart: sentenceStart,
          phraseEnd: pronoun
            ? sentenceStart + pronoun[0].length
            : verb
              ? sentenceStart + verb.index
              : sentenceStart + before.lastIndexOf(':'),
          side: 'subject',
          sentenceEnd: span.open,
          accordingTo: false,
        };
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
    // A short partial quote is a statement when a verb of framing gives it to someone in the same
    // sentence ("Lin called the policy “a promise, not a protection.”", "described it as “rushed”"),
    // but not a label after an article of the reporter's ("called the deputies a “comfort blanket”").
    const framed =
      where === 'before' &&
      attribution !== null &&
      attribution.verb !== undefined &&
      FRAMING_VERBS.has(attribution.verb) &&
      !/\b(?:a|an|the)\s*$/i.test(before);
    // "the district said the policy would require “significant additional staff time” to
    // administer": a short partial quote inside the reported clause is the speaker's words too,
    // unless it is only a time or place ("would respond “in the coming weeks.”").
    const reported =
      where === 'before' &&
      attribution !== null &&
      attribution.side === 'subject' &&
      attribution.verb !== undefined &&
      !FRAMING_VERBS.has(attribution.verb) &&
      !/\b(?:a|an|the)\s*$/i.test(before) &&
      !/^(?:in|on|at|by|within|for|over|after|before|until|during|next|this|last|soon)\b/i.test(inner);
    // One word in quote marks is a statement only when framed for a named speaker ("called the offer “insulting”").
    if (words < 2 && !framed) return;
    if (where === 'before' && !leadIn && words < 5 && !framed && !reported) return;
    // "A," he said. "B.": the second part needs no attribution of its own.
    const continuesSplitQuote = where === null && standalone && accepted.at(-1)?.span.lastParagraph === span.firstParagraph;
    if (where === null && !continuesSplitQuote && (!standalone || words < 5 || !/[.!?…—-]["”’)]*$/.test(inner))) return;

    const speaker = attribution ? speakerIn(text, attribution, people) : null;
    // No speaker named for words inside a sentence: a scare quote or a label, unless the subject is
    // a spokesperson or officials the text leaves unnamed ("District officials said buses “will run …”").
    const unnamedSubject =
      attribution !== null && speaker === null && attribution.side === 'subject'
        ? unnamedSpeaker(text.slice(attribution.phraseStart, attribution.phraseEnd))
        : null;
    if (where === 'before' && !leadIn && speaker === null && (unnamedSubject === null || words < 3 || framed)) return;
    if (words < 2 && speaker === null) return;
    const lastSpeaker = accepted[accepted.length - 1];
    const sameParagraph =
      lastSpeaker && lastSpeaker.span.lastParagraph === span.firstParagraph ? lastSpeaker.candidate.speaker : null;
    const nearby =
      lastSpeaker && span.firstParagraph - lastSpeaker.span.lastParagraph <= 1 ? lastSpeaker.candidate.speaker : null;
    let name: string | null;
    let role: string | null = null;
    let confidence: number;
    let delayed: string | null = null;
    const evidence =
      attribution?.verb === 'words'
        ? `in ${text.slice(attribution.phraseStart, attribution.phraseEnd)} words`
        : attribution
          ? text
              .slice(
                Math.min(attribution.phraseStart, attribution.phraseEnd),
                attribution.side === 'subject' ? Math.min(sentenceEnd, attribution.phraseEnd + 12) : attribution.phraseEnd,
              )
              .replace(/\s+/g, ' ')
              .trim()
          : null;
    if (speaker && !speaker.pronoun) {
      ({ name, role } = speaker);
      confidence = speaker.viaDocument ? 0.65 : speaker.organization ? 0.75 : 0.9;
    } else if (speaker?.pronoun) {
      const pronoun = speaker.pronounWord;
      const fits = (candidate: string | null) =>
        candidate !== null &&
        (people.genderOf(candidate) === null ||
          pronoun === undefined ||
          people.genderOf(candidate) === genderOfPronoun(pronoun) ||
          genderOfPronoun(pronoun) === null);
      name = fits(sameParagraph) ? sameParagraph : people.lastBefore(attribution ? attribution.phraseStart : span.open, pronoun);
      confidence = name !== null && people.genderOf(name) !== null ? 0.8 : 0.6;
      // "One parent, who asked not to be named, said … “…,” she said.": the description is her role.
      if (name === null) role = describedBefore(text, Math.max(first.start - 600, 0), span.open);
    } else if (attribution && !attribution.accordingTo) {
      // "one parent said": attributed, but to no one named; the description is the role.
      name = null;
      confidence = 0.5;
      const phrase = text.slice(attribution.phraseStart, attribution.phraseEnd);
      role =
        unnamedSubject ??
        unnamedRole(
          attribution.side === 'subject' ? phrase.slice(phrase.lastIndexOf(',') + 1) : (phrase.split(',')[0] ?? phrase),
        );
    } else if (!attribution && continuesSplitQuote && lastSpeaker && lastSpeaker.candidate.speaker === null) {
      // "“We do the best we can,” she said. “It isn’t enough.”": the second half is the same
      // unnamed speaker's, not the last person named.
      name = null;
      role = lastSpeaker.candidate.role;
      confidence = lastSpeaker.candidate.confidence;
    } else {
      // No one named ("according to KCRA", or no attribution at all): the speaker in focus.
      // A quote standing alone whose speaker is introduced in the next sentence ("“…,” Imani Lowe,
      // an eighth-grader, waited four hours to speak.") belongs to that new person.
      const unattributedOpener = !attribution && !continuesSplitQuote && span.open === first.start;
      // "That came from NAME" / "Those were the words of NAME" say outright who spoke.
      const identified = unattributedOpener ? identifiedNext(text, paragraphs, span, people) : null;
      const sameParagraphIntro = unattributedOpener && !identified ? introducedAfter(text, paragraphs, span, people) : null;
      const introduced = identified ?? sameParagraphIntro;
      name = introduced ?? sameParagraph ?? nearby ?? people.lastBefore(span.open);
      if (!attribution && name === null && words < 8) return;
      confidence = identified ? 0.65 : introduced ? 0.55 : sameParagraph ? 0.6 : 0.45;
      if (introduced)
        delayed = identified ? `${introduced}, identified after the quote` : `${introduced}, introduced in the next sentence`;
    }
    role = role ?? (name ? (people.roles.get(name) ?? null) : null);
    if (name && role) roleFor(people, name, role);
    accepted.push({
      span,
      candidate: {
        text: inner,
        speaker: name,
        role: name ? (people.roles.get(name) ?? role) : role,
        char_start: start,
        char_end: end,
        kind: 'quote',
        confidence,
        evidence:
          evidence ??
          delayed ??
          (name === null
            ? null
            : name === (sameParagraph ?? nearby)
              ? 'continues the speaker before it'
              : `${name}, the last person named before it`),
      },
    });
  });
  // A Q&A's answers are quotes without marks; marks inside an answer are the answer's own.
  const answers = findQaAnswers(text, paragraphs, people);
  const overlapsAnswer = rangeOverlapTest(answers.map((a): [number, number] => [a.char_start, a.char_end]));
  const inAnswer = (c: QuoteCandidate) => overlapsAnswer(c.char_start, c.char_end);
  const quotes = [
    ...withoutRepeats(accepted.flatMap((a) => byParagraph(text, paragraphs, a)).filter((c) => !inAnswer(c))),
    ...answers,
  ];
  const taken: [number, number][] = [
    ...accepted.map((a): [number, number] => [a.span.open, a.span.close + 1]),
    ...answers.map((a): [number, number] => [a.char_start, a.char_end]),
  ];
  const paraphrases = findParaphrases(text, paragraphs, people, taken, (done) =>
    onProgress?.({ step: 'paraphrases', done, total }),
  );
  return [...quotes, ...paraphrases].sort((a, b) => a.char_start - b.char_start);
}

/**
 * A quotation running over several paragraphs (news style: each reopens, none closes until the
 * last) is one statement per paragraph, as a curator cites it: each piece its own verbatim words,
 * without the reopening mark, all with the speaker the quotation was attributed to.
 */
function byParagraph(text: string, paragraphs: readonly Paragraph[], accepted: Accepted): QuoteCandidate[] {
  const { span, candidate } = accepted;
  if (span.firstParagraph === span.lastParagraph) return [candidate];
  const pieces: QuoteCandidate[] = [];
  for (let pi = span.firstParagraph; pi <= span.lastParagraph; pi++) {
    const paragraph = paragraphs[pi] as Paragraph;
    if (paragraph.junk) continue;
    let start = pi === span.firstParagraph ? candidate.char_start : paragraph.start;
    let end = pi === span.lastParagraph ? candidate.char_end : paragraph.end;
    while (
      start < end &&
      (/\s/.test(text[start] as string) || (start === paragraph.start && DOUBLE_QUOTES.has(text[start] as string)))
    )
      start++;
    while (end > start && /[\s,]/.test(text[end - 1] as string)) end--;
    if (wordCount(text.slice(start, end)) === 0) continue;
    pieces.push({ ...candidate, text: text.slice(start, end), char_start: start, char_end: end });
  }
  return pieces;
}

const folded = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * A pull quote or a teaser repeats words the article already quotes: the repeat (the one less
 * surely attributed) is not a second statement.
 */
function withoutRepeats(candidates: QuoteCandidate[]): QuoteCandidate[] {
  const keys = candidates.map((c) => folded(c.text));
  // Which candidates hold each run of five words; a repeat's first run finds what may contain it
  // (a few at most are checked, so a page of one line repeated stays linear).
  const holders = new Map<string, number[]>();
  keys.forEach((key, i) => {
    const words = key.split(' ');
    for (let w = 0; w + 5 <= words.length; w++) {
      const run = words.slice(w, w + 5).join(' ');
      const list = holders.get(run) ?? [];
      if (list.length < 8 && list.at(-1) !== i) list.push(i);
      holders.set(run, list);
    }
  });
  return candidates.filter((candidate, i) => {
    const key = keys[i] as string;
    const words = key.split(' ');
    if (words.length < 5) return true;
    return !(holders.get(words.slice(0, 5).join(' ')) ?? []).some((j) => {
      const other = candidates[j] as QuoteCandidate;
      return (
        j !== i &&
        (keys[j] as string).includes(key) &&
        (other.confidence > candidate.confidence || (other.confidence === candidate.confidence && j < i))
      );
    });
  });
}

/** "District officials", "a spokesperson for the union", "one resident": a speaker left unnamed, as a role. */
function unnamedSpeaker(subject: string): string | null {
  // "One grandmother, who declined to give her name,": the relative clause only adds to the description.
  // A line of its own before it ("7:46 p.m." in a live blog) is no part of the subject.
  const head = (subject.split('\n').at(-1) ?? subject)
    .replace(/,\s*(?:who|whom|whose|which)\b[^,]*,?\s*$/, '')
    .replace(/[\s,]+$/, '');
  const clause = head.slice(head.lastIndexOf(',') + 1).trim();
  const officials =
    /^(?:(?:the|a|an)\s+)?((?:[\p{L}'’-]+\s+){0,2}(?:officials|spokesperson|spokesman|spokeswoman|staff|staffers|administrators|organizers|representatives|leaders|officers))(?:\s+(?:for|of|with|at)\s+.{2,60})?$/iu.exec(
      clause,
    );
  if (officials) return cleanRole((officials[1] as string).replace(/^\p{Lu}\p{Ll}/u, (w) => w.toLowerCase()));
  return unnamedRole(clause);
}

/** The role of the last person introduced without a name ("One woman, a nurse at the jail, told …") before `at`. */
function describedBefore(text: string, from: number, at: number): string | null {
  const stretch = text.slice(from, at);
  let role: string | null = null;
  for (const match of stretch.matchAll(
    /(?:^|[.!?]["”’)]*\s+|\n\s*)((?:One|A|An|Another)\s+[^.!?"“”]*?)\s+(?:said|says|told|asked|added|testified|spoke|stood)\b/gu,
  ))
    role = unnamedSpeaker(match[1] as string) ?? role;
  return role;
}

/** The first role found for a person stays theirs for later quotes. */
function roleFor(people: PeopleIndex, name: string, role: string): void {
  if (!people.roles.has(name)) people.roles.set(name, role);
}

const IDENTIFIES =
  /^(?:That|This|Those|These|So|The (?:words|comment|remark|question|plea|voice|message)s?)\b[^.!?"“”]{0,40}?\b(?:was|were|came from|belonged to|is|are|said)\s+(?:from\s+|the (?:words|voice|message|view) of\s+)?$/;

/**
 * A quote standing alone, identified in the sentence after it ("That came from Brenda Suttle, a
 * mother of three", "Those were the words of Ruiz"), in its paragraph or opening the next.
 */
function identifiedNext(text: string, paragraphs: readonly Paragraph[], span: QuoteSpan, people: PeopleIndex): string | null {
  const own = paragraphs[span.lastParagraph] as Paragraph;
  let from = span.close + 1;
  let to = own.end;
  if (wordCount(text.slice(from, own.end)) === 0) {
    let next = span.lastParagraph + 1;
    while (next < paragraphs.length && (paragraphs[next] as Paragraph).junk) next++;
    const paragraph = paragraphs[next];
    if (!paragraph) return null;
    from = paragraph.start;
    to = paragraph.end;
  }
  const mention = people.mentions[people.mentionsFrom(from)];
  if (!mention || mention.start >= to || !mention.name.includes(' ')) return null;
  const lead = text
    .slice(from, mention.start)
    .replace(/\s+/g, ' ')
    .replace(/^[\s"”’]+/, '');
  return IDENTIFIES.test(lead) ? mention.name : null;
}

/** The person first named in the two sentences after a quote in its paragraph, if never named before it. */
function introducedAfter(text: string, paragraphs: readonly Paragraph[], span: QuoteSpan, people: PeopleIndex): string | null {
  const paragraph = paragraphs[span.lastParagraph] as Paragraph;
  const from = span.close + 1;
  const to = paragraph.end;
  // The attribution may come two sentences later ("“…” The words came in a shaky voice. Imani Lowe, …").
  const sentenceEnd = sentenceEndAfter(text, sentenceEndAfter(text, from, to) + 1, to);
  const first = people.mentions[people.mentionsFrom(from)];
  if (!first || first.start >= sentenceEnd || !first.name.includes(' ')) return null;
  return (people.firstMention(first.name) ?? first.start) < span.open ? null : first.name;
}
