// Reads a document to ingest and extracts its candidates: the one place with file I/O.
import { readFileSync } from 'node:fs';
import { extractCandidates, type QuoteCandidate } from './quote-extractor.js';
import { toSourceText, type SourceText } from './source-text.js';

export interface IngestResult {
  source: SourceText;
  candidates: QuoteCandidate[];
}

export function readIngestDocument(path: string): IngestResult {
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (error) {
    const reason = error instanceof TypeError ? 'is not valid UTF-8 text' : (error as Error).message;
    throw new Error(`ingest: ${path} ${reason}`);
  }
  return ingestDocument(content, path);
}

/** The stored text of a document and the candidate statements in it (offsets into that text). */
export function ingestDocument(content: string, fileName?: string): IngestResult {
  const source = toSourceText(content, fileName === undefined ? {} : { fileName });
  return { source, candidates: extractCandidates(source.text, source.kind, { cues: source.cues }) };
}
