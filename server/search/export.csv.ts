import { stringify } from 'csv-stringify/sync';
import type { Statement } from '../../data/archive.types.js';
import { statementUrl } from '../statements/statement.json.js';

/** The CSV columns of an export, documented in the README; one statement per row. */
export const CSV_COLUMNS = [
  'id',
  'url',
  'text',
  'kind',
  'stance',
  'language',
  'measure_id',
  'measure',
  'speaker_id',
  'speaker',
  'speaker_type',
  'role',
  'role_category',
  'organization_id',
  'organization',
  'meeting_id',
  'meeting',
  'meeting_date',
  'said_on',
  'said_on_precision',
  'body',
  'state',
  'topics',
  'source_id',
  'source_type',
  'source_title',
  'source_outlet',
  'source_author',
  'source_url',
  'source_published_on',
  'char_start',
  'char_end',
  'time_start',
  'time_end',
  'verified',
  'verbatim_status',
  'entered_via',
  'entered_by',
  'context',
] as const;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula:
 * prefix such cells with an apostrophe so an export can never carry a formula (CSV injection).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function toRow(statement: Statement, baseUrl: string): string[] {
  const values: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> = {
    id: statement.id,
    url: statementUrl(baseUrl, statement.id),
    text: statement.text,
    kind: statement.kind,
    stance: statement.stance,
    language: statement.language,
    measure_id: statement.measure?.id ?? null,
    measure: statement.measure?.title ?? null,
    speaker_id: statement.speaker.id,
    speaker: statement.speaker.name,
    speaker_type: statement.speaker.type,
    role: statement.speaker.role,
    role_category: statement.speaker.role_category,
    organization_id: statement.speaker.organization?.id ?? null,
    organization: statement.speaker.organization?.name ?? null,
    meeting_id: statement.meeting?.id ?? null,
    meeting: statement.meeting?.title ?? null,
    meeting_date: statement.meeting?.date ?? null,
    said_on: statement.said_on,
    said_on_precision: statement.said_on_precision,
    body: statement.body?.name ?? null,
    state: statement.state,
    topics: statement.topics.join(';'),
    source_id: statement.source?.id ?? null,
    source_type: statement.source?.type ?? null,
    source_title: statement.source?.title ?? null,
    source_outlet: statement.source?.outlet ?? null,
    source_author: statement.source?.author ?? null,
    source_url: statement.source?.url ?? null,
    source_published_on: statement.source?.published_on ?? null,
    char_start: statement.position?.char_start ?? null,
    char_end: statement.position?.char_end ?? null,
    time_start: statement.position?.time_start ?? null,
    time_end: statement.position?.time_end ?? null,
    // A paraphrase is the source's words: never marked as the speaker's verbatim words.
    verified: statement.kind !== 'paraphrase' && statement.verified,
    verbatim_status: statement.verbatim_status,
    entered_via: statement.provenance.via,
    entered_by: statement.provenance.by,
    context: statement.context,
  };
  return CSV_COLUMNS.map((column) => {
    const value = values[column];
    return value === null ? '' : neutraliseFormula(String(value));
  });
}

export function toCsvChunk(statements: Statement[], baseUrl: string, withHeader: boolean): string {
  const rows = statements.map((s) => toRow(s, baseUrl));
  return stringify(withHeader ? [[...CSV_COLUMNS], ...rows] : rows, { record_delimiter: 'windows' });
}
