// Transcripts: each substantive speaker turn, with its label, role and times.
import { cleanRole, findNameChains, isRoleWord, toPersonName } from './quote-extractor.names.js';
import { indexPeople } from './quote-extractor.people.js';
import { splitParagraphs, wordCount } from './quote-extractor.text.js';
import type { ExtractionProgress, QuoteCandidate } from './quote-extractor.js';
import { matchSpeakerLabel, timeSpanAt, type TranscriptCue } from './source-text.transcript.js';

/** Chairing a meeting is not testimony: short turns made only of procedure are left out. */
export const PROCEDURAL =
  /\b(?:next speaker|next up|thank you|thanks|your time|time is up|you have (?:one|two|three|\d+) minutes?|call(?:ed|ing)? (?:the meeting |this meeting )?to order|roll call|state your name|public comment|we(?:'ll| will) (?:now )?(?:move|take|hear|go)|agenda item|item (?:number )?\d+|motion|second(?:ed)?|all (?:those )?in favor|aye|opposed|seeing none|recess|adjourn|welcome|go ahead|please come|podium|microphone|mic)\b/i;

export function toDisplayName(label: string): string {
  if (label !== label.toUpperCase()) return label;
  return label
    .toLowerCase()
    .replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())
    .replace(/\bMc(\p{Ll})/gu, (_, letter: string) => `Mc${letter.toUpperCase()}`);
}

/** A broadcast's own voices: their turns are the station's narration, not anyone's statement. */
const JOURNALIST = /^(?:host|co-?host|anchor|reporter|correspondent|newscaster|interviewer|announcer)\b/i;

/** How a label is written: in capitals ("DAN KOWALSKI") or as a name ("Dan Kowalski"). */
const inCapitals = (label: string) => label === label.toUpperCase();

/**
 * Statements in a transcript. In a broadcast (turns labelled HOST or REPORTER) the journalists'
 * turns are read as an article is, for the quotes and paraphrases they report
 * (`narration` runs the article extractor); the other people's turns are their statements, and
 * lines that are no one's turn (the station's header, "Air date:") are neither.
 */
export function extractFromTranscript(
  text: string,
  cues: readonly TranscriptCue[],
  narration?: (masked: string) => QuoteCandidate[],
  onProgress?: (progress: ExtractionProgress) => void,
): QuoteCandidate[] {
  const paragraphs = splitParagraphs(text);
  const candidates: QuoteCandidate[] = [];
  // Roles come from what is said about people ("our next speaker is Dana Whitfield, a parent").
  const people = indexPeople(text, paragraphs, []);
  const addressedRoles = findAddressedRoles(text, paragraphs);
  const selfRoles = findSelfIntroductions(text, paragraphs);
  const labels = paragraphs.map((p) => matchSpeakerLabel(text.slice(p.start, p.end)));
  const journalists = labels.filter((l) => l !== null && JOURNALIST.test(l.speaker));
  const broadcast = narration !== undefined && journalists.length >= 2;
  const capitals = journalists.length > 0 && journalists.every((l) => l !== null && inCapitals(l.speaker));
  if (broadcast) {
    // The narration alone, at its own offsets: everything else blanked (newlines kept).
    let masked = text.replace(/[^\n]/g, ' ');
    paragraphs.forEach((p, i) => {
      const label = labels[i];
      if (!label || !JOURNALIST.test(label.speaker)) return;
      const from = p.start + label.length;
      masked = masked.slice(0, from) + text.slice(from, p.end) + masked.slice(p.end);
    });
    candidates.push(...narration(masked));
  }
  for (const [i, paragraph] of paragraphs.entries()) {
    onProgress?.({ step: 'turns', done: i, total: paragraphs.length });
    const label = labels[i] ?? null;
    if (broadcast && (!label || JOURNALIST.test(label.speaker) || inCapitals(label.speaker) !== capitals)) continue;
    const start = paragraph.start + (label?.length ?? 0);
    const words = text.slice(start, paragraph.end);
    const count = wordCount(words);
    // Every turn is kept (no words dropped); the chair's shortest courtesies ("Thank you. Next
    // speaker.") and other turns of a word or three are flagged, for the curator to keep or drop.
    if (count < 1) continue;
    const slight = count < 4 || (count < 6 && PROCEDURAL.test(words));
    let speaker: string | null = null;
    let role: string | null = label?.role ?? null;
    if (
      label &&
      !/^(?:speaker|unknown|unidentified|audience|crowd|multiple|male|female|man|woman|voice)\b/i.test(label.speaker)
    ) {
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
    role = role ?? (speaker ? (selfRoles.get(speaker) ?? addressedRoles.get(speaker) ?? null) : null);
    const candidate: QuoteCandidate = {
      text: words,
      speaker,
      role,
      char_start: start,
      char_end: paragraph.end,
      kind: 'quote',
      confidence: !speaker ? 0.3 : slight ? 0.4 : 0.95,
      evidence: label
        ? `transcript label "${label.speaker}"${slight ? '; a short procedural turn' : ''}`
        : slight
          ? 'a short procedural turn'
          : null,
    };
    const time = timeSpanAt(cues, start, paragraph.end);
    if (time) {
      candidate.time_start = time.time_start;
      candidate.time_end = time.time_end;
    }
    candidates.push(candidate);
  }
  return candidates.sort((a, b) => a.char_start - b.char_start);
}

const ADDRESS_TITLES =
  'Chair|Chairman|Chairwoman|Chairperson|President|Vice Chair|Commissioner|Mayor|Trustee|Director|Councilmember|Councilor|Superintendent|Sheriff';

const I_AM = String.raw`\b(?:I['’]m|I am)\s+`;
/** "I'm Marisol Fairbanks, board president", "Astrid Lindgren, I'm a fourth-grade teacher at …", "I'm a parent at Grove Street". */
const INTRODUCTION = new RegExp(
  String.raw`${I_AM}(?:\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,3},\s+(?:and\s+I['’]m\s+)?)?(?:the\s+|a\s+|an\s+)?([^,.;!?]{3,80}?)(?=\s+and\b|[,.;!?]|$)`,
  'u',
);
/** "I'm Terrence Boateng, I chair this commission." */
const I_CHAIR = /\bI (chair|co-chair) (?:the|this)\b/;

/**
 * Roles speakers give themselves as they start ("Reggie Amundsen, I'm the PTA president at
 * Kettle Hill"): the first introduction in each speaker's turns, when it names a role.
 */
function findSelfIntroductions(text: string, paragraphs: readonly { start: number; end: number }[]): Map<string, string> {
  const roles = new Map<string, string>();
  for (const p of paragraphs) {
    const body = text.slice(p.start, p.end);
    const label = matchSpeakerLabel(body);
    if (!label) continue;
    const speaker = toDisplayName(label.speaker);
    if (roles.has(speaker)) continue;
    const words = body.slice(label.length);
    const chair = I_CHAIR.exec(words);
    const introduced = INTRODUCTION.exec(words)?.[1] ?? chair?.[1];
    const role = cleanRole(introduced ?? null);
    // "I'm calling the meeting of the board to order" is what they do, not who they are.
    if (role && !/^\p{Ll}+ing\b/u.test(role) && role.split(/\s+/).some((word) => isRoleWord(word) || /^\p{Lu}{2,}$/u.test(word)))
      roles.set(speaker, role);
  }
  return roles;
}

/**
 * Roles the meeting gives its officers as they are addressed: "Thank you, Chair Pierce" gives
 * Pierce's turn the role Chair; "Madam President" gives it to whoever spoke the turn before.
 */
function findAddressedRoles(text: string, paragraphs: readonly { start: number; end: number }[]): Map<string, string> {
  const roles = new Map<string, string>();
  const speakers = paragraphs.map((p) => {
    const label = matchSpeakerLabel(text.slice(p.start, p.end));
    return label ? toDisplayName(label.speaker) : null;
  });
  paragraphs.forEach((p, i) => {
    const body = text.slice(p.start, p.end);
    for (const match of body.matchAll(new RegExp(`\\b(${ADDRESS_TITLES}) (\\p{Lu}[\\p{L}'’-]+)\\b`, 'gu'))) {
      const named = speakers.find((s) => s !== null && s.split(' ').at(-1) === match[2]);
      if (named && !roles.has(named)) roles.set(named, match[1] as string);
    }
    const madam = new RegExp(`\\b(?:Madam|Madame|Mister|Mr\\.) (${ADDRESS_TITLES})\\b`, 'u').exec(body);
    const before = speakers[i - 1];
    if (madam && before && before !== speakers[i] && !roles.has(before)) roles.set(before, madam[1] as string);
  });
  return roles;
}
