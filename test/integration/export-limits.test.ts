import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeiliClient } from '../../indexer/meili-client.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { createApp } from '../../server/app.js';
import { EXPORT_RETRY_AFTER_SECONDS } from '../../server/http/set-up-exports-per-client.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { createTestContext, depsWithSearchClient, statementRecord, type TestContext } from '../support/test-context.js';

// More than one engine page of an export (1,000 hits), so every export pages the engine twice.
const COUNT = 1200;
const SEARCH_DELAY_MS = 700;

/**
 * The real engine behind a forwarding proxy that answers each search SEARCH_DELAY_MS late: a busy
 * engine, so that exports are still running when the next request comes. Everything else (and
 * every answer) is the engine's own.
 */
function slowEngine(target: string): Server {
  const upstream = new URL(target);
  return createServer((req, res) => {
    const forward = () => {
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (/\/search$/.test((req.url ?? '').split('?')[0] as string)) setTimeout(forward, SEARCH_DELAY_MS);
    else forward();
  }).listen(0, '127.0.0.1');
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

describe('concurrent exports per client', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let engine: Server;
  let app: Server;
  let base: string;
  const from = (address: string) => ({ 'X-Forwarded-For': address, Accept: 'application/json' });
  const exportCsv = (client: string, init: RequestInit = {}) =>
    fetch(`${base}/export/search.csv?topic=budget`, { headers: from(client), ...init });
  const idsOf = (csv: string) => parseCsv<Record<string, string>>(csv, { columns: true }).map((row) => row.id as string);
  const expected = Array.from({ length: COUNT }, (_, i) => `export-${String(i).padStart(4, '0')}`);

  beforeAll(async () => {
    ctx = createTestContext();
    createImportService(ctx.store).run({
      statements: expected.map((id, i) => ({
        row: i + 1,
        value: statementRecord({ id, text: `Public comment ${i}: fund counselors before campus police.`, topics: ['budget'] }),
      })),
    });
    await prepareIndex(ctx.store, ctx.target);
    engine = slowEngine(ctx.meiliUrl);
    await new Promise((r) => engine.once('listening', r));
    const deps = depsWithSearchClient(
      ctx,
      createMeiliClient({ url: `http://127.0.0.1:${portOf(engine)}`, apiKey: ctx.meiliKey }),
    );
    // The default: two exports at once per client.
    deps.config = { ...deps.config, exportsPerClient: undefined };
    app = createApp(deps).listen(0, '127.0.0.1');
    await new Promise((r) => app.once('listening', r));
    base = `http://127.0.0.1:${portOf(app)}`;
  }, 120_000);
  afterAll(async () => {
    app?.closeAllConnections();
    app?.close();
    engine?.closeAllConnections();
    engine?.close();
    await ctx?.cleanup();
  });

  it('refuses a third export from one client with 429 and Retry-After; the two complete in full and another client is served', async () => {
    const client = '203.0.113.61';
    const first = exportCsv(client);
    const second = exportCsv(client);
    // Both are in flight (each waits on the engine for at least SEARCH_DELAY_MS).
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    const third = await exportCsv(client);
    expect(third.status).toBe(429);
    expect(performance.now() - t0).toBeLessThan(SEARCH_DELAY_MS);
    expect(third.headers.get('retry-after')).toBe(String(EXPORT_RETRY_AFTER_SECONDS));
    expect(await third.json()).toEqual({
      error: {
        code: 'too_many_requests',
        message: `You already have 2 exports running; wait for one to finish, then try again in ${EXPORT_RETRY_AFTER_SECONDS} seconds.`,
      },
    });
    // The same answer as a page for a browser.
    const page = await fetch(`${base}/export/search.ndjson`, { headers: { 'X-Forwarded-For': client, Accept: 'text/html' } });
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('You already have 2 exports running');

    // Another client meanwhile: served, in full.
    const other = await exportCsv('198.51.100.62');
    expect(other.status).toBe(200);
    expect(idsOf(await other.text()).sort()).toEqual(expected);

    for (const response of await Promise.all([first, second])) {
      expect(response.status).toBe(200);
      expect(idsOf(await response.text()).sort()).toEqual(expected);
    }
    // Both done: the client may export again.
    const again = await exportCsv(client);
    expect(again.status).toBe(200);
    expect(idsOf(await again.text())).toHaveLength(COUNT);
  });

  it('frees the slot of a download the client gave up on', async () => {
    const client = '203.0.113.63';
    const aborted = new AbortController();
    const gaveUp = exportCsv(client, { signal: aborted.signal }).catch(() => null);
    const running = exportCsv(client);
    await new Promise((r) => setTimeout(r, 150));
    expect((await exportCsv(client)).status).toBe(429);
    aborted.abort();
    await gaveUp;
    // The abandoned export's slot comes back as soon as its connection closes.
    await new Promise((r) => setTimeout(r, 100));
    const next = await exportCsv(client);
    expect(next.status).toBe(200);
    expect(idsOf(await next.text())).toHaveLength(COUNT);
    expect(idsOf(await (await running).text())).toHaveLength(COUNT);
  });
});
