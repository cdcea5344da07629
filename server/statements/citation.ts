// Citations of a statement (SPEC §3, §4): one CSL-JSON item, rendered by citation-js in the
// official CSL styles (APA 7 bundled with the plugin; MLA 9 and Chicago 17 author-date kept
// in data/csl/ with their license) and exported as BibTeX, RIS and CSL-JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { DatePrecision, Statement } from '../../data/archive.types.js';
import { projectRoot } from '../../data/paths.js';
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

export class UnknownCitationStyleError extends Error {
  constructor(readonly style: string) {
    super(`unknown citation style "${style}"; expected one of ${CITATION_STYLES.join(', ')}`);
    this.name = 'UnknownCitationStyleError';
  }
}

export function isCitationStyle(style: string): style is CitationStyle {
  return (CITATION_STYLES as readonly string[]).includes(style);
}

// Our names for the CSL templates. The plugin silently falls back to APA for a template it
// does not know, so each one is checked before use and a missing one is an error.
const CSL_TEMPLATES = { apa: 'apa', mla: 'onrecord-mla-9', chicago: 'onrecord-chicago-17-author-date' } as const;
const CSL_FILES = { mla: 'modern-language-association.csl', chicago: 'chicago-author-date.csl' } as const;

const cslConfig = plugins.config.get('@csl');
for (const [style, file] of Object.entries(CSL_FILES) as [keyof typeof CSL_FILES, string][]) {
  cslConfig.templates.add(CSL_TEMPLATES[style], readFileSync(join(projectRoot, 'data', 'csl', file), 'utf8'));
}

/** Long quotes are cut at a word boundary so a citation stays a citation, not the testimony. */
const TITLE_MAX_CHARS = 160;

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: 'speech' | 'manuscript';
  author: CslName[];
  title: string;
  genre: string;
  issued?: { 'date-parts': [number[]] };
  'event-date'?: { 'date-parts': [number[]] };
  event?: string;
  'event-place'?: string;
  'container-title'?: string;
  'container-author'?: CslName[];
  publisher?: string;
  note?: string;
  URL: string;
  language: string;
}

/**
 * The statement as one CSL-JSON item.
 *
 * Type: words spoken at a meeting or to a reporter are cited as `speech` — the CSL type for
 * an oral presentation, which carries the meeting as `event`/`event-place` where one is known
 * and lets the styles print the publication that carried the words as the container. A written
 * comment was never spoken, so it is a `manuscript` (an unpublished document submitted to a
 * body), still inside the source that published it. `personal_communication` was rejected:
 * APA keeps those out of reference lists, and these words were said in public.
 */
export function toCslItem(statement: Statement, baseUrl: string): CslItem {
  const date = toDateParts(citationDate(statement));
  const { source, meeting } = statement;
  const spoken = statement.kind !== 'written_comment';
  return {
    id: statement.id,
    type: spoken ? 'speech' : 'manuscript',
    author: [toCslName(statement.speaker)],
    title: citationTitle(statement),
    genre: spoken ? 'Remarks' : 'Written comment',
    ...(date ? { issued: { 'date-parts': [date] } } : {}),
    // MLA prints a speech's date from event-date (not issued), so spoken words carry both.
    ...(date && spoken ? { 'event-date': { 'date-parts': [date] } } : {}),
    ...(meeting ? { event: meeting.title } : {}),
    ...(meeting?.location ? { 'event-place': meeting.location } : {}),
    // The publication that carried the words: its title, else the outlet, is the container.
    ...(source?.title || source?.outlet ? { 'container-title': (source.title ?? source.outlet) as string } : {}),
    ...(source?.author ? { 'container-author': [{ literal: source.author }] } : {}),
    ...(source?.outlet ? { publisher: source.outlet } : {}),
    URL: statementUrl(baseUrl, statement.id),
    language: statement.language,
  };
}

/** The citation as text in one style; an unknown style throws rather than falling back. */
export function formatCitation(statement: Statement, style: string, baseUrl: string): string {
  if (!isCitationStyle(style)) throw new UnknownCitationStyleError(style);
  const item = toCslItem(statement, baseUrl);
  switch (style) {
    case 'csl-json':
      return `${JSON.stringify([item], null, 2)}\n`;
    case 'bibtex':
      return `${new Cite(toExportItem(item)).format('bibtex', { format: 'text' }).trim()}\n`;
    case 'ris':
      return formatRis(toExportItem(item));
    default:
      return formatWithCsl(item, style);
  }
}

function formatWithCsl(item: CslItem, style: keyof typeof CSL_TEMPLATES): string {
  const template = CSL_TEMPLATES[style];
  if (!cslConfig.templates.has(template)) throw new UnknownCitationStyleError(style);
  const styled: CslItem = {
    ...item,
    // Styles title-case titles; a quote is someone's exact words, so its case is protected.
    title: `<span class="nocase">${item.title}</span>`,
  };
  // With only an outlet, it is already the container: printing it again as publisher repeats it.
  if (styled.publisher === styled['container-title']) delete styled.publisher;
  return new Cite(styled).format('bibliography', { format: 'text', template, lang: 'en-US' }).trim();
}

/**
 * BibTeX's @misc and RIS's GEN have no field for the publication a speech appeared in, so
 * the source is named in a note there; the publisher field still carries the outlet.
 */
function toExportItem(item: CslItem): CslItem {
  const container = item['container-title'];
  if (!container || container === item.publisher) return item;
  const by = item['container-author']?.[0]?.literal;
  return { ...item, note: `Published in: ${container}${by ? `, by ${by}` : ''}` };
}

/**
 * RIS from citation-js's tag mapping, written out here because its text writer breaks every
 * line at 70 characters, mid-word, and readers rejoin such lines differently. RIS has no type
 * for a speech and the mapping picks SOUND (an audio recording), so spoken words are GEN.
 */
function formatRis(item: CslItem): string {
  const [entry] = new Cite(item).format('ris', { format: 'object' }) as Record<string, unknown>[];
  const { TY, ...tags } = entry ?? {};
  const type = item.type === 'speech' || typeof TY !== 'string' ? 'GEN' : TY;
  const lines = [`TY  - ${type}`];
  for (const [tag, value] of Object.entries(tags)) {
    for (const one of [value].flat()) lines.push(`${tag}  - ${String(one).replace(/\s+/g, ' ')}`);
  }
  lines.push('ER  - ');
  return `${lines.join('\n')}\n`;
}

function citationTitle(statement: Statement): string {
  const text = truncateWords(statement.text.trim().replace(/\s+/g, ' '), TITLE_MAX_CHARS);
  // A paraphrase is the source's wording, not the speaker's: say so inside the title.
  return statement.kind === 'paraphrase' ? `[Paraphrase] ${text}` : text;
}

export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  const head = (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.!?…—–-]+$/u, '');
  return `${head} …`;
}

function toCslName(speaker: Statement['speaker']): CslName {
  if (speaker.type === 'organization') return { literal: speaker.name };
  // sort_name is "Family, Given" when the name has parts; anything else stays whole.
  const comma = speaker.sort_name.indexOf(',');
  const family = speaker.sort_name.slice(0, comma).trim();
  const given = speaker.sort_name.slice(comma + 1).trim();
  return comma > 0 && family && given ? { family, given } : { literal: speaker.name };
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

function toDateParts(known: { date: string; precision: DatePrecision } | null): number[] | null {
  if (!known) return null;
  const depth = known.precision === 'year' ? 1 : known.precision === 'month' ? 2 : 3;
  const parts = known.date.split('-').slice(0, depth).map(Number);
  return parts.length > 0 && parts.every((n) => Number.isInteger(n) && n > 0) ? parts : null;
}
