// HTML escaping: the one place text becomes HTML, and the brand that marks HTML as safe to print.

declare const safeHtmlBrand: unique symbol;
/** HTML that is safe to print unescaped: the only kind of value a template may print with <%-. */
export type SafeHtml = string & { readonly [safeHtmlBrand]: true };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

/** Plain text as HTML: escaped, so it prints as the same words. */
export function toSafeHtml(text: string): SafeHtml {
  return escapeHtml(text) as SafeHtml;
}
