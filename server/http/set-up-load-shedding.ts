import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

export interface LoadSheddingOptions {
  /** Requests served at once; each is one or more engine requests. */
  maxInFlight: number;
  /** Requests waiting for a slot; one more is refused at once. */
  maxQueued: number;
}

/**
 * Bounds the engine work the app asks for: up to maxInFlight search and export requests run, up
 * to maxQueued wait in order, and beyond that a 503 with Retry-After goes back at once. A
 * saturated engine then means a quick "try again" for some readers, not timeouts and reset
 * sockets for all of them.
 */
export function setUpLoadShedding({ maxInFlight, maxQueued }: LoadSheddingOptions): RequestHandler & { inFlight(): number } {
  let inFlight = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else inFlight--;
  };
  const handler: RequestHandler = (req, res, next) => {
    const start = () => {
      // A reader who gave up while waiting needs no search: the slot goes to the next one.
      if (req.socket.destroyed) {
        release();
        return;
      }
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        release();
      };
      res.once('finish', finish);
      res.once('close', finish);
      next();
    };
    if (inFlight < maxInFlight) {
      inFlight++;
      start();
    } else if (queue.length < maxQueued) {
      // The slot passes straight from the finishing request to this one: inFlight stays the same.
      queue.push(start);
    } else {
      res.set('Retry-After', '1');
      next(new HttpError(503, 'overloaded', 'Search is busy right now; please try again in a moment.'));
    }
  };
  return Object.assign(handler, { inFlight: () => inFlight });
}
