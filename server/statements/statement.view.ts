import type { Stance, Statement } from '../../data/archive.types.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';
import { KIND_NAMES, STANCE_NAMES, STANCE_VERBS } from '../../data/domain/labels.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { toSafeHtml, type SafeHtml } from '../http/html.js';

/** Stance is always shown with its measure: "Opposes: DPS resolution to end the SRO contract". */
export function stanceLabel(statement: Pick<Statement, 'stance' | 'measure'>): string {
  if (!statement.measure) return `Stance: ${STANCE_NAMES[statement.stance].toLowerCase()} (no measure named)`;
  return `${STANCE_VERBS[statement.stance]}: ${statement.measure.title}`;
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
  dateLabel: string;
  meetingTitle: string | null;
  meetingUrl: string | null;
  sourceLabel: string | null;
  verified: boolean;
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
    dateLabel: formatPartialDate(date, precision) ?? 'date not given in source',
    meetingTitle: statement.meeting?.title ?? null,
    meetingUrl: statement.meeting ? `/meetings/${encodeURIComponent(statement.meeting.id)}` : null,
    sourceLabel: statement.source ? [statement.source.outlet, statement.source.title].filter(Boolean).join(' — ') || null : null,
    verified: statement.verified,
  };
}
