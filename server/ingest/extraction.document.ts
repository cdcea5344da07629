// A document's content → its stored text and the candidate statements in it, with no file or
// database I/O: what the CLI, the HTTP upload, the benchmark and the tests all run.
import { extractCandidates, type ExtractionProgress, type QuoteCandidate } from './quote-extractor.js';
import { toSourceText, type SourceFormat, type SourceText } from './source-text.js';

export interface ExtractedDocument {
  source: SourceText;
  candidates: QuoteCandidate[];
}

/** The format is detected from the file name and content unless the curator said what it is. */
export function extractFromDocument(
  content: string,
  fileName?: string,
  format?: SourceFormat,
  onProgress?: (progress: ExtractionProgress) => void,
): ExtractedDocument {
  const source = toSourceText(content, { fileName, format });
  return { source, candidates: extractCandidates(source.text, source.kind, { cues: source.cues, onProgress }) };
}
