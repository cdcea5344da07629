// What reference managers read from a permalink page (issue 14, point 4): Highwire Press
// `citation_*` tags, the Zotero item type and the outlet for Zotero's Embedded Metadata
// translator, and schema.org JSON-LD. All from citationParts, so the page, the downloads and the
// reference manager cite the same thing.
//
// No COinS span: OpenURL has no newspaper format, so a COinS for a news article can only say
// "journal article", and Zotero runs its COinS translator (priority 310) before Embedded
// Metadata (320) — a COinS span would make Zotero save every quote as a Journal Article again.
import type { Statement } from '../../data/archive.types.js';
import { ARCHIVE_NAME, citationParts, toIsoPartial, type CitationParts, type CslName } from './citation.js';

export interface StatementMetaTag {
  name: string;
  content: string;
}

export interface StatementMetaView {
  tags: StatementMetaTag[];
  /** JSON-LD, with `<` written as \u003c so no `</script>` in the words can close the element. */
  jsonLd: string;
}

/** Zotero's item type for each CSL type the citation uses (Zotero's CSL mappings). */
const ZOTERO_TYPES: Record<CitationParts['type'], string> = {
  'article-newspaper': 'newspaperArticle',
  webpage: 'webpage',
  speech: 'presentation',
  manuscript: 'manuscript',
};

export function toStatementMetaView(statement: Statement, baseUrl: string): StatementMetaView {
  const parts = citationParts(statement, baseUrl);
  return {
    tags: highwireTags(statement, parts),
    jsonLd: toJsonLdScript(toJsonLd(statement, parts)),
  };
}

/** A title for the item even when a paraphrase's source has none: what it is, never the words in quotes. */
function itemTitle(parts: CitationParts): string {
  return parts.title ?? parts.genre;
}

/**
 * Highwire tags as Zotero's Embedded Metadata translator and Google Scholar read them.
 *
 * - No `citation_journal_title`: Embedded Metadata would make any page with it a journal article.
 *   The item type comes from `z.itemType` (the translator hands `z.*` tags to its RDF import, which
 *   takes a valid Zotero type first) and the outlet from `prism.publicationName`.
 * - Authors as "Family, Given". The translator splits a lone author tag at its comma when both
 *   sides hold a space ("de la Cruz, Ana María" became two people); a trailing ";" makes the tag a
 *   list of one, which it does not split. An organisation is "Name," — the comma tells it the name
 *   is a last name alone, so "Police Free LAUSD Coalition/Safe Schools LA" is not cut at a space.
 */
function highwireTags(statement: Statement, parts: CitationParts): StatementMetaTag[] {
  const tags: StatementMetaTag[] = [];
  const add = (name: string, content: string | null | undefined) => {
    if (content) tags.push({ name, content });
  };
  add('citation_title', itemTitle(parts));
  const single = parts.authors.length === 1;
  for (const author of parts.authors) add('citation_author', highwireAuthor(author, single));
  add('citation_date', parts.date ? toIsoPartial(parts.date).replaceAll('-', '/') : null);
  add('citation_public_url', parts.url);
  add('citation_language', statement.language);
  add('z.itemType', ZOTERO_TYPES[parts.type]);
  add('prism.publicationName', parts.outlet);
  return tags;
}

function highwireAuthor(name: CslName, single: boolean): string {
  if (name.literal !== undefined) return `${name.literal},`;
  const text = `${name.family ?? ''}, ${name.given ?? ''}`;
  return single && name.family?.includes(' ') && name.given?.includes(' ') ? `${text};` : text;
}

type JsonLd = Record<string, unknown>;

function jsonLdAgent(name: CslName | null, fallback: { type: 'person' | 'organization'; name: string } | null): JsonLd | null {
  if (name) {
    if (name.literal !== undefined) {
      return { '@type': fallback?.type === 'organization' ? 'Organization' : 'Person', name: name.literal };
    }
    return {
      '@type': 'Person',
      name: `${name.given ?? ''} ${name.family ?? ''}`.trim(),
      givenName: name.given,
      familyName: name.family,
    };
  }
  return fallback ? { '@type': fallback.type === 'organization' ? 'Organization' : 'Person', name: fallback.name } : null;
}

/**
 * schema.org: a quote is a `Quotation` spoken by the speaker (`spokenByCharacter`, `creator`),
 * part of its source. A paraphrase is not the speaker's words: it is a `CreativeWork` by the
 * source that is about the speaker, never a Quotation.
 */
export function toJsonLd(statement: Statement, parts: CitationParts): JsonLd {
  const { source, speaker } = statement;
  const speakerAgent = { '@type': speaker.type === 'organization' ? 'Organization' : 'Person', name: speaker.name };
  const isPartOf: JsonLd | undefined = source
    ? {
        '@type': source.type === 'news_article' || source.type === 'interview' ? 'NewsArticle' : 'CreativeWork',
        ...(source.title ? { name: source.title, headline: source.title } : {}),
        ...(source.author ? { author: jsonLdAgent({ literal: source.author }, { type: 'person', name: source.author }) } : {}),
        ...(source.outlet ? { publisher: { '@type': 'Organization', name: source.outlet } } : {}),
        ...(source.published_on ? { datePublished: source.published_on } : {}),
        ...(parts.sourceUrl ? { url: parts.sourceUrl } : {}),
      }
    : undefined;
  const common = {
    '@context': 'https://schema.org',
    '@id': parts.permalink,
    url: parts.permalink,
    text: statement.text,
    inLanguage: statement.language,
    ...(parts.date ? { dateCreated: toIsoPartial(parts.date) } : {}),
    ...(isPartOf ? { isPartOf } : {}),
    description: parts.genre,
    provider: { '@type': 'Organization', name: ARCHIVE_NAME },
  };
  if (parts.isQuote) {
    return { '@type': 'Quotation', ...common, spokenByCharacter: speakerAgent, creator: speakerAgent };
  }
  return {
    '@type': 'CreativeWork',
    additionalType: 'Paraphrase',
    ...common,
    about: speakerAgent,
    ...(source?.author ? { creator: { '@type': 'Person', name: source.author } } : {}),
  };
}

/** JSON for a <script type="application/ld+json"> element: nothing in it can end the element. */
export function toJsonLdScript(value: JsonLd): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
