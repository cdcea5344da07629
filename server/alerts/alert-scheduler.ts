import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseRepository } from '../../data/lease.repository.js';
import { isAlive } from '../../indexer/engine.js';
import type { AlertRunReport, AlertsService } from './alerts.service.js';

/** The lease every alert runner (the app's scheduler, `onrecord alerts send`) must hold to run. */
export const ALERTS_LEASE = 'alerts';
const LEASE_TTL_MS = 120_000;

/** A holder name that tells an operator (and the next runner) which process holds the lease. */
export const newLeaseHolder = (what: string) => `${what}:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** A holder on this host whose process is gone (SIGKILLed, crashed): its lease need not be waited out. */
function isDeadHolder(holder: string | undefined): holder is string {
  const [, host, pid] = holder?.split(':') ?? [];
  return host === hostname() && /^\d+$/.test(pid ?? '') && Number(pid) !== process.pid && !isAlive(Number(pid));
}

/**
 * Runs `fn` holding the alerts lease, so two runners (several app processes, or the app and the
 * CLI) never send the same mail twice; null when another live runner holds it.
 */
export async function withAlertsLease<T>(
  leases: LeaseRepository,
  holder: string,
  fn: (renew: () => boolean) => Promise<T>,
): Promise<T | null> {
  if (!leases.acquire(ALERTS_LEASE, holder, LEASE_TTL_MS)) {
    const current = leases.holderOf(ALERTS_LEASE);
    if (!isDeadHolder(current)) return null;
    leases.release(ALERTS_LEASE, current);
    if (!leases.acquire(ALERTS_LEASE, holder, LEASE_TTL_MS)) return null;
  }
  try {
    return await fn(() => leases.acquire(ALERTS_LEASE, holder, LEASE_TTL_MS));
  } finally {
    leases.release(ALERTS_LEASE, holder);
  }
}

export interface AlertScheduler {
  /** Run soon (after a sign-up, so its confirmation mail goes out now), not at the next tick. */
  kick(): void;
  stop(): Promise<void>;
}

/** Sends due alerts every `intervalMs` from inside the app, one run at a time. */
export function startAlertScheduler(options: {
  service: AlertsService;
  leases: LeaseRepository;
  intervalMs: number;
  onRun?: (report: AlertRunReport) => void;
  onError?: (error: unknown) => void;
}): AlertScheduler {
  const holder = newLeaseHolder('app');
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let soon: NodeJS.Timeout | null = null;

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const report = await withAlertsLease(options.leases, holder, (renew) => options.service.runOnce({ renew }));
        if (report) options.onRun?.(report);
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          run();
        }
      }
    })();
  };

  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    kick() {
      if (soon || stopped) return;
      soon = setTimeout(() => {
        soon = null;
        run();
      }, 10);
      soon.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      await running;
    },
  };
}
