import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { findRunningEngine, startEmbeddedEngine } from '../../indexer/engine.js';
import { projectRoot } from '../../data/paths.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs the real server (server/main.ts) as a child process, the way `npm start` does, on a port
 * the server picks itself (PORT=0) and reports: a port picked here could be taken meanwhile.
 */
function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string; port: () => number | undefined } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'server/main.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const port = () => {
    const match = /"port":(\d+)[^\n]*On Record is serving/.exec(output);
    return match ? Number(match[1]) : undefined;
  };
  return { child, output: () => output, port };
}

async function waitUntilHealthy(
  server: ReturnType<typeof startServer>,
): Promise<{ port: number; health: Record<string, unknown> }> {
  return waitFor(async () => {
    const port = server.port();
    if (port === undefined) {
      if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
      return undefined;
    }
    const health = await healthOf(port);
    return health?.status === 'ok' ? { port, health } : undefined;
  }, 60_000);
}

async function healthOf(port: number): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

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
    const server = startServer({ DATA_DIR: dataDir });
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
      expect(await exitOf(server.child)).toBe(0);
      await waitFor(() => (isAlive(enginePid) ? undefined : true), 10_000);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('uses a separately run Meilisearch through MEILI_URL, starting no engine of its own', async () => {
    const dataDir = tempDir();
    const indexUid = `meili_url_${Date.now().toString(36)}`;
    const server = startServer({
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
    const server = startServer({ PORT: 'abc', MEILI_URL: 'not a url', DATA_DIR: tempDir() });
    expect(await exitOf(server.child)).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
    expect(lines[0]).toContain('MEILI_URL');
  });
});
