import { createReadStream, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { isPopoloDocument } from '../popolo/popolo.import.js';
import { csvParseOptions, readCsvHeader, toCsvColumn, toCsvImportRecord, toCsvProblem, type CsvColumns } from './import.csv.js';
import { ImportError } from './import.errors.js';
import { detectImportFormat, readImportFile, refuseReplacementCharacters } from './import.file.js';
import type { ImportPlan, ImportRecord } from './import.plan.js';

// Reading an import file as a stream of records, so a file of a million rows is never held in
// memory whole: CSV and NDJSON are read a chunk at a time; a JSON document (an array, an object
// of lists, a Popolo export) is one value and is read whole, as readImportFile does.

/** A plan whose statements arrive one at a time, with how far through the file the reader is. */
export interface ImportStream {
  /** Everything but the statements: how fields are named, the lists a JSON document gives. */
  plan: Omit<ImportPlan, 'statements'>;
  statements: AsyncIterable<ImportRecord>;
  /** Bytes read so far and the file's size: a progress bar's fraction. */
  progress(): { bytesRead: number; totalBytes: number };
}

const CHUNK_BYTES = 256 * 1024;

/** Opens an import file as a stream of records; the format is told as readImportFile tells it. */
export async function openImportStream(path: string, options: { refuseReplacement?: boolean } = {}): Promise<ImportStream> {
  const totalBytes = statSync(path).size;
  const head = await readHead(path);
  const format = detectImportFormat(head, path);
  const named = ['.ndjson', '.jsonl'].includes(extname(path).toLowerCase());
  const streamed = format === 'csv' || (format === 'ndjson' && (named || firstLineIsRecord(head)));
  if (!streamed) {
    if (options.refuseReplacement) refuseReplacementCharacters(readFileSync(path, 'utf8'));
    const { statements, ...plan } = readImportFile(path);
    return { plan, statements: fromArray(statements), progress: () => ({ bytesRead: totalBytes, totalBytes }) };
  }
  let bytesRead = 0;
  const decoded = decodedLines(path, (n) => (bytesRead += n));
  const text = options.refuseReplacement ? withoutReplacement(decoded) : decoded;
  const progress = () => ({ bytesRead, totalBytes });
  if (format === 'csv') return { plan: { fieldName: toCsvColumn, flat: true }, statements: csvRecords(path, text), progress };
  return { plan: {}, statements: ndjsonRecords(text), progress };
}

function fromArray(records: ImportRecord[]): AsyncIterable<ImportRecord> {
  return (async function* () {
    for (const record of records) yield await Promise.resolve(record);
  })();
}

/** The file's first bytes as text: enough to tell its format. */
async function readHead(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return new TextDecoder('utf-8').decode(buffer.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/**
 * A file starting with "{" is NDJSON when its first line is a whole record; a pretty-printed
 * object (a Popolo export saved without .json) or a one-line Popolo document is read whole.
 */
function firstLineIsRecord(head: string): boolean {
  const newline = head.search(/\r|\n/);
  if (newline < 0) return false;
  try {
    return !isPopoloDocument(JSON.parse(head.slice(0, newline).replace(/^\uFEFF/, '')));
  } catch {
    return false;
  }
}

/**
 * The file as decoded text chunks: strict UTF-8 (refused naming the first line that is not) and
 * one line ending (CRLF and CR become LF, as parseCsvImport does), across chunk boundaries.
 */
async function* decodedLines(path: string, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let heldCr = false;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    onBytes(bytes.length);
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw await notUtf8(path);
    }
    if (heldCr) text = `\r${text}`;
    heldCr = text.endsWith('\r');
    if (heldCr) text = text.slice(0, -1);
    if (text !== '') yield text.replace(/\r\n?/g, '\n');
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw await notUtf8(path);
  }
  if (heldCr) rest = `\r${rest}`;
  if (rest !== '') yield rest.replace(/\r\n?/g, '\n');
}

/**
 * Text that reached us already decoded (a form field, written to a file by the upload) shows
 * bytes that were not UTF-8 as U+FFFD: refused, naming the line, rather than stored as damaged words.
 */
async function* withoutReplacement(text: AsyncIterable<string>): AsyncGenerator<string> {
  let line = 1;
  for await (const chunk of text) {
    const at = chunk.indexOf('\uFFFD');
    if (at >= 0) refuseReplacementCharacters(`${'\n'.repeat(line - 1)}${chunk.slice(0, at + 1)}`);
    line += chunk.match(/\n/g)?.length ?? 0;
    yield chunk;
  }
}

/** The refusal of a file that is not UTF-8, naming the first line with a byte that is not. */
async function notUtf8(path: string): Promise<ImportError> {
  const lenient = new TextDecoder('utf-8');
  let line = 1;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const text = lenient.decode(chunk as Buffer, { stream: true });
    const at = text.indexOf('\uFFFD');
    const lines = text.slice(0, at < 0 ? undefined : at).match(/\r\n|\n|\r/g)?.length ?? 0;
    line += lines;
    if (at >= 0) break;
  }
  return new ImportError([
    { row: line, field: '(file)', message: 'is not valid UTF-8 text (save the file as UTF-8 and try again)' },
  ]);
}

async function* csvRecords(path: string, text: AsyncIterable<string>): AsyncGenerator<ImportRecord> {
  let lastRecordEnd = 0;
  const parser = parse(csvParseOptions((line) => (lastRecordEnd = line)));
  // pipeline: a refusal while reading (not UTF-8) ends the parser with that error, which the loop throws.
  pipeline(Readable.from(text), parser, () => undefined);
  let columns: CsvColumns | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === undefined) {
        columns = readCsvHeader(record);
        continue;
      }
      yield toCsvImportRecord(columns, record, info.lines);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const from = error.code === 'CSV_QUOTE_NOT_CLOSED' ? await nextContentLine(path, lastRecordEnd) : 0;
    throw new ImportError([toCsvProblem(error, lastRecordEnd, () => from)]);
  }
  if (columns === undefined) readCsvHeader(undefined);
}

/** The first non-blank line after `line`, read from the file again (only for a refusal). */
async function nextContentLine(path: string, line: number): Promise<number> {
  let current = 0;
  let partial = '';
  for await (const text of decodedLines(path, () => undefined)) {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const content of lines) {
      current += 1;
      if (current > line && content.trim() !== '') return current;
    }
  }
  current += 1;
  return current > line && partial.trim() !== '' ? current : line + 1;
}

async function* ndjsonRecords(text: AsyncIterable<string>): AsyncGenerator<ImportRecord> {
  let partial = '';
  let row = 0;
  const recordOf = (line: string): ImportRecord | undefined => {
    row += 1;
    if (line.trim() === '') return undefined;
    try {
      return { row, value: JSON.parse(row === 1 ? line.replace(/^\uFEFF/, '') : line) };
    } catch (error) {
      throw new ImportError([{ row, field: '(line)', message: `is not valid JSON (${(error as Error).message})` }]);
    }
  };
  for await (const chunk of text) {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const record = recordOf(line);
      if (record) yield record;
    }
  }
  const last = recordOf(partial);
  if (last) yield last;
}
