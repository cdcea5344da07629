import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseRepository } from '../data/lease.repository.js';
import { isAlive } from '../indexer/engine.js';

/** The lease the process that runs the syncer and the schedulers holds. */
export const BACKGROUND_LEASE = 'background';

/** A holder name that tells an operator (and the next process) which process holds a lease. */
export const newLeaseHolder = (what: string) => `${what}:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** The process id in a holder name, when the holder is on this host. */
export function localPidOf(holder: string | undefined): number | null {
  const [, host, pid] = holder?.split(':') ?? [];
  return host === hostname() && /^\d+$/.test(pid ?? '') ? Number(pid) : null;
}

/** A holder on this host whose process is gone (SIGKILLed, crashed): its lease need not be waited out. */
export function isDeadHolder(holder: string | undefined): holder is string {
  const pid = localPidOf(holder);
  return pid !== null && pid !== process.pid && !isAlive(pid);
}

/** Takes (or renews) a lease, taking it back from a dead local holder at once. */
export function acquireLease(leases: LeaseRepository, name: string, holder: string, ttlMs: number): boolean {
  if (leases.acquire(name, holder, ttlMs)) return true;
  const current = leases.holderOf(name);
  if (!isDeadHolder(current)) return false;
  leases.release(name, current);
  return leases.acquire(name, holder, ttlMs);
}

export interface BackgroundWork {
  stop(): Promise<void>;
}

export interface BackgroundRole {
  /** Whether this process runs the background work now. */
  holds(): boolean;
  stop(): Promise<void>;
}

/**
 * With several processes on one archive (WEB_CONCURRENCY, or more hosts), exactly one runs the
 * index syncer and the schedulers: the one holding the `background` lease. It renews the lease
 * every renewMs; if it dies, another process takes over once the lease expires (at once when the
 * holder was a process on this host that is gone).
 */
export function startBackgroundRole(options: {
  leases: LeaseRepository;
  start: () => BackgroundWork;
  ttlMs?: number;
  renewMs?: number;
  onChange?: (holding: boolean) => void;
  onError?: (error: unknown) => void;
}): BackgroundRole {
  const ttlMs = options.ttlMs ?? 10_000;
  const renewMs = options.renewMs ?? 2_000;
  const holder = newLeaseHolder('app');
  let work: BackgroundWork | null = null;
  let stopped = false;

  const tick = () => {
    if (stopped) return;
    let holding = false;
    try {
      holding = acquireLease(options.leases, BACKGROUND_LEASE, holder, ttlMs);
    } catch (error) {
      // A busy database: keep the role as it is and try again at the next tick.
      options.onError?.(error);
      return;
    }
    if (holding && !work) {
      work = options.start();
      options.onChange?.(true);
    } else if (!holding && work) {
      const ending = work;
      work = null;
      void ending.stop();
      options.onChange?.(false);
    }
  };
  tick();
  const timer = setInterval(tick, renewMs);
  timer.unref();
  return {
    holds: () => work !== null,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await work?.stop();
      work = null;
      try {
        options.leases.release(BACKGROUND_LEASE, holder);
      } catch {
        // Closing anyway: the lease expires on its own.
      }
    },
  };
}
