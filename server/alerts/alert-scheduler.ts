import type { LeaseRepository } from '../../data/lease.repository.js';
import { acquireLease, newLeaseHolder } from '../background-role.js';
import type { AlertRunReport, AlertsService } from './alerts.service.js';

/** The lease every alert runner (the app's scheduler, `onrecord alerts send`) must hold to run. */
export const ALERTS_LEASE = 'alerts';
const LEASE_TTL_MS = 120_000;

/**
 * Runs `fn` holding the alerts lease, so two runners (several app processes, or the app and the
 * CLI) never send the same mail twice; null when another live runner holds it.
 */
export async function withAlertsLease<T>(
  leases: LeaseRepository,
  holder: string,
  fn: (renew: () => boolean) => Promise<T>,
): Promise<T | null> {
  if (!acquireLease(leases, ALERTS_LEASE, holder, LEASE_TTL_MS)) return null;
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
