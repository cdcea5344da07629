import { startEmbeddedEngine, type EmbeddedEngine, type EngineExit, type EngineOptions } from './engine.js';

export interface RestartPolicy {
  /** The wait before the first restart; each further consecutive restart waits twice as long. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** An engine that stayed up this long was healthy: the next crash starts over at initialDelayMs. */
  resetAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, resetAfterMs: 60_000 };

export interface SupervisorEvents {
  /** The engine exited without being asked to; a restart is scheduled after delayMs. */
  onCrash?(info: EngineExit & { pid: number; upMs: number; attempt: number; delayMs: number }): void;
  /** A restart attempt failed; another is scheduled after delayMs. */
  onRestartFailed?(info: { error: unknown; attempt: number; delayMs: number }): void;
  /** The engine is healthy again at the same URL. */
  onRestarted?(info: { pid: number; attempt: number; downMs: number }): void;
}

export interface SupervisedEngine {
  /** The same for the supervisor's whole life: a restart reuses the port. */
  readonly url: string;
  readonly masterKey: string;
  /** The pid of the engine running now (or last running, while a restart is pending). */
  readonly pid: number;
  /** How many times the engine has been restarted. */
  readonly restarts: number;
  /** Whether an engine is running now (false between a crash and a successful restart). */
  readonly running: boolean;
  /** Stops the engine and any pending restart; a stop never triggers a restart. */
  stop(): Promise<void>;
}

/** The wait before restart number `attempt` (1-based) of a run of consecutive restarts. */
export function restartDelay(attempt: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Runs the embedded engine and keeps it running: when it exits unasked (a crash, the OOM
 * killer, a stray kill), it is started again on the same 127.0.0.1 port with the same master
 * key and database, after an exponential backoff, so clients holding its URL keep working.
 */
export async function superviseEngine(
  options: EngineOptions & { policy?: RestartPolicy } & SupervisorEvents,
): Promise<SupervisedEngine> {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  let engine: EmbeddedEngine = await startEmbeddedEngine(options);
  const port = Number(new URL(engine.url).port);
  let startedAt = Date.now();
  let running = true;
  let stopping = false;
  let restarts = 0;
  // Consecutive restarts without a healthy spell in between: the backoff exponent.
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;
  let restarting: Promise<void> | null = null;

  const watch = (current: EmbeddedEngine) => {
    void current.exited.then((exit) => {
      if (stopping || current !== engine) return;
      running = false;
      const upMs = Date.now() - startedAt;
      if (upMs >= policy.resetAfterMs) attempt = 0;
      attempt += 1;
      const delayMs = restartDelay(attempt, policy);
      options.onCrash?.({ ...exit, pid: current.pid, upMs, attempt, delayMs });
      schedule(delayMs, Date.now());
    });
  };

  const schedule = (delayMs: number, downSince: number) => {
    timer = setTimeout(() => {
      timer = null;
      restarting = restart(downSince).finally(() => {
        restarting = null;
      });
    }, delayMs);
  };

  async function restart(downSince: number): Promise<void> {
    if (stopping) return;
    let next: EmbeddedEngine;
    try {
      next = await startEmbeddedEngine({ ...options, port });
    } catch (error) {
      if (stopping) return;
      attempt += 1;
      const delayMs = restartDelay(attempt, policy);
      options.onRestartFailed?.({ error, attempt, delayMs });
      schedule(delayMs, downSince);
      return;
    }
    if (stopping) {
      await next.stop();
      return;
    }
    engine = next;
    startedAt = Date.now();
    running = true;
    restarts += 1;
    watch(next);
    options.onRestarted?.({ pid: next.pid, attempt, downMs: Date.now() - downSince });
  }

  watch(engine);
  return {
    url: engine.url,
    masterKey: engine.masterKey,
    get pid() {
      return engine.pid;
    },
    get restarts() {
      return restarts;
    },
    get running() {
      return running;
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await restarting;
      await engine.stop();
      running = false;
    },
  };
}
