// The evaluation set in bench/extraction-set/ (written by people who never saw the extractor):
// dev/ and test/ documents, each with NAME.expected.json. Tune on dev only; the test half is read
// by the benchmark for aggregate numbers and nothing else.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExpectedDocuments, type ExpectedDocument } from '../server/ingest/extraction.fixtures.js';
import type { ExpectedEntry } from '../server/ingest/extraction.scoring.js';

export const extractionSetDir = join(dirname(fileURLToPath(import.meta.url)), 'extraction-set');

export type Split = 'dev' | 'test';

export type EvalDocument = ExpectedDocument<ExpectedEntry>;

export function loadEvalSplit(split: Split, dir = join(extractionSetDir, split)): EvalDocument[] {
  return loadExpectedDocuments<ExpectedEntry>(dir);
}
