import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  ftruncateSync,
  lstatSync,
  openSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';

// Every file a command writes at a path the user names (`export --output`, `backup`) is checked
// here first, whatever --force says: it is never the archive or its -wal/-shm/-journal (writing
// there destroys the archive or its acknowledged writes), never inside the engine's data, never a
// symbolic link (the write would land wherever it points), and never an existing file inside
// DATA_DIR. --force only lets an ordinary file outside DATA_DIR be overwritten.

/** An output path that was refused; nothing was written. The message names the path and why. */
export class OutputPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputPathError';
  }
}

export interface ProtectedPaths {
  dataDir: string;
  databasePath: string;
}

const ARCHIVE_SUFFIXES = ['', '-wal', '-shm', '-journal'];
// What the embedded engine keeps in DATA_DIR (indexer/engine.ts): its database, dumps,
// snapshots, binary, key and pid file.
const ENGINE_ENTRIES = [
  'meilisearch',
  'meilisearch-dumps',
  'meilisearch-snapshots',
  'bin',
  'meili-master-key',
  'meilisearch.pid',
];

/** The real location of a path whose last part may not exist yet (its directory must). */
function realLocation(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realLocation(parent), basename(absolute));
  }
}

const isInside = (path: string, dir: string) => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The archive's files as they exist now: a hard link to one of them is the archive too. */
function archiveFiles(paths: ProtectedPaths): Stats[] {
  return ARCHIVE_SUFFIXES.flatMap((suffix) => {
    try {
      return [statSync(paths.databasePath + suffix)];
    } catch {
      return [];
    }
  });
}

/**
 * Checks an output path before anything is written; returns its absolute path. Throws
 * OutputPathError naming the path and the reason when it is refused.
 */
export function checkOutputPath(file: string, paths: ProtectedPaths, options: { force: boolean }): string {
  const target = resolve(file);
  const parent = dirname(target);
  if (!existsSync(parent)) throw new OutputPathError(`the directory ${parent} does not exist`);
  if (!statSync(parent).isDirectory()) throw new OutputPathError(`${parent} is not a directory`);

  const entry = lstatOrNull(target);
  if (entry?.isSymbolicLink()) {
    throw new OutputPathError(
      `${target} is a symbolic link; name the file itself, not a link to it (--force does not change this)`,
    );
  }
  if (entry && !entry.isFile()) throw new OutputPathError(`${target} is not an ordinary file`);

  // Where the write really lands, with every symbolic link in the directories above resolved.
  const real = join(realpathSync(parent), basename(target));
  const dataDir = realLocation(paths.dataDir);
  const archive = realLocation(paths.databasePath);
  if (ARCHIVE_SUFFIXES.some((suffix) => real === archive + suffix)) {
    throw new OutputPathError(
      `${target} is the archive${real === archive ? '' : `'s ${real.slice(archive.length)} file`} (${archive}); ` +
        'writing there would destroy it. Choose a file outside DATA_DIR (--force does not change this)',
    );
  }
  for (const name of ENGINE_ENTRIES) {
    if (isInside(real, join(dataDir, name))) {
      throw new OutputPathError(
        `${target} is inside the search engine's data in ${dataDir}; choose a file outside DATA_DIR (--force does not change this)`,
      );
    }
  }
  if (entry && archiveFiles(paths).some((file) => sameFile(file, entry))) {
    throw new OutputPathError(`${target} is another name (a hard link) for the archive; choose another file`);
  }
  if (entry && isInside(real, dataDir)) {
    throw new OutputPathError(
      `${target} already exists inside DATA_DIR (${dataDir}); files there are never overwritten (--force does not change this)`,
    );
  }
  if (entry && !options.force) throw new OutputPathError(`${target} already exists; pass --force to overwrite it`);
  return target;
}

/**
 * Checks the path, then opens it for writing without following a link put there meanwhile, checks
 * what was opened is still an ordinary file that is not the archive, and only then empties it.
 * Returns the file descriptor.
 */
export function openOutputFile(file: string, paths: ProtectedPaths, options: { force: boolean }): number {
  const target = checkOutputPath(file, paths, options);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (options.force ? 0 : constants.O_EXCL);
  let fd: number;
  try {
    fd = openSync(target, flags, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new OutputPathError(`${target} already exists; pass --force to overwrite it`);
    if (code === 'ELOOP') throw new OutputPathError(`${target} is a symbolic link; name the file itself, not a link to it`);
    throw error;
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new OutputPathError(`${target} is not an ordinary file`);
    if (archiveFiles(paths).some((file) => sameFile(file, opened))) {
      throw new OutputPathError(`${target} is another name (a hard link) for the archive; choose another file`);
    }
    ftruncateSync(fd, 0);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
