import { escapeHtml, type SafeHtml } from '../http/html.js';

// Private-use characters mark the matches; they cannot survive escaping as anything else.
export const HIGHLIGHT_PRE = '\uE000';
export const HIGHLIGHT_POST = '\uE001';

/** Escapes the whole text first, then turns the sentinels Meilisearch put around matches into <mark>. */
export function toHighlightHtml(formatted: string): SafeHtml {
  // A stray sentinel in stored text can at worst yield an unbalanced <mark>, never markup of its own.
  const escaped = escapeHtml(formatted).split(HIGHLIGHT_PRE).join('<mark>').split(HIGHLIGHT_POST).join('</mark>');
  return escaped as SafeHtml;
}
