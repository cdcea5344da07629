import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { findRunningEngine, startEmbeddedEngine } from '../../indexer/engine.js';
import { exitOf, healthOf, isAlive, startApp, waitFor, type AppProcess } from '../support/app-process.js';

async function waitUntilHealthy(server: AppProcess): Promise<{ port: number; health: Record<string, unknown> }> {
  return waitFor(
    'the server to answer /healthz with ok',
    async () => {
      const port = server.port();
      if (port === undefined) {
        if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
        return undefined;
      }
      const health = await healthOf(port);
      return health?.status === 'ok' ? { port, health } : undefined;
    },
    60_000,
  );
}

describe('embedded Meilisearch', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'onrecord-engine-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('starts on loopback with a key kept in the data dir (0600), answers with the key only, and stops cleanly', async () => {
    const dataDir = tempDir();
    const engine = await startEmbeddedEngine({ dataDir });
    try {
      expect(engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const keyFile = join(dataDir, 'meili-master-key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(engine.masterKey);
      expect((await fetch(`${engine.url}/indexes`)).status).toBe(401);
      expect((await fetch(`${engine.url}/indexes`, { headers: { Authorization: `Bearer ${engine.masterKey}` } })).status).toBe(
        200,
      );
      expect(await findRunningEngine(dataDir)).toEqual({ url: engine.url, masterKey: engine.masterKey });
    } finally {
      await engine.stop();
    }
    expect(isAlive(engine.pid)).toBe(false);
    expect(existsSync(join(dataDir, 'meilisearch.pid'))).toBe(false);
    // The same key is reused on the next start.
    const again = await startEmbeddedEngine({ dataDir });
    expect(again.masterKey).toBe(engine.masterKey);
    await again.stop();
  });

  it('stops a stale engine left by a crashed app before starting a new one', async () => {
    const dataDir = tempDir();
    const first = await startEmbeddedEngine({ dataDir });
    // Pretend the app that owned it died without stopping it.
    const record = JSON.parse(readFileSync(join(dataDir, 'meilisearch.pid'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dataDir, 'meilisearch.pid'), JSON.stringify({ ...record, ownerPid: 2 ** 22 + 12345 }));
    const second = await startEmbeddedEngine({ dataDir });
    try {
      expect(isAlive(first.pid)).toBe(false);
      expect(second.pid).not.toBe(first.pid);
      expect((await fetch(`${second.url}/health`)).ok).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('serves the seed archive from an empty data dir and leaves no engine behind after SIGTERM', async () => {
    const dataDir = tempDir();
    const server = startApp({ DATA_DIR: dataDir });
    try {
      const { port, health } = await waitUntilHealthy(server);
      expect(health).toMatchObject({ db: 'ok', search: 'ok', pending: 0 });
      expect(health.statements).toBeGreaterThan(20);
      expect(health.indexed).toBe(health.statements);
      const enginePid = (JSON.parse(readFileSync(join(dataDir, 'meilisearch.pid'), 'utf8')) as { pid: number }).pid;
      expect(isAlive(enginePid)).toBe(true);
      const page = await fetch(`http://127.0.0.1:${port}/search?q=police`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('statement-card');

      server.child.kill('SIGTERM');
      expect((await exitOf(server.child)).code).toBe(0);
      await waitFor('the engine to stop', () => (isAlive(enginePid) ? undefined : true), 10_000);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('uses a separately run Meilisearch through MEILI_URL, starting no engine of its own', async () => {
    const dataDir = tempDir();
    const indexUid = `meili_url_${Date.now().toString(36)}`;
    const server = startApp({
      DATA_DIR: dataDir,
      MEILI_URL: inject('meiliUrl'),
      MEILI_MASTER_KEY: inject('meiliKey'),
      MEILI_INDEX: indexUid,
    });
    try {
      const { port, health } = await waitUntilHealthy(server);
      expect(health.indexed).toBe(health.statements);
      expect(existsSync(join(dataDir, 'meilisearch.pid'))).toBe(false);
      expect(existsSync(join(dataDir, 'meilisearch'))).toBe(false);
      const api = (await (await fetch(`http://127.0.0.1:${port}/api/search?q=SRO`)).json()) as { total: number };
      expect(api.total).toBeGreaterThan(0);
      const stats = await fetch(`${inject('meiliUrl')}/indexes/${indexUid}/stats`, {
        headers: { Authorization: `Bearer ${inject('meiliKey')}` },
      });
      expect(((await stats.json()) as { numberOfDocuments: number }).numberOfDocuments).toBe(health.statements);
    } finally {
      server.child.kill('SIGTERM');
      await exitOf(server.child);
      await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${inject('meiliKey')}` },
      });
    }
  });

  it('fails at start-up with one line naming the bad setting', async () => {
    const server = startApp({ PORT: 'abc', MEILI_URL: 'not a url', DATA_DIR: tempDir() });
    expect((await exitOf(server.child)).code).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
    expect(lines[0]).toContain('MEILI_URL');
  });
});
