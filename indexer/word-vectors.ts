import { existsSync, readFileSync } from 'node:fs';
import { wordVectorsFile } from '../data/paths.js';
import { loadStopWords } from './index-settings.js';

/**
 * data/generated/word-vectors.bin: "ORW1", uint32 dimensions, uint32 word count, one float32
 * scale per word, the int8 values (word-major), then the words joined by "\n", most frequent first.
 */
export const WORD_VECTORS_MAGIC = 'ORW1';

export interface WordVectors {
  dimensions: number;
  /** Row of each word; the row number is its frequency rank. */
  rows: Map<string, number>;
  scales: Float32Array;
  values: Int8Array;
}

export function readWordVectors(path = wordVectorsFile): WordVectors | null {
  if (!existsSync(path)) return null;
  const file = readFileSync(path);
  if (file.toString('latin1', 0, 4) !== WORD_VECTORS_MAGIC) throw new Error(`${path}: not a word vector file`);
  const dimensions = file.readUInt32LE(4);
  const count = file.readUInt32LE(8);
  const scalesAt = 12;
  const valuesAt = scalesAt + count * 4;
  const wordsAt = valuesAt + count * dimensions;
  // Copied out so the arrays are aligned and the file buffer can go.
  const scales = new Float32Array(file.buffer.slice(file.byteOffset + scalesAt, file.byteOffset + valuesAt));
  const values = new Int8Array(file.buffer.slice(file.byteOffset + valuesAt, file.byteOffset + wordsAt));
  const rows = new Map<string, number>();
  file
    .toString('utf8', wordsAt)
    .split('\n')
    .forEach((word, row) => rows.set(word, row));
  return { dimensions, rows, scales, values };
}

/** SIF's smoothing weight a/(a + p(w)): words rarer than about one in a thousand keep most of their say. */
const SIF_A = 1e-3;
/** Zipf's law: the word of frequency rank r has probability about 1/(r * H), H the harmonic number of the vocabulary. */
const zipf = (rank: number, size: number) => 1 / ((rank + 1) * (Math.log(size) + 0.5772));

const WORD = /\p{L}+(?:['-]\p{L}+)*/gu;

/**
 * Turns text into a unit vector: the SIF-weighted mean of its words' vectors (frequent words
 * weigh little, stop words nothing, unknown words are skipped). Null when no word is known.
 */
export function createTextEmbedder(vectors: WordVectors, stopWords: ReadonlySet<string>) {
  const { dimensions, rows, scales, values } = vectors;
  const size = rows.size;
  const weightOf = (row: number) => (SIF_A / (SIF_A + zipf(row, size))) * (scales[row] as number);
  // SIF's common component: the direction every text shares (the expected text's vector), taken
  // out so unrelated statements are far apart and similar ones stand out.
  const common = new Float64Array(dimensions);
  for (let row = 0; row < size; row++) {
    const w = weightOf(row) * zipf(row, size);
    for (let d = 0; d < dimensions; d++) common[d] = (common[d] as number) + w * (values[row * dimensions + d] as number);
  }
  const commonNorm = Math.sqrt(common.reduce((sum, x) => sum + x * x, 0));
  for (let d = 0; d < dimensions; d++) common[d] = (common[d] as number) / commonNorm;
  return function embed(text: string): number[] | null {
    const sum = new Float64Array(dimensions);
    let known = 0;
    for (const match of text.toLowerCase().replace(/’/g, "'").matchAll(WORD)) {
      const word = match[0];
      if (stopWords.has(word)) continue;
      const row = rows.get(word) ?? rows.get(word.replace(/'s$/, ''));
      if (row === undefined) continue;
      const weight = weightOf(row);
      const base = row * dimensions;
      for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] as number) + weight * (values[base + d] as number);
      known += 1;
    }
    if (known === 0) return null;
    let along = 0;
    for (let d = 0; d < dimensions; d++) along += (sum[d] as number) * (common[d] as number);
    for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] as number) - along * (common[d] as number);
    let norm = 0;
    for (const x of sum) norm += x * x;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return null;
    // Rounded: four decimals are far finer than the int8 vectors they come from, and keep documents small.
    return Array.from(sum, (x) => Math.round((x / norm) * 1e4) / 1e4);
  };
}

export type TextEmbedder = ReturnType<typeof createTextEmbedder>;

let cached: TextEmbedder | null | undefined;

/** The process's embedder, read on first use; null when the vector file has not been built. */
export function defaultEmbedder(): TextEmbedder | null {
  if (cached === undefined) {
    const vectors = readWordVectors();
    cached = vectors ? createTextEmbedder(vectors, new Set(loadStopWords())) : null;
  }
  return cached;
}

/** Forget the embedder read so far (the vector file was just built). */
export function resetEmbedderCache(): void {
  cached = undefined;
}
