import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../data/paths.js';
import { openStore } from '../../data/store.js';
import { exitOf, runCliSync, startApp, waitUntilCaughtUp, type AppProcess } from '../support/app-process.js';
import { FormSession, readForm } from '../support/form-session.js';

/**
 * Two curators editing the same record at once, through the real app in its own process: both
 * open the form, both save. One save is applied; the other answers 409 with both versions side
 * by side and changes nothing, so no one's edit is silently undone.
 */

const PASSWORD = 'correct horse battery staple';
const STATEMENT = 'luntao-prevention-not-intervention';

describe('two curators saving the same record', () => {
  let dataDir: string;
  let app: AppProcess;
  let maria: FormSession;
  let li: FormSession;
  const indexUid = `conflict_${Date.now().toString(36)}`;
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
  const revisionsOf = (type: string, id: string) => read((store) => store.revisions.listOf(type, id));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-conflict-'));
    const seeded = runCliSync(['seed'], env());
    expect(seeded.status, seeded.stderr).toBe(0);
    for (const name of ['maria', 'li']) {
      const added = runCliSync(['user', 'add', name], env(), { input: `${PASSWORD}\n` });
      expect(added.status, added.stderr).toBe(0);
    }
    app = startApp({ ...env(), HOST: '127.0.0.1' });
    const { port } = await waitUntilCaughtUp(app, 60_000);
    maria = new FormSession(`http://127.0.0.1:${port}`);
    li = new FormSession(`http://127.0.0.1:${port}`);
    await maria.signIn('maria', PASSWORD);
    await li.signIn('li', PASSWORD);
  }, 180_000);
  afterAll(async () => {
    app?.child.kill('SIGTERM');
    if (app) await exitOf(app.child);
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${inject('meiliKey')}` },
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies one of two racing statement saves, answers the other 409 with both versions, and keeps one revision', async () => {
    const path = `/admin/statements/${STATEMENT}/edit`;
    const before = read((store) => store.statements.findById(STATEMENT));
    const revisionsBefore = revisionsOf('statement', STATEMENT).length;
    // Both open the form, then both save: Maria changes the stance, Li the context.
    const [mariaPage, liPage] = await Promise.all([maria.get(path), li.get(path)]);
    const mariaForm = readForm(mariaPage.html, 'statement-form');
    const liForm = readForm(liPage.html, 'statement-form');
    expect(mariaForm.version).toMatch(/^\d+$/);
    expect(liForm.version).toBe(mariaForm.version);
    expect(mariaForm.text).toBe(before?.text);
    const saves = await Promise.all([
      maria.post(path, { ...mariaForm, stance: 'oppose' }),
      li.post(path, { ...liForm, context: 'Said during public comment on the budget.' }),
    ]);
    const statuses = saves.map((s) => s.status).sort();
    expect(statuses).toEqual([303, 409]);
    const winner = saves[0]?.status === 303 ? 'maria' : 'li';
    const refused = winner === 'maria' ? saves[1] : saves[0];
    const accepted = winner === 'maria' ? saves[0] : saves[1];
    expect(accepted.location).toBe(`${path}?notice=saved`);
    expect((await (winner === 'maria' ? maria : li).get(`${path}?notice=saved`)).status).toBe(200);

    // Exactly one committed save, one revision; the refused one changed nothing.
    const after = read((store) => store.statements.findById(STATEMENT));
    const revisions = revisionsOf('statement', STATEMENT);
    expect(revisions.length).toBe(revisionsBefore + 1);
    expect(revisions[0]?.user_name).toBe(winner);
    if (winner === 'maria') {
      expect(after?.stance).toBe('oppose');
      expect(after?.context).toBe(before?.context ?? null);
    } else {
      expect(after?.stance).toBe(before?.stance);
      expect(after?.context).toBe('Said during public comment on the budget.');
    }

    // The 409 page shows both versions side by side and a form holding what is stored now.
    expect(refused.html).toContain('data-testid="edit-conflict"');
    expect(refused.html).toContain(`changed by ${winner}`);
    const yours = [...refused.html.matchAll(/data-testid="conflict-yours">([^<]*)</g)].map((m) => m[1]);
    const current = [...refused.html.matchAll(/data-testid="conflict-current">([^<]*)</g)].map((m) => m[1]);
    expect(yours.length).toBeGreaterThan(0);
    expect(yours.length).toBe(current.length);
    const retry = readForm(refused.html, 'statement-form');
    expect(Number(retry.version)).toBeGreaterThan(Number(mariaForm.version));
    expect(retry.stance).toBe(after?.stance);

    // The refused curator makes their change again on the fresh form: both changes are kept.
    const loser = winner === 'maria' ? li : maria;
    const again =
      winner === 'maria'
        ? await loser.post(path, { ...retry, context: 'Said during public comment on the budget.' })
        : await loser.post(path, { ...retry, stance: 'oppose' });
    expect(again.status).toBe(303);
    const final = read((store) => store.statements.findById(STATEMENT));
    expect(final?.stance).toBe('oppose');
    expect(final?.context).toBe('Said during public comment on the budget.');
    expect(revisionsOf('statement', STATEMENT).length).toBe(revisionsBefore + 2);

    // An old form posted once more (the first one, reloaded from history) is refused too.
    const stale = await maria.post(path, { ...mariaForm, stance: 'support' });
    expect(stale.status).toBe(409);
    expect(read((store) => store.statements.findById(STATEMENT))?.stance).toBe('oppose');
    // A form without its version is refused, naming the problem.
    const { version: _dropped, ...unversioned } = retry;
    const missing = await maria.post(path, { ...unversioned, _csrf: mariaForm._csrf as string, stance: 'support' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('did not say which version it was loaded from');
    expect(revisionsOf('statement', STATEMENT).length).toBe(revisionsBefore + 2);
  }, 60_000);

  it('refuses a save against a statement an import in another process changed after the form was loaded', async () => {
    const path = `/admin/statements/${STATEMENT}/edit`;
    const form = readForm((await maria.get(path)).html, 'statement-form');
    const seed = JSON.parse(readFileSync(join(projectRoot, 'data/seed/seed.json'), 'utf8')) as {
      statements: { id: string }[];
    };
    const record = { ...seed.statements.find((s) => s.id === STATEMENT), context: 'Context from the clerk’s corrected file.' };
    const file = join(dataDir, 'corrected.ndjson');
    writeFileSync(file, JSON.stringify(record) + '\n');
    const imported = runCliSync(['import', file], env());
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('1 updated');

    const save = await maria.post(path, { ...form, stance: 'mixed' });
    expect(save.status).toBe(409);
    expect(save.html).toContain('Context from the clerk’s corrected file.');
    const stored = read((store) => store.statements.findById(STATEMENT));
    expect(stored?.context).toBe('Context from the clerk’s corrected file.');
    expect(stored?.stance).not.toBe('mixed');
  }, 60_000);

  it('does the same for the other records (a measure and an organization)', async () => {
    for (const [kind, type, id, field, a, b] of [
      ['measures', 'measure', 'susd-police-resolution', 'outcome', 'Passed 5-2', 'Tabled'],
      ['organizations', 'organization', 'stockton-usd', 'classification', 'coalition', 'board'],
    ] as const) {
      const path = `/admin/${kind}/${id}/edit`;
      const formId = `${type}-form`;
      const revisionsBefore = revisionsOf(type, id).length;
      const [mariaPage, liPage] = await Promise.all([maria.get(path), li.get(path)]);
      const saves = await Promise.all([
        maria.post(path, { ...readForm(mariaPage.html, formId), [field]: a }),
        li.post(path, { ...readForm(liPage.html, formId), [field]: b }),
      ]);
      expect(saves.map((s) => s.status).sort(), kind).toEqual([303, 409]);
      const winnerValue = saves[0]?.status === 303 ? a : b;
      const loserValue = winnerValue === a ? b : a;
      const refused = saves.find((s) => s.status === 409)!;
      expect(refused.html).toContain(`data-testid="conflict-yours">${loserValue}<`);
      expect(refused.html).toContain(`data-testid="conflict-current">${winnerValue}<`);
      const stored = read((store) =>
        type === 'measure' ? store.measures.findById(id)?.outcome : store.organizations.findById(id)?.classification,
      );
      expect(stored, kind).toBe(winnerValue);
      expect(revisionsOf(type, id).length, kind).toBe(revisionsBefore + 1);
    }
  }, 60_000);
});
