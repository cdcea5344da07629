declare const safeHtmlBrand: unique symbol;
/** HTML that is safe to print unescaped: the only kind of value a template may print with <%-. */
export type SafeHtml = string & { readonly [safeHtmlBrand]: true };

// Private-use characters mark the matches; they cannot survive escaping as anything else.
export const HIGHLIGHT_PRE = '\uE000';
export const HIGHLIGHT_POST = '\uE001';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

/** Escapes the whole text first, then turns the sentinels Meilisearch put around matches into <mark>. */
export function toHighlightHtml(formatted: string): SafeHtml {
  // A stray sentinel in stored text can at worst yield an unbalanced <mark>, never markup of its own.
  const escaped = escapeHtml(formatted)
    .split(HIGHLIGHT_PRE).join('<mark>')
    .split(HIGHLIGHT_POST).join('</mark>');
  return escaped as SafeHtml;
}
