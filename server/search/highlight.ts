import { escapeHtml, type SafeHtml } from '../http/html.js';
import { normalizeWord, wordsOf } from './vocabulary.js';

// Private-use characters mark the matches; they cannot survive escaping as anything else.
export const HIGHLIGHT_PRE = '\uE000';
export const HIGHLIGHT_POST = '\uE001';

/** Escapes the whole text first, then turns the sentinels Meilisearch put around matches into <mark>. */
export function toHighlightHtml(formatted: string): SafeHtml {
  // A stray sentinel in stored text can at worst yield an unbalanced <mark>, never markup of its own.
  const escaped = escapeHtml(formatted).split(HIGHLIGHT_PRE).join('<mark>').split(HIGHLIGHT_POST).join('</mark>');
  return escaped as SafeHtml;
}

const CROP_MARKER = '…';

/** The words a formatted snippet shows: without the match sentinels and the crop markers at its ends. */
function shownWords(formatted: string): string {
  const plain = formatted.split(HIGHLIGHT_PRE).join('').split(HIGHLIGHT_POST).join('').trim();
  const start = plain.startsWith(CROP_MARKER) ? CROP_MARKER.length : 0;
  const end = plain.endsWith(CROP_MARKER) && plain.length > start ? plain.length - CROP_MARKER.length : plain.length;
  return plain.slice(start, end).trim();
}

/**
 * A hit's highlight from the words SQLite holds now. The engine crops and marks the text it
 * indexed, which is behind an edit until the outbox reaches it: when what its snippet shows is
 * not in the current text, the snippet is made again from the current text (the query's words
 * marked, the last one also as a prefix, as the engine matches it), so a reader never sees words
 * that were edited away.
 */
export function freshHighlight(formatted: string | undefined, current: string, q: string, cropWords: number): SafeHtml {
  if (!formatted) return toHighlightHtml(current);
  if (current.includes(shownWords(formatted))) return toHighlightHtml(formatted);
  return toHighlightHtml(markQueryWords(current, q, cropWords));
}

/** The current text cropped to cropWords around its first match, with sentinels around the query's words. */
export function markQueryWords(text: string, q: string, cropWords: number): string {
  const queryWords = wordsOf(q).map(normalizeWord);
  const terms = new Set(queryWords);
  const last = queryWords.at(-1);
  // Words split as wordsOf splits them, with where each lies in the text.
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => {
    const folded = normalizeWord(m[0]);
    return {
      start: m.index,
      end: m.index + m[0].length,
      marked: terms.has(folded) || (last !== undefined && folded.startsWith(last)),
    };
  });
  if (words.length === 0) return text;
  const firstMatch = Math.max(
    0,
    words.findIndex((w) => w.marked),
  );
  const from =
    words.length <= cropWords ? 0 : Math.max(0, Math.min(firstMatch - Math.floor(cropWords / 4), words.length - cropWords));
  const to = Math.min(words.length, from + cropWords);
  const shown = words.slice(from, to);
  let cursor = from === 0 ? 0 : (shown[0] as { start: number }).start;
  const stop = to === words.length ? text.length : (shown.at(-1) as { end: number }).end;
  let out = from === 0 ? '' : CROP_MARKER;
  for (const word of shown) {
    if (!word.marked) continue;
    out += `${text.slice(cursor, word.start)}${HIGHLIGHT_PRE}${text.slice(word.start, word.end)}${HIGHLIGHT_POST}`;
    cursor = word.end;
  }
  out += text.slice(cursor, stop);
  return to === words.length ? out : `${out}${CROP_MARKER}`;
}
