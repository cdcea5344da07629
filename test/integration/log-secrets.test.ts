import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../data/store.js';
import { searchKeyUid } from '../../indexer/search-key.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { engineRecordOf, exitOf, startApp, waitUntilCaughtUp, type AppProcess } from '../support/app-process.js';

/**
 * The real server process at LOG_LEVEL=trace, through searches, exports and a curator's
 * sign-in and sign-out: its whole output (the app's log and its engine's) must hold none of the
 * secrets that passed through it.
 */

const PASSWORD = 'log-secret password 7f3c9a!';
const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0] as string);
const cookieValue = (cookies: string[], name: string) =>
  cookies.find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1) ?? '';
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;

describe('secrets in the log', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'onrecord-log-secrets-'));
  let app: AppProcess | undefined;

  afterAll(async () => {
    if (app && app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGTERM');
      await exitOf(app.child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never writes the master key, the search key, a password or a session cookie, even at trace level', async () => {
    const store = openStore(join(dataDir, 'archive.db'));
    store.curators.save('maria', await hashPassword(PASSWORD));
    store.close();

    app = startApp({ DATA_DIR: dataDir, LOG_LEVEL: 'trace' });
    const { port } = await waitUntilCaughtUp(app);
    const base = `http://127.0.0.1:${port}`;
    const masterKey = readFileSync(join(dataDir, 'meili-master-key'), 'utf8').trim();
    const engineUrl = engineRecordOf(dataDir)?.url as string;
    const keyResponse = await fetch(`${engineUrl}/keys/${searchKeyUid('statements')}`, {
      headers: { Authorization: `Bearer ${masterKey}` },
    });
    expect(keyResponse.status).toBe(200);
    const searchKey = ((await keyResponse.json()) as { key: string }).key;

    // Searches and exports go to the engine with the search key.
    for (const path of [
      '/search?q=police',
      '/api/search?q=counselors&stance=oppose',
      '/export/search.csv?q=police',
      '/feeds/search.atom',
    ]) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    }

    // A wrong password, then the right one.
    const form = await fetch(`${base}/admin/login`);
    const loginCookies = cookiesOf(form);
    const csrf = csrfOf(await form.text());
    const signIn = (password: string) =>
      fetch(`${base}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: loginCookies.join('; ') },
        body: new URLSearchParams({ _csrf: csrf, name: 'maria', password, next: '/admin' }),
      });
    expect((await signIn(`${PASSWORD}-wrong`)).status).toBe(401);
    const signedIn = await signIn(PASSWORD);
    expect(signedIn.status).toBe(303);
    const session = cookieValue(cookiesOf(signedIn), 'onrecord_session');
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Signed in: pages, a missing page, and a client that sends a key in a header of its own.
    const cookie = `onrecord_session=${session}`;
    const home = await fetch(`${base}/admin`, { headers: { Cookie: cookie } });
    expect(home.status).toBe(200);
    const sessionCsrf = csrfOf(await home.text());
    expect(
      (await fetch(`${base}/admin/no-such-page`, { headers: { Cookie: cookie, Authorization: `Bearer ${masterKey}` } })).status,
    ).toBe(404);
    expect(
      (await fetch(`${base}/api/search?q=police`, { headers: { Authorization: `Bearer ${searchKey}`, Cookie: cookie } })).status,
    ).toBe(200);
    const signOut = await fetch(`${base}/admin/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ _csrf: sessionCsrf }),
    });
    expect(signOut.status).toBe(303);

    app.child.kill('SIGTERM');
    expect((await exitOf(app.child)).code).toBe(0);
    const log = app.output();

    // The log was as talkative as it gets, and it saw what happened.
    expect(log).toContain('"level":20');
    expect(log).toMatch(/"component":"meilisearch".*search/); // the engine's own lines, its searches among them
    expect(log).toContain('failed curator sign-in');
    expect(log).toContain('curator signed in');
    expect(log).toContain('"path":"/admin/logout"');
    expect(log).toContain('searching with a search-only API key');

    const secrets = { masterKey, searchKey, password: PASSWORD, session, sessionCsrf, loginCsrf: csrf };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThanOrEqual(16);
      expect(log.includes(secret), `${name} appears in the log`).toBe(false);
    }
  }, 90_000);
});
