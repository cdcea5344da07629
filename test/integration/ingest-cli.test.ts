import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../data/paths.js';
import { runCliSync } from '../support/app-process.js';

describe('onrecord ingest', () => {
  let dataDir: string;
  const fixture = join(projectRoot, 'test/fixtures/extractor/02-riverside-sro-vote.html');
  const run = (...args: string[]) => runCliSync(args, { DATA_DIR: dataDir });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-ingest-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the candidates as JSON on a dry run and writes nothing', () => {
    const result = run('ingest', fixture, '--dry-run', '--json', '--outlet', 'The Valley Ledger');
    expect(result.status, result.stderr).toBe(0);
    const all = JSON.parse(result.stdout) as Record<string, unknown>[];
    // The output shape is kept, with the attribution's confidence and evidence added.
    for (const candidate of all) {
      expect(Object.keys(candidate).sort()).toEqual([
        'char_end',
        'char_start',
        'confidence',
        'evidence',
        'kind',
        'role',
        'speaker',
        'text',
      ]);
      expect(candidate.confidence).toBeGreaterThanOrEqual(0);
      expect(candidate.confidence).toBeLessThanOrEqual(1);
    }
    // Quotes, and the paraphrases the extractor proposes beside them (marked as such).
    const candidates = all.filter((c) => c.kind === 'quote');
    expect(candidates.length).toBe(5);
    expect(all.filter((c) => c.kind !== 'quote').every((c) => c.kind === 'paraphrase')).toBe(true);
    expect(candidates[0]).toMatchObject({ speaker: 'Alan Choi', role: 'Board President', evidence: expect.any(String) });
    expect(candidates.map((c) => c.speaker)).toEqual([
      'Alan Choi',
      'Keisha Barnes',
      'Keisha Barnes',
      'Omar Haddad',
      'Jaylen Morris',
    ]);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('without --dry-run, stores the document and queues its candidates for review (see review-queue.test.ts)', () => {
    const result = run('ingest', fixture);
    expect(result.status, result.stderr).toBe(0);
    // Five quotes and two paraphrases (fixture 02).
    expect(result.stdout).toContain('7 candidates queued for review');
    expect(readdirSync(dataDir)).toContain('archive.db');
  });

  it('exits 1 with one line for a missing file', () => {
    const result = run('ingest', join(dataDir, 'nope.html'), '--dry-run', '--json');
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('nope.html');
  });
});
