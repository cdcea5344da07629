// The extractor's fixture set (test/fixtures/extractor): each document with its hand-checked
// `<name>.expected.json`. Shared by the fixture test and the benchmark.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../data/paths.js';
import type { ExpectedQuote } from './extraction.metrics.js';

export const extractorFixturesDir = join(projectRoot, 'test', 'fixtures', 'extractor');

export interface ExtractorFixture {
  name: string;
  path: string;
  content: string;
  expected: ExpectedQuote[];
}

export function loadExtractorFixtures(dir = extractorFixturesDir): ExtractorFixture[] {
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
        expected: JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedQuote[],
      };
    });
}
