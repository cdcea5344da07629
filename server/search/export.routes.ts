import { once } from 'node:events';
import { Router, type Response } from 'express';
import { Feed } from 'feed';
import type { Statement } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { statementUrl } from '../statements/statement.json.js';
import { toCsvChunk, toNdjsonChunk } from './export.csv.js';
import { excerpt } from '../../data/domain/text.js';
import { escapeHtml } from '../http/html.js';
import { parseSearchQuery } from './search.query.js';
import { searchParams } from './search.view.js';

const FEED_SIZE = 50;

/** Writes respecting backpressure, so a large export streams in constant memory. */
async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

/** /export/search.{csv,ndjson} (every match, streamed) and /feeds/search.atom (the newest matches). */
export function exportRouter(deps: AppDeps): Router {
  const router = Router();
  const { search, config } = deps;

  async function streamExport(res: Response, query: ReturnType<typeof parseSearchQuery>, format: 'csv' | 'ndjson'): Promise<void> {
    const batches = search.iterateMatches(query);
    // Ask for the first batch before any header goes out, so an engine outage is still a clean 503.
    let next = await batches.next();
    res.status(200);
    res.set({
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="onrecord-search.${format}"`,
      'Cache-Control': 'no-store',
    });
    let first = true;
    try {
      if (format === 'csv' && next.done) await write(res, toCsvChunk([], config.baseUrl, true));
      while (!next.done) {
        const batch: Statement[] = next.value;
        if (format === 'csv') await write(res, toCsvChunk(batch, config.baseUrl, first));
        else await write(res, toNdjsonChunk(batch, config.baseUrl));
        first = false;
        next = await batches.next();
      }
      res.end();
    } catch (error) {
      // Headers are gone: cut the download short rather than pretend it is complete.
      deps.logger.error({ err: error }, 'export failed midway');
      res.destroy(error as Error);
    }
  }

  router.get('/export/search.csv', async (req, res) => {
    await streamExport(res, parseSearchQuery(req.query), 'csv');
  });
  router.get('/export/search.ndjson', async (req, res) => {
    await streamExport(res, parseSearchQuery(req.query), 'ndjson');
  });

  router.get('/feeds/search.atom', async (req, res) => {
    const query = { ...parseSearchQuery(req.query), sort: 'newest' as const, defaultSort: false, page: 1, perPage: FEED_SIZE };
    const result = await search.searchStatements(query);
    const params = searchParams({ ...query, defaultSort: true, perPage: 20 });
    const pageUrl = `${config.baseUrl}/search${params.toString() ? `?${params.toString()}` : ''}`;
    const feedUrl = `${config.baseUrl}/feeds/search.atom${params.toString() ? `?${params.toString()}` : ''}`;
    const updated = result.hits.reduce((latest, hit) => (hit.statement.updated_at > latest ? hit.statement.updated_at : latest), '');
    const feed = new Feed({
      title: query.q ? `On Record: “${query.q}”` : 'On Record: newest statements',
      description: 'Statements from public meetings matching this search, newest first.',
      id: pageUrl,
      link: pageUrl,
      feedLinks: { atom: feedUrl },
      updated: updated ? new Date(updated) : new Date(0),
      copyright: 'Quotations belong to their speakers and sources; see each statement for its source.',
      generator: 'On Record',
    });
    for (const { statement } of result.hits) {
      const url = statementUrl(config.baseUrl, statement.id);
      const words = excerpt(statement.text, 88);
      // The feed library writes an entry's title, summary and content as type="html", which a reader
      // renders as HTML: stored plain text must be escaped into HTML first, or "<script>" becomes markup.
      feed.addItem({
        title: escapeHtml(`${statement.speaker.name}: “${words}”`),
        id: url,
        link: url,
        description: escapeHtml(statement.text),
        content: escapeHtml(statement.text),
        author: [{ name: statement.speaker.name }],
        date: new Date(statement.updated_at),
      });
    }
    res.type('application/atom+xml; charset=utf-8').send(feed.atom1());
  });

  return router;
}
