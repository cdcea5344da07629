// Transcripts: each substantive speaker turn, with its label, role and times.
import { cleanRole, findNameChains, toPersonName } from './quote-extractor.names.js';
import { indexPeople } from './quote-extractor.people.js';
import { splitParagraphs, wordCount } from './quote-extractor.text.js';
import type { QuoteCandidate } from './quote-extractor.js';
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

export function extractFromTranscript(text: string, cues: readonly TranscriptCue[]): QuoteCandidate[] {
  const paragraphs = splitParagraphs(text);
  const candidates: QuoteCandidate[] = [];
  // Roles come from what is said about people ("our next speaker is Dana Whitfield, a parent").
  const people = indexPeople(text, paragraphs, []);
  const addressedRoles = findAddressedRoles(text, paragraphs);
  for (const paragraph of paragraphs) {
    const body = text.slice(paragraph.start, paragraph.end);
    const label = matchSpeakerLabel(body);
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
    role = role ?? (speaker ? (addressedRoles.get(speaker) ?? null) : null);
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
  return candidates;
}

const ADDRESS_TITLES =
  'Chair|Chairman|Chairwoman|Chairperson|President|Vice Chair|Commissioner|Mayor|Trustee|Director|Councilmember|Councilor';

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
