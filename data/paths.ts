import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Files ship beside the sources (migrations, seed, views); find the project root from
// wherever this module runs, whether as TypeScript (tests) or compiled under dist/.
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const migrationsDir = join(projectRoot, 'data', 'migrations');
export const seedDir = join(projectRoot, 'data', 'seed');
export const topicsFile = join(projectRoot, 'data', 'topics.json');
export const synonymsFile = join(projectRoot, 'data', 'synonyms.json');
export const viewsDir = join(projectRoot, 'views');
export const staticDir = join(projectRoot, 'views', 'static');
export const defaultDataDir = join(projectRoot, 'data', 'var');
/** Built at install from an npm package (never committed): the compact word vectors. */
export const wordVectorsFile = join(projectRoot, 'data', 'generated', 'word-vectors.bin');
