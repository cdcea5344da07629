import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllRows } from '../support/archive-content.js';
import { runCliSync } from '../support/app-process.js';

/**
 * `onrecord export --output` and `onrecord backup` aimed at the archive, its -wal/-shm/-journal,
 * the engine's data, a symbolic link or a hard link: each is refused with one line, whatever
 * --force says, and the archive and the file aimed at are left exactly as they were. --force
 * overwrites an ordinary file outside DATA_DIR, and nothing else.
 */

describe('output paths of export and backup', () => {
  let dataDir: string;
  let work: string;
  const env = () => ({ DATA_DIR: dataDir, MEILI_URL: 'http://127.0.0.1:9' });
  const archive = () => join(dataDir, 'archive.db');
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const cli = (...args: string[]) => {
    const run = runCliSync(args, env());
    return { status: run.status, stdout: run.stdout, stderr: run.stderr.trim() };
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-paths-data-'));
    work = mkdtempSync(join(tmpdir(), 'onrecord-paths-'));
    const seeded = cli('seed');
    expect(seeded.status, seeded.stderr).toBe(0);
    mkdirSync(join(dataDir, 'meilisearch'), { recursive: true });
  }, 60_000);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses the archive and its -wal, -shm and -journal, even with --force, changing nothing', () => {
    const rows = readAllRows(archive());
    const bytes = sha(archive());
    const attempts: [string[], string][] = [];
    // Each command and format, each file, with and without --force (a spread, not every combination: each run is a process).
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      const path = archive() + suffix;
      attempts.push([['export', '--format', 'popolo', '--force', '--output', path], path]);
      attempts.push([['backup', '--force', path], path]);
    }
    attempts.push([['export', '--format', 'csv', '--output', archive()], archive()]);
    attempts.push([['backup', `${archive()}-wal`], `${archive()}-wal`]);
    let refused = 0;
    for (const [args, path] of attempts) {
      const run = cli(...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toMatch(
        new RegExp(`^onrecord: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is the archive.*--force does not change this\\)$`),
      );
      refused++;
    }
    expect(refused).toBe(10);
    expect(sha(archive())).toBe(bytes);
    expect(readAllRows(archive())).toEqual(rows);
    // Nothing was created beside it either.
    expect(existsSync(`${archive()}-journal`)).toBe(false);
  }, 300_000);

  it('refuses a symbolic link (to a file, or a directory into DATA_DIR), the engine’s data and a hard link to the archive', () => {
    const bytes = sha(archive());
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    symlinkSync(notes, join(work, 'link-to-notes'));
    symlinkSync(dataDir, join(work, 'link-to-data'));
    linkSync(archive(), join(work, 'hard-link.db'));

    const cases: [string[], RegExp][] = [
      [['export', '--format', 'ndjson', '--output', join(work, 'link-to-notes')], /is a symbolic link/],
      [['export', '--format', 'ndjson', '--force', '--output', join(work, 'link-to-notes')], /is a symbolic link/],
      [['backup', '--force', join(work, 'link-to-notes')], /is a symbolic link/],
      [['export', '--format', 'popolo', '--force', '--output', join(work, 'link-to-data', 'archive.db')], /is the archive/],
      [['backup', '--force', join(work, 'link-to-data', 'archive.db-wal')], /is the archive's -wal file/],
      [['export', '--format', 'csv', '--output', join(dataDir, 'meilisearch', 'data.ms')], /inside the search engine's data/],
      [
        ['export', '--format', 'csv', '--force', '--output', join(work, 'hard-link.db')],
        /another name \(a hard link\) for the archive/,
      ],
      [['backup', '--force', join(dataDir, 'meili-master-key')], /inside the search engine's data/],
    ];
    for (const [args, message] of cases) {
      const run = cli(...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr.split('\n'), args.join(' ')).toEqual([expect.stringMatching(message)]);
    }
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
    expect(sha(archive())).toBe(bytes);
    expect(sha(join(work, 'hard-link.db'))).toBe(bytes);
  }, 300_000);

  it('overwrites an ordinary file outside DATA_DIR only with --force, and never one inside it', () => {
    const out = join(work, 'statements.csv');
    writeFileSync(out, 'old\n');
    const unforced = cli('export', '--format', 'csv', '--output', out);
    expect(unforced.status).toBe(1);
    expect(unforced.stderr).toBe(`onrecord: ${out} already exists; pass --force to overwrite it`);
    expect(readFileSync(out, 'utf8')).toBe('old\n');

    const forced = cli('export', '--format', 'csv', '--force', '--output', out);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^id,/);

    const fresh = join(work, 'fresh.json');
    const created = cli('export', '--format', 'popolo', '--output', fresh);
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(readFileSync(fresh, 'utf8'))).toHaveProperty('speeches');

    const inside = join(dataDir, 'old-backup.db');
    writeFileSync(inside, 'keep me');
    const insideForced = cli('backup', '--force', inside);
    expect(insideForced.status).toBe(1);
    expect(insideForced.stderr).toMatch(/already exists inside DATA_DIR .*files there are never overwritten/);
    expect(readFileSync(inside, 'utf8')).toBe('keep me');
  }, 300_000);
});
