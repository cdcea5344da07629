// Reads a document to ingest and extracts its candidates: the one place with file I/O.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractFromDocument } from './extraction.document.js';
import type { ExtractionProgress, QuoteCandidate } from './quote-extractor.js';
import { checkIngestBytes, checkSourceText } from './source-text.guard.js';
import type { SourceFormat, SourceText } from './source-text.js';

export interface IngestResult {
  source: SourceText;
  candidates: QuoteCandidate[];
}

/** Reads and extracts a file; a document with no readable text is refused in one line. */
export function readIngestDocument(path: string): IngestResult {
  const result = ingestDocument(readDocumentText(path), path);
  const empty = checkSourceText(result.source.text, result.source.format);
  if (empty) throw new Error(`ingest: ${basename(path)}: ${empty.message}`);
  return result;
}

/**
 * A document's content as text. Too large, empty, binary (a PDF, an image, NUL bytes) or not
 * UTF-8: refused in one line naming the file and the problem.
 */
export function readDocumentText(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`ingest: ${path}: ${(error as Error).message}`);
  }
  const refusal = checkIngestBytes(bytes);
  if (refusal) throw new Error(`ingest: ${basename(path)}: ${refusal.message}`);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * The stored text of a document and the candidate statements in it (offsets into that text).
 * The format is detected from the file name and content unless the curator said what it is.
 */
export function ingestDocument(
  content: string,
  fileName?: string,
  format?: SourceFormat,
  onProgress?: (progress: ExtractionProgress) => void,
): IngestResult {
  return extractFromDocument(content, fileName, format, onProgress);
}
