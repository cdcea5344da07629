import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ImportError } from './import.errors.js';
import type { ImportInput, ImportRecord } from './import.service.js';

/**
 * Reads an import file: a JSON array of statements (or an object with `statements` and
 * optionally `sources`, `measures`, `meetings`, `organizations` arrays), or NDJSON with one
 * statement per line. Rows are array positions or line numbers, from 1.
 */
export function readImportFile(path: string): ImportInput {
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError([{ row: 1, field: '(file)', message: 'is not valid UTF-8 text' }]);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') {
    throw new ImportError([{ row: 1, field: '(file)', message: 'CSV import is not supported yet; use JSON or NDJSON' }]);
  }
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (extension === '.ndjson' || extension === '.jsonl' || (extension !== '.json' && !trimmed.startsWith('['))) {
    return { statements: parseNdjson(text) };
  }
  return parseJsonDocument(trimmed);
}

function parseNdjson(text: string): ImportRecord[] {
  const records: ImportRecord[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push({ row: index + 1, value: JSON.parse(line) });
    } catch (error) {
      throw new ImportError([{ row: index + 1, field: '(line)', message: `is not valid JSON (${(error as Error).message})` }]);
    }
  });
  return records;
}

function parseJsonDocument(text: string): ImportInput {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ImportError([{ row: 1, field: '(file)', message: `is not valid JSON (${(error as Error).message})` }]);
  }
  const rows = (values: unknown, field: string): ImportRecord[] => {
    if (values === undefined) return [];
    if (!Array.isArray(values)) throw new ImportError([{ row: 1, field, message: 'expected an array' }]);
    return values.map((value, index) => ({ row: index + 1, value }));
  };
  if (Array.isArray(document)) return { statements: rows(document, '(file)') };
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
  throw new ImportError([{ row: 1, field: '(file)', message: 'expected an array of statements or an object with a statements array' }]);
}
