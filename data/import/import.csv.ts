import { CsvError, parse } from 'csv-parse/sync';
import { ImportError, type ImportProblem } from './import.errors.js';
import type { ImportRecord } from './import.plan.js';

/**
 * The CSV import columns (README "Import format"), each mapped onto a path of the Statement
 * import record. Where the search export (server/search/export.csv.ts) has the same column,
 * the name is the same, so an export re-imports.
 */
export const CSV_IMPORT_COLUMNS = {
  id: 'id',
  text: 'text',
  kind: 'kind',
  stance: 'stance',
  language: 'language',
  context: 'context',
  said_on: 'said_on',
  topics: 'topics',
  speaker_id: 'speaker.id',
  speaker_type: 'speaker.type',
  speaker_name: 'speaker.name',
  speaker_sort_name: 'speaker.sort_name',
  role: 'speaker.role',
  role_category: 'speaker.role_category',
  organization_id: 'speaker.organization.id',
  organization_name: 'speaker.organization.name',
  organization_classification: 'speaker.organization.classification',
  organization_state: 'speaker.organization.state',
  measure_id: 'measure.id',
  measure_title: 'measure.title',
  meeting_id: 'meeting.id',
  meeting_title: 'meeting.title',
  meeting_date: 'meeting.date',
  meeting_location: 'meeting.location',
  source_id: 'source.id',
  source_type: 'source.type',
  source_title: 'source.title',
  source_outlet: 'source.outlet',
  source_author: 'source.author',
  source_url: 'source.url',
  source_published_on: 'source.published_on',
  char_start: 'position.char_start',
  char_end: 'position.char_end',
  time_start: 'position.time_start',
  time_end: 'position.time_end',
} as const;

export type CsvImportColumn = keyof typeof CSV_IMPORT_COLUMNS;

/** The export's shorter names for the same values. */
export const CSV_COLUMN_ALIASES: Readonly<Record<string, CsvImportColumn>> = {
  speaker: 'speaker_name',
  organization: 'organization_name',
  measure: 'measure_title',
  meeting: 'meeting_title',
};

/**
 * Export columns that are derived from the rest (or from the store): accepted and ignored. An
 * import records its own provenance (imported, by the file), so entered_via/entered_by are not read.
 */
export const CSV_IGNORED_COLUMNS = [
  'url',
  'said_on_precision',
  'body',
  'state',
  'verified',
  'verbatim_status',
  'entered_via',
  'entered_by',
] as const;

const NUMERIC_COLUMNS = new Set<CsvImportColumn>(['char_start', 'char_end', 'time_start', 'time_end']);

/** Paths an importer reports, turned back into the column a spreadsheet user sees. */
const FIELD_TO_COLUMN: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CSV_IMPORT_COLUMNS).map(([column, path]) => [path, column])),
  speaker: 'speaker_name',
  'speaker.organization': 'organization_name',
  measure: 'measure_title',
  meeting: 'meeting_title',
  source: 'source_title',
  position: 'char_start',
};

/** "speaker.organization.state" -> "organization_state"; "topics.2" -> "topics"; unknown paths stay. */
export function toCsvColumn(field: string): string {
  if (FIELD_TO_COLUMN[field]) return FIELD_TO_COLUMN[field];
  const withoutIndex = field.replace(/\.\d+$/, '');
  return FIELD_TO_COLUMN[withoutIndex] ?? field;
}

/**
 * A spreadsheet-safe export prefixes a cell starting with = + - @ (or tab, CR) with an apostrophe
 * (CSV injection guard); reading such a cell back drops it, so the words round-trip.
 */
function unguardFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/**
 * Maps one CSV row (header -> cell) onto a Statement import record. Empty cells are absent;
 * a nested entity appears only when one of its cells is filled. Types are left to the schema,
 * so "row 3, said_on: expected a date" comes from the same place for every format.
 */
export function toStatementRecord(row: Readonly<Partial<Record<CsvImportColumn, string>>>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, path] of Object.entries(CSV_IMPORT_COLUMNS) as [CsvImportColumn, string][]) {
    const raw = row[column];
    if (raw === undefined) continue;
    const cell = unguardFormula(raw);
    if (cell.trim() === '') continue;
    let value: unknown = cell;
    if (column === 'topics')
      value = cell
        .split(';')
        .map((t) => t.trim())
        .filter((t) => t !== '');
    else if (NUMERIC_COLUMNS.has(column) && /^\s*\d+(\.\d+)?\s*$/.test(cell)) value = Number(cell);
    setPath(record, path, value);
  }
  // A row always has a speaker object, so a row without one reads "needs an id or a name".
  record.speaker ??= {};
  return record;
}

function canonicalColumn(header: string): CsvImportColumn | 'ignored' | undefined {
  const name = header.trim().toLowerCase();
  if (name in CSV_IMPORT_COLUMNS) return name as CsvImportColumn;
  if (CSV_COLUMN_ALIASES[name]) return CSV_COLUMN_ALIASES[name];
  if ((CSV_IGNORED_COLUMNS as readonly string[]).includes(name)) return 'ignored';
  return undefined;
}

/** Reads the header: every column known, none given twice (an alias counts as its column). */
function readHeader(cells: string[]): (CsvImportColumn | 'ignored')[] {
  const problems: ImportProblem[] = [];
  const seen = new Map<CsvImportColumn, string>();
  const columns = cells.map((cell) => {
    const column = canonicalColumn(cell);
    if (column === undefined) {
      problems.push({
        row: 1,
        field: cell.trim() || '(empty header)',
        message: 'is not a known column (see the CSV columns in the README)',
      });
      return 'ignored';
    }
    if (column !== 'ignored') {
      const earlier = seen.get(column);
      if (earlier !== undefined) problems.push({ row: 1, field: cell.trim(), message: `repeats the column ${earlier}` });
      seen.set(column, cell.trim());
    }
    return column;
  });
  if (!seen.has('text') && problems.length === 0) problems.push({ row: 1, field: 'text', message: 'column is missing' });
  if (problems.length > 0) throw new ImportError(problems);
  return columns;
}

/** First non-blank line after `line`: where a record that never parsed began. */
function nextContentLine(lines: string[], line: number): number {
  for (let i = line; i < lines.length; i++) if ((lines[i] ?? '').trim() !== '') return i + 1;
  return line + 1;
}

/**
 * A parser error as a problem; `unclosedFrom(line)` gives the first non-blank line after `line`
 * (the parser reports the end of the file for a quote never closed).
 */
export function toCsvProblem(error: CsvError, lastRecordEnd: number, unclosedFrom: (line: number) => number): ImportProblem {
  const line = (error as CsvError & { lines?: number }).lines ?? 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      // The curator needs the line the quote opened on.
      return { row: unclosedFrom(lastRecordEnd), field: '(line)', message: 'has a quoted cell that is never closed' };
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return {
        row: line,
        field: '(line)',
        message: 'has broken quoting (a cell with a quote must be wrapped in quotes, with each inner quote doubled: "")',
      };
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const cells = (error as CsvError & { record?: unknown[] }).record?.length;
      const expected = /expect (\d+)/.exec(error.message)?.[1];
      return {
        row: line,
        field: '(line)',
        message:
          `has ${cells ?? 'a different number of'} cell${cells === 1 ? '' : 's'}` +
          `; the header has ${expected ?? 'a different number'}`,
      };
    }
    default:
      return { row: line, field: '(line)', message: `is not valid CSV (${error.message})` };
  }
}

/** The parser's options, the same for a whole text and a stream; `onRecordEnd` hears each record's last line. */
export function csvParseOptions(onRecordEnd: (line: number) => void) {
  return {
    bom: true,
    info: true,
    skip_empty_lines: true,
    on_record: (record: string[], context: { lines: number }) => {
      onRecordEnd(context.lines);
      return record;
    },
  };
}

export type CsvColumns = (CsvImportColumn | 'ignored')[];

/** The header row: every column known, none given twice; the empty file is refused. */
export function readCsvHeader(header: string[] | undefined): CsvColumns {
  if (!header)
    throw new ImportError([{ row: 1, field: '(file)', message: 'is empty: expected a header row and one row per statement' }]);
  return readHeader(header);
}

/** One parsed record as an import record; its row is the line it starts on. */
export function toCsvImportRecord(columns: CsvColumns, record: string[], endLine: number): ImportRecord {
  const cells: Partial<Record<CsvImportColumn, string>> = {};
  columns.forEach((column, i) => {
    if (column !== 'ignored') cells[column] = record[i] ?? '';
  });
  // endLine is where the record ends; line breaks inside it can only be in quoted cells.
  const breaks = record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
  return { row: endLine - breaks, value: toStatementRecord(cells) };
}

/**
 * Parses a CSV import: a header row, then one statement per record. A record's row is the line
 * it starts on (the header is line 1), so a multi-line quote is named where it begins.
 */
export function parseCsvImport(file: string): ImportRecord[] {
  // One line ending throughout: the parser takes the first it meets as the only one, and counts a
  // CRLF inside a quoted cell as two lines, so CRLF, LF and mixed files would name different rows.
  const text = file.replace(/\r\n?/g, '\n');
  let lastRecordEnd = 0;
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(
      text,
      csvParseOptions((line) => (lastRecordEnd = line)),
    ) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError)
      throw new ImportError([toCsvProblem(error, lastRecordEnd, (line) => nextContentLine(text.split('\n'), line))]);
    throw error;
  }
  const [header, ...rows] = parsed;
  const columns = readCsvHeader(header?.record);
  return rows.map(({ record, info }) => toCsvImportRecord(columns, record, info.lines));
}
