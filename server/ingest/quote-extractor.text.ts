// Paragraphs, sentences and quote marks of an article's stored text: where a quotation opens and
// closes (also across paragraphs, news style), and where the sentence around it starts and ends.
import { findJunkParagraphs } from './page-junk.js';

export interface Paragraph {
  start: number;
  end: number;
  junk: boolean;
}

/** Blank lines separate paragraphs; a text without any uses single line breaks. */
export function splitParagraphs(text: string): Paragraph[] {
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

// prettier-ignore
export const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'sgt', 'lt', 'capt', 'st', 'jr', 'sr', 'gov', 'sen', 'rep', 'prof', 'rev', 'gen', 'col', 'maj', 'cpl',
  'det', 'ofc', 'no', 'vs', 'etc', 'inc', 'co', 'corp', 'ave', 'blvd', 'calif', 'colo', 'fla', 'ill', 'mass', 'mich', 'minn', 'tenn',
  'wash', 'wis', 'ariz', 'ore', 'conn', 'ga', 'ky', 'la', 'md', 'mo', 'nev', 'okla', 'pa', 'va', 'vt', 'jan', 'feb', 'aug', 'sept',
  'oct', 'nov', 'dec', 'mt', 'ft', 'u.s', 'a.m', 'p.m', 'approx', 'dept', 'univ',
]);

/** Does a sentence end at text[i] (a . ! or ? followed by space, possibly after a closing quote mark)? */
export function endsSentenceAt(text: string, i: number): boolean {
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

export function sentenceStartBefore(text: string, from: number, pos: number): number {
  for (let i = pos - 1; i >= from; i--) {
    if (endsSentenceAt(text, i)) {
      let start = i + 1;
      while (start < pos && /["”’')\]\s]/.test(text[start] as string)) start++;
      return start;
    }
  }
  return from;
}

export function sentenceEndAfter(text: string, pos: number, to: number): number {
  for (let i = pos; i < to; i++) {
    if (endsSentenceAt(text, i)) return i + 1;
  }
  return to;
}

// ---------------------------------------------------------------------------------------------
// Quote marks

export interface QuoteSpan {
  open: number;
  /** Index of the closing mark, or the paragraph's end for a quote never closed. */
  close: number;
  closed: boolean;
  firstParagraph: number;
  lastParagraph: number;
}

export const DOUBLE_QUOTES = new Set(['"', '“', '”', '„', '«', '»']);

/** Whether a double quote mark opens or closes, from the characters around it, else its shape. */
export function markRole(text: string, i: number, paragraph: Paragraph): 'open' | 'close' | 'either' {
  const prev = i > paragraph.start ? (text[i - 1] as string) : ' ';
  const next = i + 1 < paragraph.end ? (text[i + 1] as string) : ' ';
  const spaceBefore = /[\s([{—–/-]/.test(prev);
  const spaceAfter = /[\s.,;:!?)\]}—–-]/.test(next);
  if (spaceBefore && !spaceAfter) return 'open';
  if (!spaceBefore && spaceAfter) return 'close';
  const mark = text[i];
  if (mark === '“' || mark === '„' || mark === '«') return 'open';
  if (mark === '”' || mark === '»') return 'close';
  return 'either';
}

export function findQuoteSpans(text: string, paragraphs: readonly Paragraph[]): QuoteSpan[] {
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
      const continues =
        following !== undefined &&
        DOUBLE_QUOTES.has(text[following.start] as string) &&
        markRole(text, following.start, following) !== 'close';
      if (!continues) {
        spans.push({
          open: current.open,
          close: paragraph.end,
          closed: false,
          firstParagraph: current.paragraph,
          lastParagraph: pi,
        });
        current = null;
      }
    }
  }
  return spans;
}

export interface WordAt {
  word: string;
  start: number;
  end: number;
}

export function wordsIn(text: string, from: number, to: number): WordAt[] {
  const words: WordAt[] = [];
  for (const match of text.slice(from, to).matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)) {
    const start = from + match.index;
    const word = match[0].replace(/[.]+$/, '');
    words.push({ word: word.toLowerCase().replace(/['’]s$/, ''), start, end: start + word.length });
  }
  return words;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** How many of the ascending numbers are below `at` (binary search). */
export function countBelow(sorted: readonly number[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether [start, end) overlaps any of the ranges, in O(log n): for quote spans and answers,
 * which do not overlap one another (a long document has thousands of them).
 */
export function rangeOverlapTest(ranges: readonly (readonly [number, number])[]): (start: number, end?: number) => boolean {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const starts = sorted.map((range) => range[0]);
  // The furthest end among the ranges up to each index, so a long range still covers later points.
  const reach: number[] = [];
  sorted.forEach((range, i) => reach.push(Math.max(range[1], i > 0 ? (reach[i - 1] as number) : -Infinity)));
  return (start, end = start + 1) => {
    const i = countBelow(starts, end) - 1;
    return i >= 0 && (reach[i] as number) > start;
  };
}
