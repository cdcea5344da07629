import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Router, type Response } from 'express';
import type { Statement } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { toCsvChunk } from './export.csv.js';
import { toNdjsonChunk } from './export.ndjson.js';
import { toAtomFeed } from './feed.atom.js';
import { parseSearchQuery } from './search.query.js';

/** /export/search.{csv,ndjson} (every match, streamed), /export/popolo.json (the archive) and /feeds/search.atom (the newest matches). */
export function exportRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    exports,
    config: { baseUrl },
  } = deps;

  async function streamExport(res: Response, batches: AsyncGenerator<Statement[]>, format: 'csv' | 'ndjson'): Promise<void> {
    // Ask for the first batch before any header goes out, so an engine outage is still a clean 503.
    const first = await batches.next();
    res.status(200);
    res.set({
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="onrecord-search.${format}"`,
      'Cache-Control': 'no-store',
    });
    async function* chunks(): AsyncGenerator<string> {
      if (format === 'csv' && first.done) yield toCsvChunk([], baseUrl, true);
      let next = first;
      let header = true;
      try {
        while (!next.done) {
          yield format === 'csv' ? toCsvChunk(next.value, baseUrl, header) : toNdjsonChunk(next.value, baseUrl);
          header = false;
          next = await batches.next();
        }
      } finally {
        await batches.return(undefined);
      }
    }
    try {
      // The next batch is asked for only once the client has taken the last (backpressure): a slow
      // download holds one batch in memory, and a client gone away stops the engine paging too.
      await pipeline(Readable.from(chunks(), { objectMode: false }), res);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      // Headers are gone: cut the download short rather than pretend it is complete.
      deps.logger.error({ err: error }, 'export failed midway');
      res.destroy(error as Error);
    }
  }

  router.get('/export/search.csv', async (req, res) => {
    await streamExport(res, exports.matches(parseSearchQuery(req.query)), 'csv');
  });
  router.get('/export/search.ndjson', async (req, res) => {
    await streamExport(res, exports.matches(parseSearchQuery(req.query)), 'ndjson');
  });
  router.get('/export/popolo.json', async (_req, res) => {
    const chunks = exports.popolo();
    // The first chunk before any header goes out: an archive that cannot be read is still a clean error.
    let next = chunks.next();
    res.status(200).set({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="onrecord-archive.popolo.json"',
      'Cache-Control': 'no-store',
    });
    try {
      while (!next.done) {
        // A reader who hangs up ends the walk (and its read transaction) rather than waiting for a drain.
        if (!res.write(next.value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (res.destroyed) return;
        // Other requests get their turn between pages, however fast this client reads.
        await nextTurn();
        next = chunks.next();
      }
      res.end();
    } catch (error) {
      deps.logger.error({ err: error }, 'Popolo export failed midway');
      res.destroy(error as Error);
    } finally {
      chunks.return(undefined);
    }
  });
  router.get('/feeds/search.atom', async (req, res) => {
    const page = await exports.feedPage(parseSearchQuery(req.query));
    res.type('application/atom+xml; charset=utf-8').send(toAtomFeed({ ...page, baseUrl }));
  });
  return router;
}
