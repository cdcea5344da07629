import type { Stance, Statement } from '../../data/archive.types.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';
import { KIND_NAMES, STANCE_NAMES, STANCE_VERBS } from '../../data/domain/labels.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { toSafeHtml, type SafeHtml } from '../http/html.js';
import { excerpt } from '../../data/domain/text.js';
import { verbatimStatusLabel, type VerbatimStatus } from '../../data/verbatim.js';

/**
 * How a statement is named in a page title, a feed entry or a link preview. A quote's words go in
 * quotation marks; a paraphrase is the source's words, so never: "Dave Rose, paraphrased by
 * Dayton Daily News: Luntao's resolution is shortsighted".
 */
export function statementHeadline(statement: Pick<Statement, 'kind' | 'text' | 'speaker' | 'source'>, max: number): string {
  const words = excerpt(statement.text, max);
  if (statement.kind !== 'paraphrase') return `${statement.speaker.name}: “${words}”`;
  const by = statement.source?.outlet ?? statement.source?.author ?? null;
  return `${statement.speaker.name}, paraphrased${by ? ` by ${by}` : ''}: ${words}`;
}

/** The verbatim badge of a card or page: found (✓), NOT found (red warning), or nothing stored to check. */
export interface VerbatimBadge {
  status: VerbatimStatus;
  /** Short, for a card: "✓ verbatim", "⚠ not found in source", "not checked". */
  short: string;
  /** Whole sentence, for the page and as the card's title. */
  label: string;
  warning: boolean;
}

/** A paraphrase gets no verbatim badge: its words are not the speaker's. */
export function verbatimBadge(statement: Pick<Statement, 'kind' | 'verbatim_status'>): VerbatimBadge | null {
  if (statement.kind === 'paraphrase') return null;
  const status = statement.verbatim_status;
  const label = verbatimStatusLabel(status, statement.kind);
  switch (status) {
    case 'found':
      return { status, short: '✓ verbatim', label, warning: false };
    case 'not_found':
      return { status, short: '⚠ not found in the source', label, warning: true };
    case 'no_source_text':
      return { status, short: 'not checked: no stored source text', label, warning: false };
  }
}

/** Stance is always shown with its measure: "Opposes: DPS resolution to end the SRO contract". */
export function stanceLabel(statement: Pick<Statement, 'stance' | 'measure'>): string {
  if (!statement.measure) return `Stance: ${STANCE_NAMES[statement.stance].toLowerCase()} (no measure named)`;
  return `${STANCE_VERBS[statement.stance]}: ${statement.measure.title}`;
}

/** The search for every statement taking this stance on this measure (or this stance, when no measure is named). */
export function stanceSearchUrl(stance: Stance, measureId: string | null): string {
  const measure = measureId === null ? '' : `measure=${encodeURIComponent(measureId)}&`;
  return `/search?${measure}stance=${stance}`;
}

export function speakerLine(statement: Statement): string {
  const { speaker } = statement;
  const organization = speaker.organization?.name;
  // "SUSD Police Officers Association President" already names its organization.
  const namesOrganization = organization && speaker.role?.toLowerCase().includes(organization.toLowerCase());
  const parts = [speaker.role, namesOrganization ? null : organization].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(', ') : 'role not given in source';
}

export interface StatementCardView {
  id: string;
  url: string;
  quoteHtml: SafeHtml;
  kind: string;
  isQuote: boolean;
  speakerName: string;
  speakerUrl: string;
  speakerLine: string;
  stance: Stance;
  stanceLabel: string;
  /** The search filtered to this stance (on this measure): where the badge links. */
  stanceUrl: string;
  dateLabel: string;
  meetingTitle: string | null;
  meetingUrl: string | null;
  sourceLabel: string | null;
  /** Null for a paraphrase. */
  verbatim: VerbatimBadge | null;
}

export function toStatementCardView(statement: Statement, quoteHtml?: SafeHtml): StatementCardView {
  const date = effectiveDate(statement);
  const precision = statement.said_on ? statement.said_on_precision : (statement.meeting?.date_precision ?? 'unknown');
  return {
    id: statement.id,
    url: `/statements/${encodeURIComponent(statement.id)}`,
    quoteHtml: quoteHtml ?? toSafeHtml(statement.text),
    kind: KIND_NAMES[statement.kind],
    isQuote: statement.kind === 'quote',
    speakerName: statement.speaker.name,
    speakerUrl: `/speakers/${encodeURIComponent(statement.speaker.id)}`,
    speakerLine: speakerLine(statement),
    stance: statement.stance,
    stanceLabel: stanceLabel(statement),
    stanceUrl: stanceSearchUrl(statement.stance, statement.measure?.id ?? null),
    dateLabel: formatPartialDate(date, precision) ?? 'date not given in source',
    meetingTitle: statement.meeting?.title ?? null,
    meetingUrl: statement.meeting ? `/meetings/${encodeURIComponent(statement.meeting.id)}` : null,
    sourceLabel: statement.source ? [statement.source.outlet, statement.source.title].filter(Boolean).join(' — ') || null : null,
    verbatim: verbatimBadge(statement),
  };
}
