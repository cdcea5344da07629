import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { HttpError } from './http-error.js';

/** Seconds until the client's window resets, as the limiter said in Retry-After. */
function secondsToWait(req: Request, res: Response): number {
  const header = Number(res.getHeader('Retry-After'));
  if (Number.isFinite(header) && header > 0) return Math.ceil(header);
  const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
}

/**
 * What a limiter does once a client is over its limit: Retry-After, and a 429 through the error
 * handler, so it answers with the JSON envelope or the error page like every other error.
 */
export function answerTooManyRequests(message: (seconds: number) => string): Options['handler'] {
  return (req, res, next) => {
    const seconds = secondsToWait(req, res);
    res.set('Retry-After', String(seconds));
    next(new HttpError(429, 'too_many_requests', message(seconds)));
  };
}

/** Options every limiter shares: a one-minute window and the standard RateLimit headers. */
export const RATE_LIMIT_WINDOW = { windowMs: 60_000, standardHeaders: 'draft-8', legacyHeaders: false } as const;

/**
 * At most perMinute requests per minute per client address (behind a proxy that TRUST_PROXY
 * names, the address it forwards; see `trust proxy` in app.ts). 0 turns the limit off. Each call
 * keeps its own counts, so search and export limits are counted apart.
 */
export function setUpRateLimit(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    ...RATE_LIMIT_WINDOW,
    limit: perMinute,
    handler: answerTooManyRequests((seconds) => `Too many requests; try again in ${seconds} seconds.`),
  });
}
