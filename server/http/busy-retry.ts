import type { RequestHandler } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseBusy } from '../../data/db.js';
import { HttpError } from './http-error.js';

/** Seconds a client is told to wait when the archive stayed busy (Retry-After). */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** Waits between tries of a write the database refused as busy: about 1.2 s in all, never blocking. */
const RETRY_DELAYS_MS = [25, 75, 150, 300, 600];

export const databaseBusy = () =>
  new HttpError(
    503,
    'database_busy',
    'The archive is busy with another write (an import, perhaps). Nothing was saved: please try again in a moment.',
  );

/**
 * Runs a writing handler again when SQLite answered SQLITE_BUSY (another process holds the write
 * lock; the app's connection waits for it only briefly, see SERVING_BUSY_TIMEOUT_MS): after a
 * pause on a timer, so the event loop keeps serving reads; after the last try, 503 with Retry-After.
 * Safe because every write is one transaction, rolled back when refused, and nothing was sent.
 */
/**
 * Runs fn (a write), and again after a pause on a timer while SQLite answers SQLITE_BUSY; the
 * last refusal is thrown as it came.
 */
export async function retryWhileBusy<T>(fn: () => T, options: { attempts?: number; delayMs?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? RETRY_DELAYS_MS.length + 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return fn();
    } catch (error) {
      if (!isDatabaseBusy(error) || attempt >= attempts) throw error;
      const delay = options.delayMs ?? RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)] ?? 100;
      await sleep(delay + Math.floor(Math.random() * delay));
    }
  }
}

export function retryWhenBusy<P>(handler: RequestHandler<P>): RequestHandler<P> {
  return async (req, res, next) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await handler(req, res, next);
        return;
      } catch (error) {
        if (!isDatabaseBusy(error) || res.headersSent) throw error;
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) throw databaseBusy();
        // Jitter, so two curators refused together do not collide again.
        await sleep(delay + Math.floor(Math.random() * delay));
      }
    }
  };
}
