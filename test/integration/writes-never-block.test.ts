import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../data/store.js';
import { exitOf, runCli, runCliSync, startApp, waitUntilCaughtUp, type AppProcess } from '../support/app-process.js';
import { FormSession, readForm } from '../support/form-session.js';

/**
 * A big `onrecord import` in another process while two curators save (over HTTP, signed in) and
 * readers read, all against the real app in its own process: no answer is a 500, every save is
 * either applied or answered 503 with Retry-After (nothing half-written), reads keep being served,
 * and no row of the import is lost. The p99 of the reads is printed, not asserted (a timing).
 */

const PASSWORD = 'correct horse battery staple';
const ROWS = 30_000;
const EDITED = ['luntao-prevention-not-intervention', 'rose-resolution-shortsighted'];
const READ_PATHS = ['/', '/statements/luntao-prevent-behavior-problems', '/statements/rose-problems-in-law-enforcement'];

describe('an import in another process while curators save and readers read', () => {
  let dataDir: string;
  let app: AppProcess;
  let base: string;
  const indexUid = `nonblocking_${Date.now().toString(36)}`;
  const env = () => ({
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
  });
  const read = <T>(fn: (store: ReturnType<typeof openStore>) => T): T => {
    const store = openStore(join(dataDir, 'archive.db'));
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };

  async function writeCsv(path: string): Promise<void> {
    const out = createWriteStream(path);
    out.write('id,text,speaker_name,stance,said_on\n');
    for (let i = 0; i < ROWS; i++) {
      if (!out.write(`bulk-${i},Bulk statement number ${i} on the budget.,Speaker ${i % 300},support,2024-03-01\n`))
        await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-nonblocking-'));
    const seeded = runCliSync(['seed'], env());
    expect(seeded.status, seeded.stderr).toBe(0);
    for (const name of ['maria', 'li']) {
      const added = runCliSync(['user', 'add', name], env(), { input: `${PASSWORD}\n` });
      expect(added.status, added.stderr).toBe(0);
    }
    app = startApp({ ...env(), HOST: '127.0.0.1' });
    const { port } = await waitUntilCaughtUp(app, 400_000);
    base = `http://127.0.0.1:${port}`;
  }, 600_000);
  afterAll(async () => {
    app?.child.kill('SIGTERM');
    if (app) await exitOf(app.child);
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${inject('meiliKey')}` },
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers no 500, applies or refuses each save with 503 and Retry-After, keeps reading, and loses no row', async () => {
    const curators = [new FormSession(base), new FormSession(base)];
    await curators[0]?.signIn('maria', PASSWORD);
    await curators[1]?.signIn('li', PASSWORD);
    const before = read((store) => store.db.prepare('SELECT count(*) FROM statements').pluck().get() as number);
    const csv = join(dataDir, 'bulk.csv');
    await writeCsv(csv);

    const importing = runCli(['import', csv], env());
    const done = exitOf(importing.child);
    let running = true;
    void done.then(() => (running = false));
    // The import has the archive's write lock once it reports progress.
    await importing.waitForOutput(/import: \d+ \/ \d+ bytes/, 120_000);

    const saves: { status: number; retryAfter: string | null; curator: number; context: string }[] = [];
    const reads: { status: number; ms: number }[] = [];
    const lastApplied = new Map<string, string>();
    const saveLoop = async (index: number) => {
      const session = curators[index] as FormSession;
      const id = EDITED[index] as string;
      const path = `/admin/statements/${id}/edit`;
      for (let n = 0; running || n < 2; n++) {
        const form = readForm((await session.get(path)).html, 'statement-form');
        const context = `Context ${index}-${n}, saved during an import.`;
        const res = await session.post(path, { ...form, context });
        saves.push({ status: res.status, retryAfter: res.retryAfter, curator: index, context });
        if (res.status === 303) lastApplied.set(id, context);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const readLoop = async () => {
      for (let n = 0; running; n++) {
        const started = performance.now();
        const res = await fetch(base + (READ_PATHS[n % READ_PATHS.length] as string));
        await res.arrayBuffer();
        reads.push({ status: res.status, ms: performance.now() - started });
      }
    };
    await Promise.all([saveLoop(0), saveLoop(1), readLoop(), readLoop(), done]);

    const exit = await done;
    expect(exit.code, importing.output().slice(-2000)).toBe(0);
    expect(importing.output()).toContain(`imported statements: ${ROWS} created`);

    const statuses = [...saves.map((s) => s.status), ...reads.map((r) => r.status)];
    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    for (const save of saves) {
      expect([303, 503]).toContain(save.status);
      if (save.status === 503) expect(Number(save.retryAfter)).toBeGreaterThan(0);
    }
    expect(reads.every((r) => r.status === 200)).toBe(true);
    // Saves after the import ended went through: the last applied context of each is what is stored.
    expect(saves.filter((s) => s.status === 303).length).toBeGreaterThan(0);
    for (const [id, context] of lastApplied) expect(read((store) => store.statements.findById(id)?.context)).toBe(context);
    // Rows lost: none.
    expect(read((store) => store.db.prepare('SELECT count(*) FROM statements').pluck().get() as number)).toBe(before + ROWS);

    const sorted = reads.map((r) => r.ms).sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(0);
    const refused = saves.filter((s) => s.status === 503).length;
    console.log(
      `during a ${ROWS}-row CLI import: ${reads.length} reads (p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms), ` +
        `${saves.length} saves (${saves.length - refused} applied, ${refused} answered 503 with Retry-After), 0 answers 500`,
    );
  }, 900_000);
});
