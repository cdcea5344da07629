// Reads a document to ingest and extracts its candidates: the one place with file I/O.
import { readFileSync } from 'node:fs';
import { extractCandidates, type QuoteCandidate } from './quote-extractor.js';
import { toSourceText, type SourceFormat, type SourceText } from './source-text.js';

export interface IngestResult {
  source: SourceText;
  candidates: QuoteCandidate[];
}

export function readIngestDocument(path: string): IngestResult {
  return ingestDocument(readDocumentText(path), path);
}

/** A document's content as text; bytes that are not UTF-8 are refused, naming the file. */
export function readDocumentText(path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (error) {
    const reason = error instanceof TypeError ? 'is not valid UTF-8 text' : (error as Error).message;
    throw new Error(`ingest: ${path} ${reason}`);
  }
}

/**
 * The stored text of a document and the candidate statements in it (offsets into that text).
 * The format is detected from the file name and content unless the curator said what it is.
 */
export function ingestDocument(content: string, fileName?: string, format?: SourceFormat): IngestResult {
  const source = toSourceText(content, { fileName, format });
  return { source, candidates: extractCandidates(source.text, source.kind, { cues: source.cues }) };
}
