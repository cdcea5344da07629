// Citations of a statement (SPEC §3, §4). The statement is cited "as quoted in" its source: the
// speaker's words, the source's title and author, the outlet as container, the source's date and
// URL (and, for a recording or transcript, the moment), with the archive's permalink as where it
// was retrieved. One CSL-JSON item carries all of it; citeproc-js renders it in the current
// official APA 7, MLA 9 and Chicago 17 author-date styles (data/csl/, see its README), and the
// BibTeX and RIS exports are written from the same item.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import CSL from 'citeproc';
import type { DatePrecision, SourceType, Statement } from '../../data/archive.types.js';
import { formatPartialDate, precisionOf } from '../../data/domain/partial-date.js';
import { projectRoot } from '../../data/paths.js';
import { createCitationCache, type CitationCache } from './citation.cache.js';
import { statementUrl } from './statement.json.js';

export const CITATION_STYLES = ['apa', 'mla', 'chicago', 'bibtex', 'ris', 'csl-json'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

/** How each style is named, served and saved. */
export const CITATION_FORMATS: Record<CitationStyle, { label: string; mediaType: string; extension: string }> = {
  apa: { label: 'APA (7th edition)', mediaType: 'text/plain', extension: 'txt' },
  mla: { label: 'MLA (9th edition)', mediaType: 'text/plain', extension: 'txt' },
  chicago: { label: 'Chicago (17th edition, author-date)', mediaType: 'text/plain', extension: 'txt' },
  bibtex: { label: 'BibTeX', mediaType: 'application/x-bibtex', extension: 'bib' },
  ris: { label: 'RIS', mediaType: 'application/x-research-info-systems', extension: 'ris' },
  'csl-json': { label: 'CSL-JSON', mediaType: 'application/json', extension: 'json' },
};

/** The official style files (unmodified) that render the text styles; data/csl/README says where each came from. */
export const CSL_STYLE_FILES = {
  apa: 'apa.csl',
  mla: 'modern-language-association.csl',
  chicago: 'chicago-author-date-17th-edition.csl',
} as const;
type TextStyle = keyof typeof CSL_STYLE_FILES;

export class UnknownCitationStyleError extends Error {
  constructor(readonly style: string) {
    super(`unknown citation style "${style}"; expected one of ${CITATION_STYLES.join(', ')}`);
    this.name = 'UnknownCitationStyleError';
  }
}

export function isCitationStyle(style: string): style is CitationStyle {
  return (CITATION_STYLES as readonly string[]).includes(style);
}

/** The archive's name as the "archive" a citation was retrieved from. */
export const ARCHIVE_NAME = 'On Record';

/** Long quotes are cut at a word boundary so a citation stays a citation, not the testimony. */
const TITLE_MAX_CHARS = 160;

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}
type CslDate = { 'date-parts': [number[]] };

export type CslType = 'article-newspaper' | 'webpage' | 'speech' | 'manuscript';

export interface CslItem {
  id: string;
  type: CslType;
  author?: CslName[];
  /** For words: the words, in CSL's nocase markup so no style changes their case. */
  title?: string;
  /** "Quoted in …" / "Paraphrasing …": what the item is, printed by every style. */
  genre: string;
  'container-title'?: string;
  publisher?: string;
  issued?: CslDate;
  accessed: CslDate;
  'event-title'?: string;
  'event-place'?: string;
  URL: string;
  /** "On Record", and the permalink when URL is the source's. */
  archive: string;
  note?: string;
  language: string;
}

export interface CitationOptions {
  /** The access date printed with the retrieval URL; today (UTC) unless given. */
  accessed?: Date;
}

/** What the statement is cited as: the speaker's words, or the source that paraphrases them. */
export interface CitationParts {
  isQuote: boolean;
  /** Persons as family/given, organisations (and unparsed names) whole. */
  authors: CslName[];
  /** The words for a quote or written comment; the source's title for a paraphrase (may be null). */
  title: string | null;
  genre: string;
  outlet: string | null;
  date: { date: string; precision: DatePrecision } | null;
  url: string;
  permalink: string;
  /** The source's own URL, when it has one. */
  sourceUrl: string | null;
  /** The moment in a recording or transcript, as h:mm:ss. */
  moment: string | null;
  type: CslType;
}

const NEWS_SOURCES: readonly SourceType[] = ['news_article', 'interview'];
const SOURCE_NOUNS: Record<SourceType, string> = {
  news_article: 'a news article',
  minutes: 'meeting minutes',
  transcript: 'a transcript',
  video: 'a video',
  report: 'a report',
  interview: 'an interview',
};

/** The facts every format cites, from one place. */
export function citationParts(statement: Statement, baseUrl: string): CitationParts {
  const { source, speaker } = statement;
  const permalink = statementUrl(baseUrl, statement.id);
  const sourceUrl = safeHttpUrl(source?.url ?? null);
  const isParaphrase = statement.kind === 'paraphrase';
  const moment = formatMoment(statement.position?.time_start ?? null);
  const published = source?.published_on ? { date: source.published_on, precision: precisionOf(source.published_on) } : null;
  const type: CslType = source
    ? NEWS_SOURCES.includes(source.type)
      ? 'article-newspaper'
      : 'webpage'
    : statement.kind === 'written_comment'
      ? 'manuscript'
      : 'speech';
  const inSource = source ? describeSource(source, moment) : null;
  let genre: string;
  if (isParaphrase) {
    genre = `Paraphrasing ${speaker.name}${inSource && moment ? `, ${moment}` : ''}`;
  } else if (inSource) {
    genre = `${statement.kind === 'written_comment' ? 'Written comment' : 'Quoted'} in ${inSource}`;
  } else {
    genre = statement.kind === 'written_comment' ? 'Written comment' : 'Remarks';
  }
  return {
    isQuote: !isParaphrase,
    authors: isParaphrase
      ? source?.author
        ? [sourceAuthorName(source.author)]
        : []
      : [toCslName(speaker.type === 'organization' ? speaker.name : speaker.sort_name, speaker.type, speaker.name)],
    title: isParaphrase ? (source?.title ?? null) : citationTitle(statement.text),
    genre,
    outlet: source?.outlet ?? null,
    // The source's date is the date of what is cited; without one, when the words were said.
    date: published ?? citationDate(statement),
    url: sourceUrl ?? permalink,
    permalink,
    sourceUrl,
    moment,
    type,
  };
}

/** "Haley Samsel, “Sacramento Schools …,” at 1:02:05" — the source as far as it is known. */
function describeSource(source: NonNullable<Statement['source']>, moment: string | null): string {
  const by = source.author?.trim() || null;
  const title = source.title?.trim() || null;
  // American punctuation: a comma that follows a quoted title goes inside the quotation marks.
  const quotedTitle = title ? (moment ? `“${title},”` : `“${title}”`) : null;
  const named = [by, quotedTitle].filter(Boolean).join(', ');
  if (!named) return moment ? `${SOURCE_NOUNS[source.type]}, at ${moment}` : SOURCE_NOUNS[source.type];
  return moment ? `${named}${quotedTitle ? '' : ','} at ${moment}` : named;
}

/**
 * The statement as one CSL-JSON item (CSL 1.0.2 variables; the csl-data schema validates it).
 *
 * Type: the source's kind — a newspaper article for news and interviews (the outlet is its
 * container), a web page for minutes, transcripts, videos and reports; without a source, words
 * said at a meeting are a `speech` and a written comment a `manuscript`. The styles print the
 * `genre` ("Quoted in Haley Samsel, “…”", "Paraphrasing Dave Rose") after the title.
 */
export function toCslItem(statement: Statement, baseUrl: string, options: CitationOptions = {}): CslItem {
  const parts = citationParts(statement, baseUrl);
  const issued = toDateParts(parts.date);
  const { meeting } = statement;
  return {
    id: statement.id,
    type: parts.type,
    ...(parts.authors.length ? { author: parts.authors } : {}),
    // A quote is someone's exact words: CSL's nocase markup, in the data, keeps every style
    // (and every other processor) from title-casing them.
    ...(parts.title ? { title: parts.isQuote ? `<span class="nocase">${parts.title}</span>` : parts.title } : {}),
    genre: parts.genre,
    ...(parts.outlet ? { 'container-title': parts.outlet } : {}),
    ...(issued ? { issued: { 'date-parts': [issued] } } : {}),
    accessed: { 'date-parts': [accessDateParts(options.accessed)] },
    ...(!statement.source && meeting ? { 'event-title': meeting.title } : {}),
    ...(!statement.source && meeting?.location ? { 'event-place': meeting.location } : {}),
    URL: parts.url,
    archive: parts.sourceUrl ? `${ARCHIVE_NAME}, ${parts.permalink}` : ARCHIVE_NAME,
    ...(parts.moment ? { note: `Time in the recording: ${parts.moment}` } : {}),
    language: statement.language,
  };
}

/** The citation as text in one style; an unknown style throws rather than falling back. */
export function formatCitation(statement: Statement, style: string, baseUrl: string, options: CitationOptions = {}): string {
  if (!isCitationStyle(style)) throw new UnknownCitationStyleError(style);
  switch (style) {
    case 'csl-json':
      return `${JSON.stringify([toCslItem(statement, baseUrl, options)], null, 2)}\n`;
    case 'bibtex':
      return formatBibtex(statement, baseUrl, options);
    case 'ris':
      return formatRis(statement, baseUrl, options);
    default:
      return renderCsl(toCslItem(statement, baseUrl, options), style);
  }
}

// ---------------------------------------------------------------------------------------------
// CSL rendering: citeproc-js, the official styles, the official en-US locale (from the locales
// repository, as shipped in @citation-js/plugin-csl).

const require = createRequire(import.meta.url);
const LOCALES = require('@citation-js/plugin-csl/lib/locales.json') as Record<string, string>;
const styleXml = new Map<TextStyle, string>();

function loadStyle(style: TextStyle): string {
  let xml = styleXml.get(style);
  if (!xml) {
    // Without its <sort> keys: an entry is always rendered alone, so the order they give never shows,
    // and citeproc-js expands every macro a key names into a token tree of its own (Chicago: 138 MB
    // of heap kept per process, APA: 91 MB; 4 and 3 MB without them).
    xml = readFileSync(join(projectRoot, 'data', 'csl', CSL_STYLE_FILES[style]), 'utf8').replace(/<sort>[\s\S]*?<\/sort>/g, '');
    styleXml.set(style, xml);
  }
  return xml;
}

interface CachedEngine {
  engine: InstanceType<typeof CSL.Engine>;
  items: Map<string, CslItem>;
}
const engines = new Map<TextStyle, CachedEngine>();

/**
 * One citeproc-js engine per style, built once: parsing a style takes far longer than rendering
 * an entry. Rendering is synchronous, so one engine serves every request in turn.
 */
function engineFor(style: TextStyle): CachedEngine {
  let cached = engines.get(style);
  if (!cached) {
    const items = new Map<string, CslItem>();
    const engine = new CSL.Engine(
      {
        retrieveLocale: (lang: string) => LOCALES[lang] ?? (LOCALES['en-US'] as string),
        retrieveItem: (id: string) => items.get(id) as CslItem,
      },
      loadStyle(style),
      'en-US',
    );
    engine.setOutputFormat('text');
    cached = { engine, items };
    engines.set(style, cached);
  }
  return cached;
}

/** Builds every style's engine ahead of the first request. */
export function warmCitationStyles(): void {
  for (const style of Object.keys(CSL_STYLE_FILES) as TextStyle[]) engineFor(style);
}

/**
 * What citeproc-js rendered, kept: a permalink shows three styles, and rendering them is most of
 * the page's cost (about 5 ms each). BibTeX, RIS and CSL-JSON are cheap and not kept.
 */
export const renderedCitations = createCitationCache();

/** One bibliography entry, as plain text, exactly as citeproc-js renders the item (rendered once per distinct item). */
export function renderCsl(item: CslItem, style: TextStyle, cache: CitationCache = renderedCitations): string {
  return cache.render(`${style}:${item.id}`, item, () => {
    const { engine, items } = engineFor(style);
    items.clear();
    items.set(item.id, item);
    // citeproc-js keeps the item it first read for an id: empty its registry, or an edited
    // statement would be cited with its old words until the process restarts.
    engine.updateItems([]);
    engine.updateItems([item.id]);
    const [, entries] = engine.makeBibliography();
    return entries.join('').trim();
  });
}

// ---------------------------------------------------------------------------------------------
// BibTeX (biblatex data model), UTF-8. The key is the statement's id — unique in the archive,
// so no two statements share one — and only [A-Za-z0-9_-], which every BibTeX reader accepts.

function formatBibtex(statement: Statement, baseUrl: string, options: CitationOptions): string {
  const parts = citationParts(statement, baseUrl);
  const entryType = parts.type === 'article-newspaper' && parts.outlet ? 'article' : parts.type === 'webpage' ? 'online' : 'misc';
  const fields: [string, string][] = [];
  if (parts.authors.length) fields.push(['author', parts.authors.map(bibtexName).join(' and ')]);
  // Double braces: the words keep their case in every style.
  if (parts.title) fields.push(['title', parts.isQuote ? `{${bibtexEscape(parts.title)}}` : bibtexEscape(parts.title)]);
  // An untitled source: a description in square brackets (as APA does), not a made-up title.
  else fields.push(['title', `[${bibtexEscape(parts.genre)}]`]);
  if (entryType === 'article') {
    fields.push(['journaltitle', bibtexEscape(parts.outlet as string)], ['entrysubtype', 'newspaper']);
  } else if (parts.outlet) {
    fields.push([entryType === 'online' ? 'organization' : 'howpublished', bibtexEscape(parts.outlet)]);
  }
  if (parts.title) fields.push(['titleaddon', bibtexEscape(parts.genre)]);
  if (parts.date) fields.push(['date', toIsoPartial(parts.date)]);
  fields.push(['url', bibtexUrl(parts.url)], ['urldate', isoDay(options.accessed)]);
  if (parts.sourceUrl) fields.push(['addendum', `Archived at ${ARCHIVE_NAME}: \\url{${bibtexUrl(parts.permalink)}}`]);
  else fields.push(['addendum', `${ARCHIVE_NAME}`]);
  fields.push(['langid', bibtexEscape(langid(statement.language))]);
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n');
  return `@${entryType}{${statement.id},\n${body}\n}\n`;
}

/** Persons "Family, Given"; an organisation in an extra pair of braces, one name that is never split. */
function bibtexName(name: CslName): string {
  if (name.literal !== undefined) return `{${bibtexEscape(name.literal)}}`;
  return `${bibtexEscape(name.family ?? '')}, ${bibtexEscape(name.given ?? '')}`;
}

/** TeX's special characters as commands; everything else stays UTF-8. */
export function bibtexEscape(text: string): string {
  return text.replace(/[\\{}&%$#_^~]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\textbackslash{}';
      case '^':
        return '\\textasciicircum{}';
      case '~':
        return '\\textasciitilde{}';
      default:
        return `\\${c}`;
    }
  });
}

/** A URL field is verbatim in biblatex: only an unbalanced brace or a percent could break it. */
function bibtexUrl(url: string): string {
  return url.replace(/[{}%\\\s]/g, (c) => encodeURIComponent(c));
}

function langid(language: string): string {
  const names: Record<string, string> = { en: 'english', es: 'spanish', fr: 'french', de: 'german', pt: 'portuguese' };
  return names[language.toLowerCase().split('-')[0] ?? ''] ?? language;
}

// ---------------------------------------------------------------------------------------------
// RIS: one tag a line, never wrapped; the whole id; `DA` as YYYY/MM/DD/ (partial dates keep their
// empty parts); the outlet as T2 and JO.

function formatRis(statement: Statement, baseUrl: string, options: CitationOptions): string {
  const parts = citationParts(statement, baseUrl);
  const type =
    parts.type === 'article-newspaper' ? 'NEWS' : parts.type === 'webpage' ? 'ELEC' : parts.type === 'speech' ? 'GEN' : 'UNPB';
  const lines: [string, string][] = [
    ['TY', type],
    ['ID', statement.id],
  ];
  for (const author of parts.authors) {
    lines.push(['AU', author.literal ?? `${author.family ?? ''}, ${author.given ?? ''}`]);
  }
  if (parts.title) lines.push(['TI', parts.title]);
  if (parts.outlet) lines.push(['T2', parts.outlet], ['JO', parts.outlet]);
  if (parts.date) {
    const [y, m = '', d = ''] = toIsoPartial(parts.date).split('-');
    lines.push(['PY', y as string], ['DA', `${y}/${m}/${d}/`]);
  }
  lines.push(['M3', parts.genre], ['UR', parts.url]);
  if (parts.sourceUrl) lines.push(['N1', `Archived at ${ARCHIVE_NAME}: ${parts.permalink}`]);
  lines.push(['DP', ARCHIVE_NAME], ['Y2', isoDay(options.accessed).replaceAll('-', '/')], ['LA', statement.language], ['ER', '']);
  return `${lines.map(([tag, value]) => `${tag}  - ${value.replace(/\s+/g, ' ')}`.trimEnd().padEnd(6, ' ')).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces.

function citationTitle(text: string): string {
  return truncateWords(text.trim().replace(/\s+/g, ' '), TITLE_MAX_CHARS);
}

export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  const head = (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.!?…—–-]+$/u, '');
  return `${head} …`;
}

/**
 * A person's sort name "Family, Given" as family/given; an organisation, or a name without both
 * parts, stays one `literal` name that no style splits or abbreviates.
 */
function toCslName(sortName: string, type: 'person' | 'organization', displayName = sortName): CslName {
  if (type === 'organization') return { literal: displayName };
  const comma = sortName.indexOf(',');
  const family = sortName.slice(0, comma).trim();
  const given = sortName.slice(comma + 1).trim();
  return comma > 0 && family && given ? { family, given } : { literal: displayName };
}

/**
 * A source's byline is free text: "Family, Given" or "Given Family" (two or three capitalised
 * words) is a person; anything else ("Heidi", "Staff", "KTXL News Desk") stays one name as given.
 */
function sourceAuthorName(byline: string): CslName {
  const text = byline.trim();
  if (text.includes(',')) return toCslName(text, 'person', text);
  const words = text.split(/\s+/);
  if (words.length >= 2 && words.length <= 3 && words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w))) {
    return { family: words[words.length - 1], given: words.slice(0, -1).join(' ') };
  }
  return { literal: text };
}

/** When the words were said: said_on, else the meeting's date; unknown stays unknown. */
export function citationDate(statement: Statement): { date: string; precision: DatePrecision } | null {
  if (statement.said_on && statement.said_on_precision !== 'unknown') {
    return { date: statement.said_on, precision: statement.said_on_precision };
  }
  const meeting = statement.meeting;
  if (meeting?.date && meeting.date_precision !== 'unknown') return { date: meeting.date, precision: meeting.date_precision };
  return null;
}

/** The date cited for the statement, in words ("December 7, 2023"), or null. */
export function citedDateLabel(statement: Statement, baseUrl: string): string | null {
  const { date } = citationParts(statement, baseUrl);
  return date ? formatPartialDate(date.date, date.precision) : null;
}

function toDateParts(known: { date: string; precision: DatePrecision } | null): number[] | null {
  if (!known || known.precision === 'unknown') return null;
  const depth = known.precision === 'year' ? 1 : known.precision === 'month' ? 2 : 3;
  const parts = known.date.split('-').slice(0, depth).map(Number);
  return parts.length > 0 && parts.every((n) => Number.isInteger(n) && n > 0) ? parts : null;
}

/** "2023", "2023-12" or "2023-12-07": the date to its known precision. */
export function toIsoPartial(known: { date: string; precision: DatePrecision }): string {
  const parts = toDateParts(known) ?? [];
  return parts.map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join('-');
}

function accessDateParts(accessed: Date = new Date()): number[] {
  return [accessed.getUTCFullYear(), accessed.getUTCMonth() + 1, accessed.getUTCDate()];
}

function isoDay(accessed: Date = new Date()): string {
  return accessed.toISOString().slice(0, 10);
}

/** h:mm:ss (or m:ss) for a time in seconds; null when none is known. */
export function formatMoment(seconds: number | null): string | null {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return null;
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
