import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exitOf, runCliSync, startApp, waitUntilCaughtUp, type AppProcess } from '../support/app-process.js';
import { FormSession } from '../support/form-session.js';

/**
 * Sign-in and sessions against the real app process and the real `onrecord` command: the
 * per-account limiter counts one account once however its name is padded, a new password ends
 * the old sessions, `onrecord user sessions` lists and ends them, and with TRUST_PROXY unset no
 * X-Forwarded-* header counts.
 */

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a different horse, battery and staple';

describe('sign-in limits and curator sessions', () => {
  let dataDir: string;
  let app: AppProcess;
  let base: string;
  const indexUid = `signin_${Date.now().toString(36)}`;
  const env = () => ({
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
  });
  const cli = (args: string[], input?: string) => {
    const run = runCliSync(args, env(), input === undefined ? {} : { input });
    return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
  };
  /** Whether this browser's session still opens the curator pages. */
  const signedIn = async (session: FormSession) => (await session.get('/admin')).status === 200;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-signin-'));
    expect(cli(['seed']).status).toBe(0);
    expect(cli(['user', 'add', 'maria'], `${PASSWORD}\n`).status).toBe(0);
    for (const name of ['li', 'sam']) expect(cli(['user', 'add', name], `${PASSWORD}\n`).status).toBe(0);
    // TRUST_PROXY left unset: the default. A low search limit shows whose address is counted.
    app = startApp({ ...env(), HOST: '127.0.0.1', RATE_LIMIT_SEARCH_PER_MINUTE: '3' });
    const { port } = await waitUntilCaughtUp(app, 60_000);
    base = `http://127.0.0.1:${port}`;
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

  it('counts one account once for the sign-in limit, however its name is padded or cased', async () => {
    const guesser = new FormSession(base);
    const statuses: number[] = [];
    for (const name of [' li', 'li\t', 'LI', 'li ', '\tLi\n', 'li']) {
      const page = await guesser.get('/admin/login');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
      statuses.push((await guesser.post('/admin/login', { _csrf: csrf, name, password: 'wrong password guess' })).status);
    }
    // Five wrong guesses for li, written five ways, use up li's five; the sixth is refused unchecked.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Another account from the same address still has its own budget.
    const maria = new FormSession(base);
    await maria.signIn('maria', PASSWORD);
    expect(await signedIn(maria)).toBe(true);
  }, 120_000);

  it('ends a curator’s sessions when `user add` sets a new password, and lists and ends them with `user sessions`', async () => {
    const laptop = new FormSession(base);
    const phone = new FormSession(base);
    await laptop.signIn('maria', PASSWORD);
    await phone.signIn('maria', PASSWORD);
    expect(await signedIn(laptop)).toBe(true);

    const listed = cli(['user', 'sessions', 'maria']);
    expect(listed.status, listed.stderr).toBe(0);
    // Two from this test and one from the test before.
    expect(listed.stdout).toMatch(/^maria: 3 live sessions\n/);
    expect(listed.stdout.split('\n').slice(1)).toEqual(
      Array.from({ length: 3 }, () => expect.stringMatching(/^ {2}[0-9a-f]{8} {2}signed in \S+Z {2}expires \S+Z$/)),
    );

    const reset = cli(['user', 'add', 'maria'], `${NEW_PASSWORD}\n`);
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.stdout).toBe('password changed for maria; 3 sessions ended');
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(phone)).toBe(false);
    expect(cli(['user', 'sessions', 'maria']).stdout).toBe('maria: 0 live sessions');

    // The old password no longer signs in; the new one does, and `--end` signs that out too.
    await expect(new FormSession(base).signIn('maria', PASSWORD)).rejects.toThrow(/answered 401/);
    await laptop.signIn('maria', NEW_PASSWORD);
    const sam = new FormSession(base);
    await sam.signIn('sam', PASSWORD);
    expect(cli(['user', 'sessions', 'maria', '--end']).stdout).toBe('ended 1 session of maria');
    expect(await signedIn(laptop)).toBe(false);
    // Only that curator's sessions end.
    expect(await signedIn(sam)).toBe(true);

    const unknown = cli(['user', 'sessions', 'nobody']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('onrecord: there is no curator named "nobody"');
  }, 120_000);

  it('believes no X-Forwarded-For or -Proto by default (TRUST_PROXY unset): a local process cannot pose as other clients', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/api/search?q=nurses`, { headers: { 'X-Forwarded-For': `203.0.113.${i + 1}` } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    // Four "different" clients are one client, 127.0.0.1, with a limit of three a minute.
    expect(statuses).toEqual([200, 200, 200, 429]);
    const page = await fetch(`${base}/`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(page.headers.get('strict-transport-security')).toBeNull();
  }, 120_000);
});
