// Verbatim checks: is a quote's text found, word for word, in its source's stored text?
// Typography may differ between the quote as stored and the page (curly vs straight quotes,
// dashes, runs of white space); the words may not.

const EQUIVALENT: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ',
};

interface Normalised {
  text: string;
  /** For each character of text, the offset of the original character it came from. */
  origin: number[];
}

function normalise(input: string): Normalised {
  let text = '';
  const origin: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      if (!lastWasSpace) {
        text += ' ';
        origin.push(i);
      }
      lastWasSpace = true;
      continue;
    }
    const mapped = EQUIVALENT[ch] ?? ch;
    for (const out of mapped) {
      text += out;
      origin.push(i);
    }
    lastWasSpace = false;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    origin.pop();
  }
  return { text, origin };
}

export interface CharSpan {
  char_start: number;
  char_end: number;
}

/** Where the quote stands in the source text (offsets into the original source), or null. */
export function findVerbatim(quote: string, sourceText: string, near?: number): CharSpan | null {
  const needle = normalise(quote).text;
  if (needle.length === 0) return null;
  const haystack = normalise(sourceText);
  const matches: number[] = [];
  for (let at = haystack.text.indexOf(needle); at >= 0; at = haystack.text.indexOf(needle, at + 1)) {
    if (isWholeWords(haystack.text, at, at + needle.length)) matches.push(at);
  }
  if (matches.length === 0) return null;
  // Prefer the occurrence at or after a given offset (a quote can repeat in one source).
  const found: number =
    (near === undefined ? undefined : matches.find((at) => (haystack.origin[at] as number) >= near)) ?? (matches[0] as number);
  const lastOrigin = haystack.origin[found + needle.length - 1] as number;
  return { char_start: haystack.origin[found] as number, char_end: lastOrigin + 1 };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** "we will not fund" is not in "we will not fundamentally change": a match must not cut a word. */
function isWholeWords(text: string, start: number, end: number): boolean {
  const cutsBefore = start > 0 && WORD_CHAR.test(text[start - 1] as string) && WORD_CHAR.test(text[start] as string);
  const cutsAfter = end < text.length && WORD_CHAR.test(text[end] as string) && WORD_CHAR.test(text[end - 1] as string);
  return !cutsBefore && !cutsAfter;
}

/** True when the span of the source holds exactly the quote's words. */
export function isVerbatimAt(quote: string, sourceText: string, span: CharSpan): boolean {
  if (span.char_start < 0 || span.char_end > sourceText.length || span.char_start >= span.char_end) return false;
  if (!isWholeWords(sourceText, span.char_start, span.char_end)) return false;
  return normalise(sourceText.slice(span.char_start, span.char_end)).text === normalise(quote).text;
}

/**
 * A statement's verbatim status, computed on every write:
 * - found: the words are in the primary source's stored text, word for word;
 * - not_found: that source has stored text and the words are NOT in it (a possible misquote);
 * - no_source_text: there is no stored source text to check against.
 */
export const VERBATIM_STATUSES = ['found', 'not_found', 'no_source_text'] as const;
export type VerbatimStatus = (typeof VERBATIM_STATUSES)[number];

/** The status from what the check had: the source's stored text (or none) and whether the words were in it. */
export function toVerbatimStatus(sourceText: string | null | undefined, found: boolean): VerbatimStatus {
  if (found) return 'found';
  return sourceText == null || sourceText.trim() === '' ? 'no_source_text' : 'not_found';
}

/**
 * The status in words, for the page, the exports and the API. A paraphrase is the source's words,
 * not the speaker's: its status never says "verbatim".
 */
export function verbatimStatusLabel(status: VerbatimStatus, kind: 'quote' | 'paraphrase' | 'written_comment'): string {
  const words = kind === 'paraphrase' ? 'The paraphrase was' : 'The words were';
  switch (status) {
    case 'found':
      return kind === 'paraphrase'
        ? 'The paraphrase was found in the stored source text (it is the source’s wording, not the speaker’s)'
        : 'Found word for word in the stored source text';
    case 'not_found':
      return `${words} NOT found in the stored source text`;
    case 'no_source_text':
      return 'No stored source text to check against';
  }
}

/** True when a curator must confirm before saving: the speaker's words, missing from the source they cite. */
export function needsMisquoteConfirmation(status: VerbatimStatus, kind: 'quote' | 'paraphrase' | 'written_comment'): boolean {
  return status === 'not_found' && kind !== 'paraphrase';
}
