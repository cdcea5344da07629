// The extractor's fixture set (test/fixtures/extractor): each document with its hand-checked
// `<name>.expected.json`. Shared by the fixture test and the benchmark.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../data/paths.js';
import type { ExpectedQuote } from './extraction.metrics.js';

export const extractorFixturesDir = join(projectRoot, 'test', 'fixtures', 'extractor');

/** A document with its hand-checked answers: `NAME.ext` beside `NAME.expected.json`. */
export interface ExpectedDocument<T> {
  name: string;
  path: string;
  content: string;
  expected: T[];
}

export type ExtractorFixture = ExpectedDocument<ExpectedQuote>;

/** Every document (text, HTML, VTT, SRT) in a folder with its expected answers, by file name. */
export function loadExpectedDocuments<T>(dir: string): ExpectedDocument<T>[] {
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
        expected: JSON.parse(readFileSync(expectedPath, 'utf8')) as T[],
      };
    });
}

export function loadExtractorFixtures(dir = extractorFixturesDir): ExtractorFixture[] {
  return loadExpectedDocuments<ExpectedQuote>(dir);
}
