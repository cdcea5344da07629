import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../data/store.js';
import { statementRecord } from '../support/test-context.js';
import { runCliSync } from '../support/app-process.js';

describe('onrecord command line', () => {
  let dataDir: string;
  const indexUid = `cli_${Date.now().toString(36)}`;
  const run = (...args: string[]) =>
    runCliSync(args, {
      DATA_DIR: dataDir,
      MEILI_URL: inject('meiliUrl'),
      MEILI_MASTER_KEY: inject('meiliKey'),
      MEILI_INDEX: indexUid,
    });
  const count = () => {
    const store = openStore(join(dataDir, 'archive.db'));
    try {
      return store.statements.countPublished();
    } finally {
      store.close();
    }
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-cli-'));
  });
  afterAll(async () => {
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${inject('meiliKey')}` },
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, seeds, and says so', () => {
    expect(run('db', 'migrate').stdout).toMatch(/applied 0001_create_archive\.sql|up to date/);
    const seeded = run('seed');
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toMatch(/seed: 33 created, 0 updated, 0 unchanged/);
    expect(run('seed').stdout).toMatch(/seed: 0 created, 0 updated, 33 unchanged/);
  });

  it('refuses a file with one bad row, naming the row and field, and imports none of it', () => {
    const file = join(dataDir, 'bad.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify(statementRecord({ id: 'cli-1' })),
        JSON.stringify(statementRecord({ id: 'cli-2', text: 'Second.' })),
        JSON.stringify(statementRecord({ id: 'cli-3', stance: 'sort of' })),
      ].join('\n'),
    );
    const before = count();
    const result = run('import', file);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')[0]).toBe(
      'onrecord: import refused, nothing was written: row 3, stance: expected one of support, oppose, mixed, neutral, unclear',
    );
    expect(count()).toBe(before);
  });

  it('reports what a dry run would do, then imports, and a repeat changes nothing', () => {
    const file = join(dataDir, 'good.json');
    writeFileSync(file, JSON.stringify([statementRecord({ id: 'cli-a' }), statementRecord({ id: 'cli-b', text: 'Another.' })]));
    const before = count();
    expect(run('import', '--dry-run', file).stdout).toContain('dry run, nothing written: would import statements: 2 created');
    expect(count()).toBe(before);
    expect(run('import', file).stdout).toContain('imported statements: 2 created, 0 updated, 0 unchanged');
    expect(run('import', file).stdout).toContain('imported statements: 0 created, 0 updated, 2 unchanged');
    expect(count()).toBe(before + 2);
  });

  it('rebuilds the index and reports its status against the store', () => {
    const rebuilt = run('index', 'rebuild');
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain(`index rebuilt: ${count()} statements`);
    const status = JSON.parse(run('index', 'status').stdout) as Record<string, unknown>;
    expect(status).toEqual({ index: indexUid, state: 'current', statements: count(), indexed: count(), pending: 0 });
  });

  it('exports every published statement as CSV and NDJSON, and the CSV re-imports into an empty archive unchanged', () => {
    const csvFile = join(dataDir, 'all.csv');
    const csv = run('export', '--format', 'csv', '--output', csvFile);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout).toContain(`exported ${count()} statements as csv`);
    const ndjson = run('export', '--format', 'ndjson');
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; text: string });
    expect(lines).toHaveLength(count());
    expect(lines.map((s) => s.id)).toContain('cli-a');

    const emptyDir = mkdtempSync(join(tmpdir(), 'onrecord-cli-reimport-'));
    try {
      const again = runCliSync(['import', csvFile], { DATA_DIR: emptyDir, MEILI_URL: 'http://127.0.0.1:9' });
      expect(again.status, again.stderr).toBe(0);
      const copy = openStore(join(emptyDir, 'archive.db'));
      const original = openStore(join(dataDir, 'archive.db'));
      try {
        expect(copy.statements.countPublished()).toBe(count());
        const texts = (store: typeof copy) =>
          store.statements.listPublished(0, 1000).map((s) => [s.id, s.text, s.speaker.name, s.stance]);
        expect(texts(copy)).toEqual(texts(original));
      } finally {
        copy.close();
        original.close();
      }
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('exits non-zero with one line for a missing file or an unknown command', () => {
    const missing = run('import', join(dataDir, 'nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.json');
    expect(run('frobnicate').status).not.toBe(0);
  });
});
