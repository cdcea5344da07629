import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createApp } from '../../server/app.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';
import { csrfOf, signedInAgent } from '../support/curator-agent.js';

/**
 * Hardening: HSTS only over https, request body limits (413 with the usual error contract,
 * nothing written), and per-address rate limits on searches and on exports and feeds.
 */

const PASSWORD = 'correct horse battery staple';
const TEXT = 'Counselors, not cops: we need nurses in every school building.';

describe('hardening', () => {
  let ctx: TestContext;
  const statementCount = () => ctx.store.db.prepare('SELECT count(*) FROM statements').pluck().get() as number;
  const revisionCount = () => ctx.store.db.prepare('SELECT count(*) FROM revisions').pluck().get() as number;

  beforeAll(async () => {
    ctx = createTestContext();
    createImportService(ctx.store).run({
      statements: [
        { row: 1, value: statementRecord({ id: 'hardening-1', text: TEXT }) },
        {
          row: 2,
          value: statementRecord({ id: 'hardening-2', text: 'Keep the officers; they know our children.', stance: 'oppose' }),
        },
      ],
    });
    await prepareIndex(ctx.store, ctx.target);
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
  }, 60_000);
  afterAll(async () => {
    await ctx.cleanup();
  });

  describe('security headers', () => {
    it('sends Strict-Transport-Security only on a request that came over https through a proxy on this host', async () => {
      const secure = await request(ctx.app).get('/statements/hardening-1').set('X-Forwarded-Proto', 'https').expect(200);
      expect(secure.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
      const plain = await request(ctx.app).get('/statements/hardening-1').expect(200);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      // Error pages too: the header rides on every https answer.
      const missing = await request(ctx.app).get('/no-such-page').set('X-Forwarded-Proto', 'https').expect(404);
      expect(missing.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    });

    it('sends nosniff, a referrer policy and a CSP without inline script on pages and JSON alike', async () => {
      for (const path of [
        '/',
        '/search?q=nurses',
        '/statements/hardening-1',
        '/api/statements/hardening-1',
        '/healthz',
        '/admin/login',
      ]) {
        const response = await request(ctx.app).get(path);
        expect(response.status, path).toBeLessThan(400);
        expect(response.headers['x-content-type-options'], path).toBe('nosniff');
        expect(response.headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
        const csp = String(response.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim());
        expect(csp, path).toEqual(
          expect.arrayContaining([
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
          ]),
        );
        expect(csp.join(';'), path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      }
    });
  });

  describe('request body limits', () => {
    let agent: ReturnType<typeof request.agent>;
    let csrf: string;

    beforeAll(async () => {
      ({ agent, csrf } = await signedInAgent(ctx.app, { password: PASSWORD, formPage: '/admin/statements/hardening-1/edit' }));
    });

    it('answers an oversize sign-in form with 413 naming the limit: the JSON envelope for a JSON client, the error page for a browser', async () => {
      const body = { name: 'maria', password: 'x'.repeat(120 * 1024) };
      const json = await request(ctx.app)
        .post('/admin/login')
        .type('form')
        .set('Accept', 'application/json')
        .send(body)
        .expect(413);
      expect(json.headers['content-type']).toMatch(/application\/json/);
      expect(json.body).toEqual({ error: { code: 'payload_too_large', message: expect.stringContaining('larger than 100 KB') } });

      const page = await request(ctx.app).post('/admin/login').type('form').set('Accept', 'text/html').send(body).expect(413);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('data-testid="error"');
      expect(page.text).toContain('Too large');
      expect(page.text).toContain('larger than 100 KB');
      expect(page.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    });

    it('takes a sign-in form just under the limit (the limit is where it says)', async () => {
      const login = await request.agent(ctx.app).get('/admin/login').expect(200);
      const response = await request(ctx.app)
        .post('/admin/login')
        .type('form')
        .set(
          'Cookie',
          ([] as string[])
            .concat(login.headers['set-cookie'] ?? [])
            .map((c) => c.split(';')[0])
            .join('; '),
        )
        .send({ _csrf: csrfOf(login.text), name: 'nobody', password: 'y'.repeat(90 * 1024) });
      expect(response.status).not.toBe(413);
    });

    it('refuses an oversize statement edit with 413 and leaves the statement and its history alone', async () => {
      const revisions = revisionCount();
      const response = await agent
        .post('/admin/statements/hardening-1/edit')
        .type('form')
        .set('Accept', 'application/json')
        .send({ _csrf: csrf, text: 'z'.repeat(400 * 1024) })
        .expect(413);
      expect(response.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('300 KB') });
      expect(ctx.store.statements.findById('hardening-1')?.text).toBe(TEXT);
      expect(revisionCount()).toBe(revisions);
    });

    it('refuses a form with too many fields with 413, not a 500', async () => {
      const fields = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, 'v']));
      const response = await agent
        .post('/admin/statements/hardening-1/edit')
        .type('form')
        .set('Accept', 'application/json')
        .send({ _csrf: csrf, ...fields })
        .expect(413);
      expect(response.body.error.code).toBe('payload_too_large');
      expect(ctx.store.statements.findById('hardening-1')?.text).toBe(TEXT);
    });

    it('takes a large upload on the import form but refuses one beyond its 20 MB with 413, importing nothing', async () => {
      const before = statementCount();
      const importCsrf = csrfOf((await agent.get('/admin/import').expect(200)).text);
      const response = await agent
        .post('/admin/import')
        .type('form')
        .set('Accept', 'application/json')
        .send({ _csrf: importCsrf, content: 'x'.repeat(21 * 1024 * 1024) })
        .expect(413);
      expect(response.body.error).toMatchObject({
        code: 'payload_too_large',
        message: expect.stringContaining('larger than 20 MB'),
      });
      expect(statementCount()).toBe(before);

      // 1 MB is far over every other form's limit, and fine here: the import reads it (and refuses its rows).
      const large = await agent
        .post('/admin/import')
        .type('form')
        .set('Accept', 'text/html')
        .send({ _csrf: importCsrf, content: `{"text":"${'x'.repeat(1024 * 1024)}"}\n`, filename: 'big.ndjson', dry_run: '1' });
      expect(large.status).not.toBe(413);
      expect(large.status).toBeLessThan(500);
      expect(statementCount()).toBe(before);
    });
  });

  describe('rate limits', () => {
    const limited = () =>
      createApp({ ...ctx.deps, config: { ...ctx.deps.config, rateLimits: { searchPerMinute: 3, exportPerMinute: 2 } } });
    const from = (address: string) => ({ 'X-Forwarded-For': address });

    it('answers the search after the limit with 429, Retry-After and the JSON envelope, counting the page and the API together', async () => {
      const app = limited();
      const client = from('203.0.113.10');
      await request(app).get('/search?q=nurses').set(client).expect(200);
      await request(app).get('/api/search?q=nurses').set(client).expect(200);
      await request(app).get('/api/search?q=officers').set(client).expect(200);

      const refused = await request(app).get('/api/search?q=nurses').set(client).expect(429);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body).toEqual({
        error: { code: 'too_many_requests', message: `Too many requests; try again in ${retryAfter} seconds.` },
      });

      const page = await request(app).get('/search?q=nurses').set(client).set('Accept', 'text/html').expect(429);
      expect(page.headers['retry-after']).toMatch(/^\d+$/);
      expect(page.text).toContain('data-testid="error"');
      expect(page.text).toContain('Too many requests');
      expect(page.text).toMatch(/try again in \d+ seconds/);
    });

    it('leaves other clients, permalinks, other pages and exports alone while one client is limited', async () => {
      const app = limited();
      const client = from('203.0.113.20');
      for (let i = 0; i < 3; i++) await request(app).get('/api/search').set(client).expect(200);
      await request(app).get('/api/search').set(client).expect(429);

      const other = await request(app).get('/api/search?q=nurses').set(from('198.51.100.7')).expect(200);
      expect(other.body.total).toBe(1);
      await request(app).get('/search?q=nurses').set(from('198.51.100.7')).expect(200);
      for (const path of ['/', '/statements/hardening-1', '/api/statements/hardening-1', '/api/statements', '/healthz']) {
        await request(app).get(path).set(client).expect(200);
      }
      await request(app).get('/export/search.csv?q=nurses').set(client).expect(200);
    });

    it('limits exports and feeds together and apart from searches', async () => {
      const app = limited();
      const client = from('203.0.113.30');
      const csv = await request(app).get('/export/search.csv?q=nurses').set(client).expect(200);
      expect(csv.text).toContain('hardening-1');
      await request(app).get('/feeds/search.atom?q=nurses').set(client).expect(200);

      const refused = await request(app).get('/export/search.ndjson').set(client).set('Accept', 'application/json').expect(429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body.error.code).toBe('too_many_requests');
      await request(app).get('/feeds/search.atom').set(client).expect(429);

      // Searching is counted apart; another client may still export.
      await request(app).get('/api/search?q=nurses').set(client).expect(200);
      await request(app).get('/export/search.ndjson').set(from('203.0.113.31')).expect(200);
    });

    it('applies the default limits when the config has none, and none at 0', async () => {
      const withoutLimits = { baseUrl: ctx.deps.config.baseUrl, indexUid: ctx.deps.config.indexUid };
      const defaults = await request(createApp({ ...ctx.deps, config: withoutLimits }))
        .get('/api/search')
        .expect(200);
      expect(defaults.headers['ratelimit-policy']).toMatch(/q=300; w=60/);
      const exports = await request(createApp({ ...ctx.deps, config: withoutLimits }))
        .get('/feeds/search.atom')
        .expect(200);
      expect(exports.headers['ratelimit-policy']).toMatch(/q=20; w=60/);

      const off = createApp(ctx.deps); // the test context turns both off
      for (let i = 0; i < 25; i++) {
        const response = await request(off).get('/feeds/search.atom').set(from('203.0.113.40'));
        expect(response.status).toBe(200);
        expect(response.headers['ratelimit-policy']).toBeUndefined();
      }
    });
  });
});
