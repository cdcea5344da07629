// The evaluation set in bench/extraction-set/ (written by people who never saw the extractor):
// dev/ and test/ documents, each with NAME.expected.json. Tune on dev only; the test half is read
// by the benchmark for aggregate numbers and nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExpectedEntry } from '../server/ingest/extraction.scoring.js';

export const extractionSetDir = join(dirname(fileURLToPath(import.meta.url)), 'extraction-set');

export type Split = 'dev' | 'test';

export interface EvalDocument {
  name: string;
  path: string;
  content: string;
  expected: ExpectedEntry[];
}

export function loadEvalSplit(split: Split, dir = join(extractionSetDir, split)): EvalDocument[] {
  return readdirSync(dir)
    .filter((file) => /\.(?:txt|html?|vtt|srt)$/.test(file))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const expectedPath = join(dir, `${file.replace(/\.[^.]+$/, '')}.expected.json`);
      return {
        name: file,
        path,
        content: readFileSync(path, 'utf8'),
        expected: JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedEntry[],
      };
    });
}
