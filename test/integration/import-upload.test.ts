import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../data/paths.js';
import type { IndexSyncer } from '../../indexer/syncer.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createApp } from '../../server/app.js';
import { createJobsService } from '../../server/services/jobs.service.js';
import { waitFor } from '../support/app-process.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';
import { signedInAgent } from '../support/curator-agent.js';

const PASSWORD = 'correct horse battery staple';

describe('the import upload form at /admin/import', () => {
  let ctx: TestContext;
  let app: ReturnType<typeof createApp>;
  let kicks = 0;
  let agent: ReturnType<typeof request.agent>;
  let csrf: string;
  const count = () => ctx.store.db.prepare('SELECT count(*) FROM statements').pluck().get() as number;
  const outbox = () => ctx.store.db.prepare('SELECT count(*) FROM index_outbox').pluck().get() as number;
  const upload = (fields: Record<string, string>) =>
    agent
      .post('/admin/import')
      .type('form')
      .send({ _csrf: csrf, ...fields });
  /** The upload answers 303 to its job's page at once; the page shows the outcome once the job ends. */
  async function outcomeOf(posted: PromiseLike<{ status: number; headers: Record<string, string> }>): Promise<string> {
    const answer = await posted;
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/admin\/jobs\/[A-Za-z0-9_-]+$/);
    return waitFor(
      'the import job to end',
      async () => {
        const page = await agent.get(answer.headers.location as string).expect(200);
        return page.text.includes('data-testid="import-outcome"') ? page.text : undefined;
      },
      60_000,
      100,
    );
  }

  beforeAll(async () => {
    ctx = createTestContext();
    // A stand-in syncer: the upload must ask for the index to catch up after a committed import.
    const syncer: IndexSyncer = {
      kick: () => {
        kicks += 1;
      },
      syncNow: () => Promise.resolve(0),
      stop: async () => {},
    };
    const jobs = createJobsService({
      store: ctx.store,
      databasePath: join(ctx.dir, 'archive.db'),
      jobsDir: join(ctx.dir, 'jobs'),
      logger: ctx.deps.logger,
      onArchiveChanged: () => syncer.kick(),
    });
    app = createApp({ ...ctx.deps, syncer, jobs });
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    ({ agent, csrf } = await signedInAgent(app, { password: PASSWORD, formPage: '/admin/import' }));
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('sends a visitor without a session to sign-in, answers JSON with 401, and writes nothing', async () => {
    const page = await request(app).get('/admin/import').set('Accept', 'text/html').expect(303);
    expect(page.headers.location).toBe('/admin/login?next=%2Fadmin%2Fimport');
    const before = count();
    await request(app)
      .post('/admin/import')
      .set('Accept', 'application/json')
      .type('form')
      .send({ content: JSON.stringify([statementRecord({ id: 'anon' })]) })
      .expect(401);
    expect(count()).toBe(before);
  });

  it('shows a signed-in curator the form, with its CSRF token, a file input and the upload script', async () => {
    const page = await agent.get('/admin/import').expect(200);
    expect(page.text).toContain('enctype="application/x-www-form-urlencoded"');
    expect(page.text).toMatch(/<textarea id="import-content" name="content"/);
    expect(page.text).toContain('type="file"');
    expect(page.text).toContain('<script src="/static/file-into-form.js" defer></script>');
    expect(csrf).toBeTruthy();
    await agent
      .get('/static/file-into-form.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
  });

  it('refuses a post without the CSRF token with 403 and writes nothing', async () => {
    const before = count();
    await agent
      .post('/admin/import')
      .type('form')
      .send({ content: JSON.stringify([statementRecord({ id: 'no-csrf' })]) })
      .expect(403);
    await agent
      .post('/admin/import')
      .type('form')
      .send({ _csrf: 'forged', content: JSON.stringify([statementRecord({ id: 'no-csrf' })]) })
      .expect(403);
    expect(count()).toBe(before);
  });

  it('checks a file on a dry run and writes nothing', async () => {
    const before = { statements: count(), outbox: outbox(), kicks };
    const page = await outcomeOf(
      upload({
        content: JSON.stringify([statementRecord({ id: 'dry-1' }), statementRecord({ id: 'dry-2', text: 'Two.' })]),
        filename: 'two.json',
        dry_run: '1',
      }),
    );
    expect(page).toContain('Dry run: the file is valid, and nothing was written.');
    expect(page).toContain('dry run, nothing written: would import statements: 2 created, 0 updated, 0 unchanged');
    expect({ statements: count(), outbox: outbox(), kicks }).toEqual(before);
  });

  it('shows every bad row with its row and field, escaped, and writes nothing', async () => {
    const before = count();
    const csv =
      'id,text,speaker_name,stance,said_on\r\nok-1,Fine words,Ana Diaz,support,2024-05-02\r\nbad-1,More words,Ana Diaz,sort of,2024-05-02\r\nbad-2,Even more,Ana Diaz,oppose,last Tuesday\r\n';
    const page = await outcomeOf(upload({ content: csv, filename: 'three.csv' }));
    expect(page).toContain('The import was refused and nothing was written: 2 problems to fix.');
    expect(page).toMatch(
      /<td>3<\/td><td><code>stance<\/code><\/td><td>expected one of support, oppose, mixed, neutral, unclear<\/td>/,
    );
    expect(page).toMatch(/<td>4<\/td><td><code>said_on<\/code><\/td><td>expected a date as YYYY, YYYY-MM or YYYY-MM-DD<\/td>/);
    const hostile = await outcomeOf(
      upload({
        content: 'text,speaker_name,<script>alert(1)</script>\r\nx,y,z\r\n',
        filename: 'evil.csv',
      }),
    );
    expect(hostile).not.toContain('<script>alert(1)</script>');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(count()).toBe(before);
  });

  it('refuses text whose bytes were not UTF-8, and an empty upload', async () => {
    const before = count();
    // A Latin-1 "é" (byte E9), percent-encoded as a browser would send the raw byte.
    const body = `_csrf=${encodeURIComponent(csrf)}&filename=latin1.csv&content=${encodeURIComponent('text,speaker_name\r\nFine,Ana\r\n')}Caf%E9%20talk,Ana%20Diaz%0D%0A`;
    const bytes = await outcomeOf(
      agent
        .post('/admin/import')
        .type('form')
        .serialize((raw: string) => raw)
        .send(body),
    );
    expect(bytes).toMatch(/<td>3<\/td><td><code>\(file\)<\/code><\/td><td>is not valid UTF-8 text/);
    const empty = await upload({ content: '   ', filename: '' }).expect(400);
    expect(empty.text).toContain('is empty');
    expect(count()).toBe(before);
  });

  it('imports a good upload, records the curator as its provenance, and asks the index to catch up', async () => {
    const before = { statements: count(), kicks };
    const content = readFileSync(join(projectRoot, 'data/examples/statements.csv'), 'utf8');
    const page = await outcomeOf(upload({ content, filename: 'statements.csv' }));
    expect(page).toContain('imported statements: 3 created, 0 updated, 0 unchanged');
    expect(count()).toBe(before.statements + 3);
    expect(kicks).toBe(before.kicks + 1);
    const statement = ctx.store.statements.findById('ex-csv-whitlow-budget');
    expect(statement?.provenance).toEqual({ via: 'imported', by: 'maria (upload)' });

    const again = await outcomeOf(upload({ content, filename: 'statements.csv' }));
    expect(again).toContain('imported statements: 0 created, 0 updated, 3 unchanged');
    expect(kicks).toBe(before.kicks + 1);
  });

  it('writes a revision for every statement an upload creates or changes, and none for an unchanged one', async () => {
    const revisionsOf = (id: string) =>
      ctx.store.db
        .prepare(
          "SELECT action, user_name, before_json, after_json FROM revisions WHERE entity_type = 'statement' AND entity_id = ? ORDER BY id",
        )
        .all(id) as { action: string; user_name: string; before_json: string | null; after_json: string }[];
    const first = JSON.stringify(statementRecord({ id: 'revised-1', stance: 'support' }));
    await outcomeOf(upload({ content: first + '\n', filename: 'one.ndjson' }));
    await outcomeOf(upload({ content: first + '\n', filename: 'one.ndjson' }));
    expect(revisionsOf('revised-1')).toEqual([
      expect.objectContaining({ action: 'import', user_name: 'maria (upload)', before_json: null }),
    ]);

    const changed = JSON.stringify(statementRecord({ id: 'revised-1', stance: 'oppose' }));
    await outcomeOf(upload({ content: changed + '\n', filename: 'one.ndjson' }));
    const [, update] = revisionsOf('revised-1');
    expect(JSON.parse(update?.before_json ?? '{}').stance).toBe('support');
    expect(JSON.parse(update?.after_json ?? '{}').stance).toBe('oppose');
    const history = await agent.get('/admin/statements/revised-1/history').expect(200);
    expect(history.text).toContain('maria (upload)');
    expect(history.text).toMatch(/support[\s\S]*oppose/);
  });

  it('accepts a pasted NDJSON file without a file name', async () => {
    const content =
      JSON.stringify(statementRecord({ id: 'pasted-1' })) +
      '\n' +
      JSON.stringify(statementRecord({ id: 'pasted-2', text: 'Pasted.' })) +
      '\n';
    const page = await outcomeOf(upload({ content }));
    expect(page).toContain('imported statements: 2 created');
    expect(ctx.store.statements.findById('pasted-2')?.provenance.via).toBe('imported');
  });

  it('answers a body over 20 MB with 413 and a clear message, writing nothing', async () => {
    const before = count();
    const huge = await upload({ content: 'x'.repeat(21 * 1024 * 1024) })
      .set('Accept', 'text/html')
      .expect(413);
    expect(huge.text).toContain('larger than 20 MB');
    expect(count()).toBe(before);
  });
});
