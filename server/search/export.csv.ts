import { stringify } from 'csv-stringify/sync';
import type { Statement } from '../../data/archive.types.js';
import { statementUrl } from '../statements/statement.json.js';

/** The CSV columns of an export, documented in the README; one statement per row. */
export const CSV_COLUMNS = [
  'id', 'url', 'text', 'kind', 'stance', 'measure_id', 'measure', 'speaker_id', 'speaker', 'role', 'role_category',
  'organization', 'meeting_id', 'meeting', 'meeting_date', 'said_on', 'said_on_precision', 'body', 'state', 'topics',
  'source_title', 'source_outlet', 'source_author', 'source_url', 'source_published_on', 'verified', 'context',
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
    measure_id: statement.measure?.id ?? null,
    measure: statement.measure?.title ?? null,
    speaker_id: statement.speaker.id,
    speaker: statement.speaker.name,
    role: statement.speaker.role,
    role_category: statement.speaker.role_category,
    organization: statement.speaker.organization?.name ?? null,
    meeting_id: statement.meeting?.id ?? null,
    meeting: statement.meeting?.title ?? null,
    meeting_date: statement.meeting?.date ?? null,
    said_on: statement.said_on,
    said_on_precision: statement.said_on_precision,
    body: statement.body?.name ?? null,
    state: statement.state,
    topics: statement.topics.join(';'),
    source_title: statement.source?.title ?? null,
    source_outlet: statement.source?.outlet ?? null,
    source_author: statement.source?.author ?? null,
    source_url: statement.source?.url ?? null,
    source_published_on: statement.source?.published_on ?? null,
    verified: statement.verified,
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
