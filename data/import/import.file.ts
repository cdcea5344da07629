import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isPopoloDocument, popoloToImportPlan } from '../popolo/popolo.import.js';
import { parseCsvImport, toCsvColumn } from './import.csv.js';
import { ImportError } from './import.errors.js';
import type { ImportPlan, ImportRecord } from './import.plan.js';

export type ImportFormat = 'json' | 'ndjson' | 'csv';

/**
 * Reads an import file: a JSON array of statements (or an object with `statements` and
 * optionally `sources`, `measures`, `meetings`, `organizations` arrays), a Popolo export (an
 * object with `persons`, `speeches`, ... arrays), NDJSON with one statement per line, or CSV
 * with a header row. Rows are array positions (JSON) or line
 * numbers (NDJSON, CSV; the header is line 1), from 1.
 */
export function readImportFile(path: string): ImportPlan {
  return parseImportText(decodeImportBytes(readFileSync(path)), path);
}

/** Strict UTF-8: a file in another encoding is refused, naming the first line that is not UTF-8. */
export function decodeImportBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    throw new ImportError([
      {
        row: lineOf(lenient, lenient.indexOf('\uFFFD')),
        field: '(file)',
        message: 'is not valid UTF-8 text (save the file as UTF-8 and try again)',
      },
    ]);
  }
}

/**
 * Text that reached us already decoded (a form field) shows bytes that were not UTF-8 as U+FFFD,
 * the replacement character: refuse it rather than store damaged words.
 */
export function refuseReplacementCharacters(text: string): void {
  const at = text.indexOf('\uFFFD');
  if (at >= 0) {
    throw new ImportError([
      {
        row: lineOf(text, at),
        field: '(file)',
        message: 'is not valid UTF-8 text (it contains the replacement character \uFFFD; save the file as UTF-8 and try again)',
      },
    ]);
  }
}

function lineOf(text: string, index: number): number {
  if (index < 0) return 1;
  return (text.slice(0, index).match(/\r\n|\n|\r/g)?.length ?? 0) + 1;
}

/** The format by the file's extension, else by its first character: "[" JSON, "{" NDJSON, else CSV. */
export function detectImportFormat(text: string, fileName = ''): ImportFormat {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'ndjson';
  return 'csv';
}

/** Parses decoded import text; `fileName` (path or upload name) only helps tell the format. */
export function parseImportText(text: string, fileName = ''): ImportPlan {
  const format = detectImportFormat(text, fileName);
  if (format === 'csv') return { statements: parseCsvImport(text), fieldName: toCsvColumn, flat: true };
  if (format === 'ndjson') {
    // A pretty-printed JSON object (a Popolo export saved without .json) also starts with "{".
    const named = ['.ndjson', '.jsonl'].includes(extname(fileName).toLowerCase());
    const whole = named ? undefined : parseWhole(text.replace(/^\uFEFF/, ''));
    if (isPopoloDocument(whole)) return popoloToImportPlan(whole);
    return { statements: parseNdjson(text) };
  }
  return parseJsonDocument(text.replace(/^\uFEFF/, ''));
}

function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // NDJSON with more than one line: not one JSON value
  }
}

function parseNdjson(text: string): ImportRecord[] {
  const records: ImportRecord[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push({ row: index + 1, value: JSON.parse(line) });
    } catch (error) {
      throw new ImportError([{ row: index + 1, field: '(line)', message: `is not valid JSON (${(error as Error).message})` }]);
    }
  });
  return records;
}

function parseJsonDocument(text: string): ImportPlan {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // V8 names a character position; a curator needs the line (and column) to find it.
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    if (!position)
      throw new ImportError([{ row: lineOf(text, text.length), field: '(line)', message: `is not valid JSON (${message})` }]);
    const index = Number(position[1]);
    const column = index - Math.max(text.lastIndexOf('\n', index - 1), text.lastIndexOf('\r', index - 1));
    throw new ImportError([
      {
        row: lineOf(text, index),
        field: '(line)',
        message: `is not valid JSON at column ${column} (${message.replace(/ at position \d+/, '')})`,
      },
    ]);
  }
  const rows = (values: unknown, field: string): ImportRecord[] => {
    if (values === undefined) return [];
    if (!Array.isArray(values)) throw new ImportError([{ row: 1, field, message: 'expected an array' }]);
    return (values as unknown[]).map((value, index) => ({ row: index + 1, value }));
  };
  if (Array.isArray(document)) return { statements: rows(document, '(file)') };
  if (isPopoloDocument(document)) return popoloToImportPlan(document);
  if (document && typeof document === 'object') {
    const parts = document as Record<string, unknown>;
    return {
      organizations: rows(parts.organizations, 'organizations'),
      measures: rows(parts.measures, 'measures'),
      meetings: rows(parts.meetings, 'meetings'),
      sources: rows(parts.sources, 'sources'),
      statements: rows(parts.statements ?? [], 'statements'),
    };
  }
  throw new ImportError([
    { row: 1, field: '(file)', message: 'expected an array of statements or an object with a statements array' },
  ]);
}
