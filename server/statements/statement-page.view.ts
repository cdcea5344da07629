import type { SourcePosition, SourceRef, SourceType, Statement } from '../../data/archive.types.js';
import type { StatementPage } from '../services/statement-page.service.js';
import { toSafeHref } from '../display/display.format.js';
import { escapeHtml, toSafeHtml, type SafeHtml } from '../http/html.js';
import { CITATION_FORMATS, citationDate, formatCitation, type CitationStyle } from './citation.js';
import { toStatementMetaView, type StatementMetaView } from './statement-meta.view.js';
import { statementUrl } from './statement.json.js';
import {
  speakerLine,
  stanceLabel,
  stanceSearchUrl,
  statementHeadline,
  toStatementCardView,
  verbatimBadge,
  type StatementCardView,
  type VerbatimBadge,
} from './statement.view.js';
import { verbatimStatusLabel, type VerbatimStatus } from '../../data/verbatim.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';
import { KIND_NAMES, STANCE_VERBS } from '../../data/domain/labels.js';
import { excerpt } from '../../data/domain/text.js';

/** One <meta> tag for the head partial: Highwire `name="citation_*"` or Open Graph `property="og:*"`. */
export interface MetaTag {
  attribute: 'name' | 'property';
  key: string;
  content: string;
}

export interface SourceView {
  id: string;
  pageUrl: string;
  typeLabel: string;
  title: string;
  outlet: string | null;
  author: string | null;
  published: string;
  /** Only http(s) links are ever rendered as href. */
  href: string | null;
  /** The moment in the recording (`url#t=seconds`), for transcripts and video. */
  recording: { href: string; label: string } | null;
}

export interface CitationView {
  style: CitationStyle;
  label: string;
  elementId: string;
  text: string;
}

export interface StatementPageView {
  title: string;
  canonicalUrl: string;
  metaTags: MetaTag[];
  /** Highwire/Zotero tags, JSON-LD and COinS (views/partials/statement-meta*.ejs). */
  statementMeta: StatementMetaView;
  id: string;
  kindLabel: string;
  isQuote: boolean;
  isParaphrase: boolean;
  quoteHtml: SafeHtml;
  speaker: { name: string; url: string; roleLine: string };
  stance: Statement['stance'];
  /** "Opposes: DPS resolution …" — the whole label, for text; verb + measure, for the links. */
  stanceLabel: string;
  /** "Opposes", linking to stanceUrl: the search for this stance on this measure. */
  stanceVerb: string;
  stanceUrl: string;
  measure: { title: string; url: string } | null;
  meeting: { title: string; url: string; details: string | null } | null;
  dateLabel: string;
  source: SourceView | null;
  alsoIn: SourceView[];
  topics: { label: string; url: string }[];
  context: string | null;
  /** The paragraph of the stored source text that holds the words, with them marked. */
  passageHtml: SafeHtml | null;
  /** Why no passage is shown although the source's text is stored (the words are not in it). */
  passageMissing: string | null;
  /** The ✓ mark: a quote (or written comment) found word for word. Never for a paraphrase. */
  verified: boolean;
  verbatim: { status: VerbatimStatus; label: string; warning: string | null; badge: VerbatimBadge | null };
  /** How the statement entered the archive and by whom: "Typed in by a curator (maria)". */
  provenance: string;
  corrections: { dateLabel: string; note: string; oldText: string | null; newText: string | null }[];
  related: { heading: string; cards: StatementCardView[] }[];
  citations: CitationView[];
  downloads: { label: string; url: string }[];
  apiUrl: string;
}

const SOURCE_TYPE_NAMES: Record<SourceType, string> = {
  news_article: 'News article',
  minutes: 'Minutes',
  transcript: 'Transcript',
  video: 'Video',
  report: 'Report',
  interview: 'Interview',
};

const NOT_GIVEN = 'not given in source';
const SHOWN_STYLES = ['apa', 'mla', 'chicago'] as const;
const DOWNLOAD_STYLES = ['bibtex', 'ris', 'csl-json'] as const;

/** The paragraph around [start, end) in the source, with the quoted words in <mark>. */
export function passageAround(sourceText: string, start: number, end: number): SafeHtml {
  const paragraphStart = sourceText.lastIndexOf('\n\n', start);
  const paragraphEnd = sourceText.indexOf('\n\n', end);
  const from = paragraphStart < 0 ? 0 : paragraphStart + 2;
  const to = paragraphEnd < 0 ? sourceText.length : paragraphEnd;
  return (escapeHtml(sourceText.slice(from, start)) +
    '<mark>' +
    escapeHtml(sourceText.slice(start, end)) +
    '</mark>' +
    escapeHtml(sourceText.slice(end, to))) as SafeHtml;
}

/** `url#t=123` (W3C media fragment) where the recording's URL and the moment are both known. */
export function recordingLink(url: string | null, position: SourcePosition | null): { href: string; label: string } | null {
  const href = toSafeHref(url);
  const start = position?.time_start;
  if (!href || start == null || !Number.isFinite(start) || start < 0) return null;
  const seconds = Math.floor(start);
  const link = new URL(href);
  link.hash = `t=${seconds}`;
  return { href: link.href, label: `Play the recording from ${formatClock(seconds)}` };
}

function formatClock(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function toSourceView(source: SourceRef, position: SourcePosition | null): SourceView {
  return {
    id: source.id,
    pageUrl: `/sources/${encodeURIComponent(source.id)}`,
    typeLabel: SOURCE_TYPE_NAMES[source.type],
    title: source.title ?? `title ${NOT_GIVEN}`,
    outlet: source.outlet,
    author: source.author,
    published: formatPartialDate(source.published_on) ?? `date ${NOT_GIVEN}`,
    href: toSafeHref(source.url),
    recording: recordingLink(source.url, position),
  };
}

/** How a statement entered the archive, in words: "Typed in by a curator (maria)". */
export function provenanceLabel(provenance: Statement['provenance']): string {
  const by = provenance.by?.trim() || null;
  switch (provenance.via) {
    case 'typed':
      return by ? `Typed in by a curator (${by})` : 'Typed in by a curator';
    case 'imported':
      return by ? `Imported from a file (${by})` : 'Imported from a file';
    case 'extracted':
      return by ? `Extracted from the source and reviewed by ${by}` : 'Extracted from the source and reviewed by a curator';
    case 'seed':
      return 'From the seed corpus';
  }
}

export type StatementPageInput = StatementPage & { baseUrl: string };

export function toStatementPageView({
  statement,
  sourceText,
  related,
  closeInMeaning = [],
  topicLabels,
  baseUrl,
}: StatementPageInput): StatementPageView {
  const { position, source, meeting, measure, speaker } = statement;
  const hasSpan =
    sourceText !== null &&
    position?.char_start != null &&
    position.char_end != null &&
    position.char_start <= position.char_end &&
    position.char_end <= sourceText.length;
  const known = citationDate(statement);
  const dateLabel = (known && formatPartialDate(known.date, known.precision)) ?? NOT_GIVEN;
  const canonicalUrl = statementUrl(baseUrl, statement.id);
  const title = statementHeadline(statement, 80);
  const badge = verbatimBadge(statement);
  const notFound = statement.verbatim_status === 'not_found';
  const statementPath = `/api/statements/${encodeURIComponent(statement.id)}`;
  return {
    title,
    canonicalUrl,
    metaTags: toMetaTags(statement, { title, canonicalUrl, baseUrl, dateLabel }),
    statementMeta: toStatementMetaView(statement, baseUrl),
    id: statement.id,
    kindLabel: KIND_NAMES[statement.kind],
    isQuote: statement.kind === 'quote',
    isParaphrase: statement.kind === 'paraphrase',
    quoteHtml: toSafeHtml(statement.text),
    speaker: {
      name: speaker.name,
      url: `/speakers/${encodeURIComponent(speaker.id)}`,
      roleLine: speaker.type === 'organization' && !speaker.role ? 'statement by the organization' : speakerLine(statement),
    },
    stance: statement.stance,
    stanceLabel: stanceLabel(statement),
    stanceVerb: STANCE_VERBS[statement.stance],
    stanceUrl: stanceSearchUrl(statement.stance, statement.measure?.id ?? null),
    measure: measure && { title: measure.title, url: `/measures/${encodeURIComponent(measure.id)}` },
    meeting: meeting && {
      title: meeting.title,
      url: `/meetings/${encodeURIComponent(meeting.id)}`,
      details:
        [meeting.body?.name, formatPartialDate(meeting.date, meeting.date_precision), meeting.location]
          .filter((part): part is string => Boolean(part))
          .join(' · ') || null,
    },
    dateLabel,
    source: source && toSourceView(source, position),
    alsoIn: statement.also_in.map((other) => toSourceView(other.source, other.position)),
    topics: statement.topics.map((slug) => ({
      label: topicLabels.get(slug) ?? slug,
      url: `/topics/${encodeURIComponent(slug)}`,
    })),
    context: statement.context,
    passageHtml:
      hasSpan && !notFound ? passageAround(sourceText, position.char_start as number, position.char_end as number) : null,
    passageMissing: notFound
      ? `The ${statement.kind === 'paraphrase' ? 'paraphrase' : 'words'} could not be found in the stored text of the source, so no passage is shown.`
      : null,
    verified: badge?.status === 'found',
    verbatim: {
      status: statement.verbatim_status,
      label: verbatimStatusLabel(statement.verbatim_status, statement.kind),
      warning:
        badge?.warning === true
          ? 'These words were NOT found in the stored text of the source they cite. They may be misquoted: check the source before citing them.'
          : null,
      badge,
    },
    provenance: provenanceLabel(statement.provenance),
    corrections: statement.corrections.map((c) => ({
      dateLabel: formatPartialDate(c.date.slice(0, 10)) ?? c.date,
      note: c.note,
      oldText: c.old_text ?? null,
      newText: c.new_text ?? null,
    })),
    related: [
      { heading: `More from ${speaker.name}`, cards: related.bySpeaker.map((s) => toStatementCardView(s)) },
      { heading: 'More from this meeting', cards: related.byMeeting.map((s) => toStatementCardView(s)) },
      {
        heading: measure ? `More on ${measure.title}` : 'More on this measure',
        cards: related.byMeasure.map((s) => toStatementCardView(s)),
      },
      { heading: 'On the same topics', cards: related.byTopic.map((s) => toStatementCardView(s)) },
      { heading: 'Close in meaning', cards: closeInMeaning.map((s) => toStatementCardView(s)) },
    ].filter((group) => group.cards.length > 0),
    citations: SHOWN_STYLES.map((style) => ({
      style,
      label: CITATION_FORMATS[style].label,
      elementId: `citation-${style}`,
      text: formatCitation(statement, style, baseUrl),
    })),
    downloads: DOWNLOAD_STYLES.map((style) => ({
      label: CITATION_FORMATS[style].label,
      url: `${statementPath}/citation?style=${style}&download=1`,
    })),
    apiUrl: statementPath,
  };
}

/**
 * Highwire Press `citation_*` tags (read by Zotero and Google Scholar) and Open Graph tags
 * (link previews). A date is given only when the source gives one.
 */
function toMetaTags(
  statement: Statement,
  page: { title: string; canonicalUrl: string; baseUrl: string; dateLabel: string },
): MetaTag[] {
  const description = `${statement.speaker.name} (${speakerLine(statement)}), ${page.dateLabel === NOT_GIVEN ? 'date not given in source' : page.dateLabel}. ${stanceLabel(statement)}.`;
  const name = (key: string, content: string | null | undefined): MetaTag[] =>
    content ? [{ attribute: 'name', key, content }] : [];
  const property = (key: string, content: string): MetaTag => ({ attribute: 'property', key, content });
  return [
    ...name('description', description),
    property('og:type', 'article'),
    // Zotero takes og:site_name as the newspaper when the page names no outlet: with the source's
    // outlet unknown, "On Record" would be cited as the publication of somebody else's article.
    ...(statement.source?.outlet ? [property('og:site_name', 'On Record')] : []),
    property('og:title', page.title),
    property(
      'og:description',
      statement.kind === 'paraphrase'
        ? `Paraphrase (the source’s words): ${excerpt(statement.text, 280)} — ${description}`
        : `“${excerpt(statement.text, 280)}” — ${description}`,
    ),
    property('og:url', page.canonicalUrl),
  ];
}

/** The tombstone of a retracted statement: who said it, where it was published, when and why it was retracted. */
export interface RetractedPageView {
  title: string;
  canonicalUrl: string;
  metaTags: MetaTag[];
  id: string;
  kindLabel: string;
  speaker: { name: string; url: string; roleLine: string };
  source: SourceView | null;
  retractedOn: string;
  reason: string;
}

export function toRetractedPageView(statement: Statement, baseUrl: string): RetractedPageView {
  const retractedOn = (statement.retracted_on && formatPartialDate(statement.retracted_on.slice(0, 10))) ?? 'date not recorded';
  return {
    title: `Retracted: a ${KIND_NAMES[statement.kind].toLowerCase()} attributed to ${statement.speaker.name}`,
    canonicalUrl: statementUrl(baseUrl, statement.id),
    // A tombstone is not a page to index or cite.
    metaTags: [{ attribute: 'name', key: 'robots', content: 'noindex' }],
    id: statement.id,
    kindLabel: KIND_NAMES[statement.kind],
    speaker: {
      name: statement.speaker.name,
      url: `/speakers/${encodeURIComponent(statement.speaker.id)}`,
      roleLine: speakerLine(statement),
    },
    source: statement.source && toSourceView(statement.source, null),
    retractedOn,
    reason: statement.retraction_reason?.trim() || 'no reason was recorded',
  };
}
