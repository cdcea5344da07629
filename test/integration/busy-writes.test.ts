import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVING_BUSY_TIMEOUT_MS } from '../../data/db.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createApp } from '../../server/app.js';
import { readForm } from '../support/form-session.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

const PASSWORD = 'correct horse battery staple';
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;

/**
 * Another connection holds the archive's write lock (as `onrecord import` does): a curator's save
 * is tried again on a timer, then answered 503 with Retry-After, nothing written, never a 500;
 * reads go on meanwhile; once the lock is free the same save goes through.
 */
describe('a save while another process holds the write lock', () => {
  let ctx: TestContext;
  let agent: ReturnType<typeof request.agent>;
  let other: Database.Database;

  beforeAll(async () => {
    ctx = createTestContext();
    ctx.store.setBusyTimeout(SERVING_BUSY_TIMEOUT_MS);
    ctx.deps.services.imports.run({ statements: [{ row: 1, value: statementRecord({ id: 'busy-1', stance: 'support' }) }] });
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    agent = request.agent(createApp(ctx.deps));
    const login = await agent.get('/admin/login').expect(200);
    await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), name: 'maria', password: PASSWORD })
      .expect(303);
    other = new Database(join(ctx.dir, 'archive.db'));
  });
  afterAll(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await ctx.cleanup();
  });

  it(
    'answers 503 with Retry-After and writes nothing, keeps serving reads, then saves once the lock is free',
    { timeout: 120_000 },
    async () => {
      const form = await agent.get('/admin/statements/busy-1/edit').expect(200);
      const fields = { ...readForm(form.text, 'statement-form'), stance: 'oppose' };
      other.exec('BEGIN IMMEDIATE');
      const refused = await agent.post('/admin/statements/busy-1/edit').type('form').send(fields).expect(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.text).toContain('The archive is busy with another write');
      await request(createApp(ctx.deps)).get('/statements/busy-1').expect(200);
      expect(ctx.store.statements.findById('busy-1')?.stance).toBe('support');

      // JSON clients get the envelope, with the same status and header.
      const json = await agent
        .post('/admin/statements/busy-1/edit')
        .set('Accept', 'application/json')
        .type('form')
        .send(fields)
        .expect(503);
      expect(json.body.error.code).toBe('database_busy');

      other.exec('ROLLBACK');
      await agent.post('/admin/statements/busy-1/edit').type('form').send(fields).expect(303);
      expect(ctx.store.statements.findById('busy-1')?.stance).toBe('oppose');
    },
  );
});
