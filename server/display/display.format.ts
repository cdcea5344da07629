/** What every browse page shows for a fact the source does not give (SPEC §1). */
export const NOT_GIVEN = 'not given in source';

/** "1 statement", "12 statements". */
export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Only http(s) links are printed as links; anything else stays plain text or is dropped. */
export function toSafeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // The parsed form: what the browser would follow, with stray whitespace and controls gone.
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A page's absolute address on BASE_URL, for <link rel="canonical"> and the API. */
export function toAbsoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
