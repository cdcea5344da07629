import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/**
 * READ_ONLY=1: a replica of the archive (kept by LiteFS, Litestream or the like) serves reads
 * only. Anything but GET and HEAD, and the curator's pages, answer 405 naming where to write.
 */
export function refuseWrites(): RequestHandler {
  return (req, res, next) => {
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    if (write || req.path === '/admin' || req.path.startsWith('/admin/')) {
      res.set('Allow', 'GET, HEAD');
      next(
        new HttpError(405, 'read_only', 'This is a read-only copy of the archive: curation and sign-ups happen on the primary.'),
      );
      return;
    }
    next();
  };
}
