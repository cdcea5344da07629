import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../data/store.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { syncTopics } from '../../server/services/seed.service.js';
import { createVocabularyService } from '../../server/services/vocabulary.service.js';
import { correctQuery } from '../../server/search/vocabulary.js';
import { statementRecord } from '../support/test-context.js';

/** The vocabulary service over a real SQLite file: what it reads, how it lets requests in, when it rebuilds. */
describe('the "Did you mean" vocabulary, built from SQLite', () => {
  let dir: string;
  let store: Store;

  const importStatements = (records: Record<string, unknown>[]) =>
    createImportService(store).run({ statements: records.map((value, i) => ({ row: i + 1, value })) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onrecord-vocabulary-'));
    store = openStore(join(dir, 'archive.db'));
    syncTopics(store);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('learns statement words, speaker, organization, measure, meeting and place names, and topics', async () => {
    importStatements([
      statementRecord({
        id: 'one',
        text: 'Restorative justice works better than suspensions.',
        speaker: { name: 'Tamika Okonkwo', role_category: 'parent', organization: { name: 'Harborview Parents Union' } },
        meeting: { id: 'm1', title: 'Budget workshop', location: 'Lindenwood Library', date: '2024-03-01' },
      }),
      statementRecord({ id: 'two', text: 'Restorative circles kept my son in school.' }),
    ]);
    const vocabulary = await createVocabularyService({ store }).refresh();
    const fix = (q: string) => correctQuery(vocabulary, q)[0]?.q;
    expect(fix('restorativ')).toBe('restorative');
    expect(fix('Okonkow')).toBe('Okonkwo');
    expect(fix('harbourview')).toBe('harborview');
    expect(fix('Lindenwod')).toBe('Lindenwood');
    // The test measure's body is in California (CA): the state's name is a place.
    expect(fix('Califronia')).toBe('California');
    expect(fix('helth')).toBe('health');
    expect(vocabulary.knows('suspensions')).toBe(true);
    // Said once only: known (never corrected), but not suggested for something else.
    expect(fix('suspensionz')).toBeUndefined();
  });

  it('leaves retracted statements out', async () => {
    importStatements([statementRecord({ id: 'gone', text: 'Zebrafish zebrafish.' }), statementRecord({ id: 'other' })]);
    store.db.prepare("UPDATE statements SET status = 'retracted' WHERE id = 'gone'").run();
    const vocabulary = await createVocabularyService({ store }).refresh();
    expect(vocabulary.knows('zebrafish')).toBe(false);
  });

  it('reads the words of a bounded sample of statements spread over the archive, and every name', async () => {
    importStatements(
      Array.from({ length: 1200 }, (_, i) =>
        statementRecord({
          id: `s${i}`,
          text: `Comment ${i} about the uniqueword${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))} budget.`,
          speaker: {
            name: `Speaker Person${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}x`,
          },
        }),
      ),
    );
    const vocabulary = await createVocabularyService({ store, textSample: 400 }).refresh();
    const wordsKnown = Array.from({ length: 1200 }, (_, i) =>
      vocabulary.knows(`uniqueword${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`),
    );
    const sampled = wordsKnown.filter(Boolean).length;
    expect(sampled).toBeGreaterThanOrEqual(400);
    expect(sampled).toBeLessThan(700);
    // Spread: statements near the start and near the end were both read.
    expect(wordsKnown.slice(0, 300).some(Boolean)).toBe(true);
    expect(wordsKnown.slice(600).some(Boolean)).toBe(true);
    expect(vocabulary.knows('personazx')).toBe(true);
    expect(vocabulary.knows('personzrx')).toBe(true);
  });

  it('lets other work run while it builds', async () => {
    importStatements(
      Array.from({ length: 3000 }, (_, i) => statementRecord({ id: `b${i}`, text: `Statement number ${i} on counselors.` })),
    );
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    // Slices of 2 ms, so even a fast machine takes several here.
    await createVocabularyService({ store, sliceMs: 2 }).refresh();
    clearInterval(timer);
    // A build that held the event loop throughout would let no timer fire at all.
    expect(ticks).toBeGreaterThan(0);
  });

  it('starts a build on first use and rebuilds after the archive changed', async () => {
    importStatements([statementRecord({ id: 'a', text: 'Counselors counselors.' }), statementRecord({ id: 'b' })]);
    const service = createVocabularyService({ store, refreshAfterMs: 0 });
    expect(service.current()).toBeNull();
    await expect.poll(() => service.current(), { timeout: 10_000 }).not.toBeNull();
    expect(service.current()?.knows('paraprofessionals')).toBe(false);
    importStatements([
      statementRecord({ id: 'c', text: 'Paraprofessionals matter.' }),
      statementRecord({ id: 'd', text: 'Paraprofessionals again.' }),
    ]);
    await expect.poll(() => service.current()?.knows('paraprofessionals'), { timeout: 10_000 }).toBe(true);
    await sleep(10);
  });
});
