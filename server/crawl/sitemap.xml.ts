import { toAbsoluteUrl } from '../display/display.format.js';
import { escapeHtml } from '../http/html.js';
import type { SitemapKind, SitemapUrl } from '../services/sitemap.service.js';

// The sitemaps.org 0.9 documents (test/fixtures/sitemap/ holds the schemas they are checked
// against) and robots.txt. Text is escaped as for HTML: the same five entities are right in XML.

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The path of one paged sitemap. */
export const sitemapPath = (kind: SitemapKind | 'pages', page = 1) =>
  kind === 'pages' ? '/sitemaps/pages.xml' : `/sitemaps/${kind}-${page}.xml`;

// xsd:date or xsd:dateTime with seconds and a zone, as the schema's tLastmod requires.
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A stored timestamp as a sitemap lastmod; null (left out) when it cannot be read as one. */
export function toLastmod(value: string | null): string | null {
  if (value === null) return null;
  if (W3C_DATETIME.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const element = (name: string, value: string | null) => (value === null ? '' : `<${name}>${escapeHtml(value)}</${name}>`);

export function toSitemapIndexXml(paths: string[], baseUrl: string): string {
  const entries = paths.map((path) => `  <sitemap>${element('loc', toAbsoluteUrl(baseUrl, path))}</sitemap>\n`);
  return `${XML_DECLARATION}<sitemapindex xmlns="${NS}">\n${entries.join('')}</sitemapindex>\n`;
}

export function toUrlsetXml(urls: SitemapUrl[], baseUrl: string): string {
  const entries = urls.map(
    (url) => `  <url>${element('loc', toAbsoluteUrl(baseUrl, url.path))}${element('lastmod', toLastmod(url.lastmod))}</url>\n`,
  );
  return `${XML_DECLARATION}<urlset xmlns="${NS}">\n${entries.join('')}</urlset>\n`;
}

/**
 * Crawlers may read every page, but not the endless combinations of search facets and list
 * filters, the exports and feeds, the JSON API or curation. Wildcards (*) are read by the major
 * crawlers (RFC 9309 leaves them to each).
 */
export function toRobotsTxt(baseUrl: string): string {
  const disallowed = [
    '/search',
    '/export/',
    '/feeds/',
    '/api/',
    '/admin',
    '/alerts',
    // Filtered and sorted lists: the unfiltered list pages and their page links stay open.
    '/*?*body=',
    '/*?*year=',
    '/*?*type=',
    '/*?*sort=',
    '/*?*classification=',
    '/*?*state=',
  ];
  return [
    'User-agent: *',
    ...disallowed.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${toAbsoluteUrl(baseUrl, '/sitemap.xml')}`,
    '',
  ].join('\n');
}
