import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** One log line per request: method, path, status and time; errors and slow answers stand out. */
export function setUpRequestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const ms = Math.round(performance.now() - started);
      const line = { method: req.method, path: req.path, status: res.statusCode, ms };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.debug(line, 'request');
    });
    next();
  };
}
