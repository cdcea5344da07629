import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../data/paths.js';

/**
 * The real app and the real `onrecord` command as child processes, for tests that kill them:
 * what happens to a process (a SIGKILL, a restart) can only be tested on a process.
 */

export { isAlive } from '../../indexer/engine.js';

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const exitOf = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

export interface ChildRun {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output matches (checked on every chunk), with the match. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

function run(args: string[], env: Record<string, string>): ChildRun {
  let output = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(output);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    child,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 30_000) {
      const match = pattern.exec(output);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (m: RegExpMatchArray) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`timed out waiting for ${pattern} in:\n${output.slice(-2000)}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
  };
}

export interface AppProcess extends ChildRun {
  /** The port the app reported (it listens on PORT=0, a port it picks itself). */
  port(): number | undefined;
}

/** Runs server/main.ts the way `npm start` does, on a port of its own choosing. */
export function startApp(env: Record<string, string>): AppProcess {
  const app = run([join(projectRoot, 'server/main.ts')], { LOG_LEVEL: 'info', PORT: '0', ...env });
  return {
    ...app,
    port() {
      const match = /"port":(\d+)[^\n]*On Record is serving/.exec(app.output());
      return match ? Number(match[1]) : undefined;
    },
  };
}

/** Runs the `onrecord` command line. */
export function runCli(args: string[], env: Record<string, string>): ChildRun {
  return run([join(projectRoot, 'server/cli.ts'), ...args], env);
}

/**
 * Runs the `onrecord` command line to its end and returns its status, stdout and stderr apart;
 * `input` is what a person would type on stdin (a password).
 */
export function runCliSync(
  args: string[],
  env: Record<string, string>,
  options: { input?: string; maxBuffer?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'server/cli.ts'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    ...options,
  });
}

export type Health = { status: string; db: string; search: string; statements: number; indexed: number | null; pending: number };

export async function healthOf(port: number): Promise<Health | undefined> {
  try {
    return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
  } catch {
    return undefined;
  }
}

/** Waits until the app listens and reports a caught-up index; returns its port. */
export async function waitUntilCaughtUp(app: AppProcess, timeoutMs = 45_000): Promise<{ port: number; health: Health }> {
  return waitFor(
    'the app to serve with search ok and nothing pending',
    async () => {
      const port = app.port();
      if (port === undefined) {
        if (app.child.exitCode !== null) throw new Error(`the app exited: ${app.output().slice(-2000)}`);
        return undefined;
      }
      const health = await healthOf(port);
      return health?.status === 'ok' && health.pending === 0 && health.indexed === health.statements
        ? { port, health }
        : undefined;
    },
    timeoutMs,
    100,
  );
}

/** The embedded engine the app recorded in its pid file. */
export function engineRecordOf(dataDir: string): { pid: number; ownerPid: number; url: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'meilisearch.pid'), 'utf8')) as { pid: number; ownerPid: number; url: string };
  } catch {
    return undefined;
  }
}

/** An NDJSON import file of `count` distinct statements whose ids start with `prefix` and whose text holds the word `zq<prefix>`. */
export function writeStatementsFile(path: string, prefix: string, count: number): void {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        id: `${prefix}-${i}`,
        text: `Statement zq${prefix} ${i}: we need counselors and nurses at school number ${i % 97}, not more officers.`,
        kind: i % 3 === 0 ? 'paraphrase' : 'quote',
        stance: ['support', 'oppose', 'mixed', 'neutral', 'unclear'][i % 5],
        speaker: { name: `Speaker ${prefix} ${i % 250}`, role: 'parent', role_category: 'parent' },
        measure: {
          id: `${prefix}-measure`,
          title: `Resolution ${prefix} to end the SRO contract`,
          body: { id: `${prefix}-district`, name: `District ${prefix}`, state: 'CO' },
        },
        source: { id: `${prefix}-source`, type: 'minutes', title: `Minutes ${prefix}`, outlet: 'Board clerk' },
        said_on: `2024-0${(i % 9) + 1}-1${i % 10}`,
        topics: i % 2 === 0 ? ['mental-health'] : ['budget', 'student-wellbeing'],
      }),
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}
