import type { DatePrecision, Stance, Statement } from '../../data/archive.types.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { escapeHtml, type SafeHtml } from '../search/highlight.js';

export const STANCE_VERBS: Record<Stance, string> = {
  support: 'Supports',
  oppose: 'Opposes',
  mixed: 'Mixed on',
  neutral: 'Neutral on',
  unclear: 'Stance unclear on',
};

export const STANCE_NAMES: Record<Stance, string> = {
  support: 'Supports', oppose: 'Opposes', mixed: 'Mixed', neutral: 'Neutral', unclear: 'Unclear',
};

export const KIND_NAMES = { quote: 'Quote', paraphrase: 'Paraphrase', written_comment: 'Written comment' } as const;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "December 7, 2023", "December 2023", "2023", or null when the date is not known. */
export function formatPartialDate(date: string | null, precision?: DatePrecision): string | null {
  if (!date || precision === 'unknown') return null;
  precision ??= date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
  const [y, m, d] = date.split('-');
  if (m === undefined || precision === 'year') return y ?? null;
  const month = MONTHS[Number(m) - 1] ?? m;
  if (d === undefined || precision === 'month') return `${month} ${y}`;
  return `${month} ${Number(d)}, ${y}`;
}

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
  const precision = statement.said_on ? statement.said_on_precision : statement.meeting?.date_precision ?? 'unknown';
  return {
    id: statement.id,
    url: `/statements/${encodeURIComponent(statement.id)}`,
    quoteHtml: quoteHtml ?? (escapeHtml(statement.text) as SafeHtml),
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
