import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordVectorsFile } from '../../data/paths.js';
import { loadStopWords } from '../../indexer/index-settings.js';
import { createTextEmbedder, readWordVectors, type WordVectors } from '../../indexer/word-vectors.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
const norm = (a: number[]) => Math.sqrt(cosine(a, a));

/** A vocabulary of four words in 3 dimensions, most frequent first, quantised as the build does. */
function tinyVectors(): WordVectors {
  const words = ['the', 'school', 'police', 'zoning'];
  const raw = [
    [1, 1, 1],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const scales = new Float32Array(words.length);
  const values = new Int8Array(words.length * 3);
  raw.forEach((v, row) => {
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const max = Math.max(...v.map((x) => Math.abs(x / n)));
    scales[row] = max / 127;
    v.forEach((x, d) => (values[row * 3 + d] = Math.round((x / n / max) * 127)));
  });
  return { dimensions: 3, rows: new Map(words.map((w, i) => [w, i])), scales, values };
}

describe('statement vectors from word vectors', () => {
  it('averages the known words, stop words weighing nothing, into a unit vector', () => {
    const embed = createTextEmbedder(tinyVectors(), new Set(['the']));
    const vector = embed('The police, the police!') as number[];
    expect(norm(vector)).toBeCloseTo(1, 3);
    // "the" is a stop word: the text's vector is police's alone, whatever is taken out in common.
    expect(embed('police')).toEqual(vector);
    expect(embed('the')).toBeNull();
    expect(embed('xylophone quux')).toBeNull();
    expect(embed('')).toBeNull();
  });

  it('weighs a rarer word more than a frequent one', () => {
    const embed = createTextEmbedder(tinyVectors(), new Set());
    const mixed = embed('school zoning') as number[];
    // Both words once: the rarer "zoning" pulls the mean toward itself.
    expect(cosine(mixed, embed('zoning') as number[])).toBeGreaterThan(cosine(mixed, embed('school') as number[]));
  });

  it('reads the file the install built, and puts a paraphrase nearer than another topic', () => {
    expect(existsSync(wordVectorsFile), `${wordVectorsFile} missing: run npm run build:vectors`).toBe(true);
    const vectors = readWordVectors() as WordVectors;
    expect(vectors.dimensions).toBe(100);
    expect(vectors.rows.size).toBeGreaterThan(50_000);
    const embed = createTextEmbedder(vectors, new Set(loadStopWords()));
    const query = embed('take police out of schools') as number[];
    const paraphrase = embed('Remove the officers from our campuses') as number[];
    const otherTopic = embed('The library should keep these books on the shelves') as number[];
    expect(cosine(query, paraphrase)).toBeGreaterThan(cosine(query, otherTopic) + 0.2);
  });

  it('has no file to read where none was built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onrecord-vectors-'));
    try {
      expect(readWordVectors(join(dir, 'missing.bin'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
