import type { RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { HttpError } from './http-error.js';

/** What a refused client is told to wait: a full export of a large archive takes tens of seconds. */
export const EXPORT_RETRY_AFTER_SECONDS = 10;

/**
 * At most `max` exports in flight per client address (the address as the rate limits key it,
 * after TRUST_PROXY). One more answers 429 with Retry-After at once, so a single client cannot
 * hold the engine and the event loop with many full exports; other clients are not affected.
 * A slot is freed when the download ends, completed or cut off. 0 turns the limit off.
 */
export function setUpExportsPerClient(max: number): RequestHandler {
  const running = new Map<string, number>();
  return (req, res, next) => {
    if (max <= 0) return next();
    const client = ipKeyGenerator(req.ip ?? '');
    const count = running.get(client) ?? 0;
    if (count >= max) {
      res.set('Retry-After', String(EXPORT_RETRY_AFTER_SECONDS));
      const exports = max === 1 ? 'an export' : `${max} exports`;
      return next(
        new HttpError(
          429,
          'too_many_requests',
          `You already have ${exports} running; wait for one to finish, then try again in ${EXPORT_RETRY_AFTER_SECONDS} seconds.`,
        ),
      );
    }
    running.set(client, count + 1);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const left = (running.get(client) ?? 1) - 1;
      if (left > 0) running.set(client, left);
      else running.delete(client);
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
