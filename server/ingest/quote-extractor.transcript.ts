// Transcripts: each substantive speaker turn, with its label, role and times.
import { cleanRole, findNameChains, toPersonName } from './quote-extractor.names.js';
import { indexPeople } from './quote-extractor.people.js';
import { splitParagraphs, wordCount } from './quote-extractor.text.js';
import type { QuoteCandidate } from './quote-extractor.js';
import { matchSpeakerLabel, timeSpanAt, type TranscriptCue } from './source-text.transcript.js';

/** Chairing a meeting is not testimony: short turns made only of procedure are left out. */
export const PROCEDURAL = /\b(?:next speaker|next up|thank you|thanks|your time|time is up|you have (?:one|two|three|\d+) minutes?|call(?:ed|ing)? (?:the meeting |this meeting )?to order|roll call|state your name|public comment|we(?:'ll| will) (?:now )?(?:move|take|hear|go)|agenda item|item (?:number )?\d+|motion|second(?:ed)?|all (?:those )?in favor|aye|opposed|seeing none|recess|adjourn|welcome|go ahead|please come|podium|microphone|mic)\b/i;

export function toDisplayName(label: string): string {
  if (label !== label.toUpperCase()) return label;
  return label.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())
    .replace(/\bMc(\p{Ll})/gu, (_, letter: string) => `Mc${letter.toUpperCase()}`);
}

export function extractFromTranscript(text: string, cues: readonly TranscriptCue[]): QuoteCandidate[] {
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
