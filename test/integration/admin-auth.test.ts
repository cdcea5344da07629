import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../data/store.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createTestContext, type TestContext } from '../support/test-context.js';
import { runCliSync } from '../support/app-process.js';

const PASSWORD = 'correct horse battery staple';

/** The sign-in form's hidden CSRF token and the cookie it pairs with. */
async function openLoginForm(agent: ReturnType<typeof request.agent>): Promise<string> {
  const page = await agent.get('/admin/login').expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  expect(token).toBeTruthy();
  return token as string;
}

describe('curator sign-in', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = createTestContext();
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    ctx.store.curators.save('rate-limited', await hashPassword(PASSWORD));
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('sends pages to sign-in and answers JSON with 401 without a session', async () => {
    const page = await request(ctx.app).get('/admin').set('Accept', 'text/html').expect(303);
    expect(page.headers.location).toBe('/admin/login?next=%2Fadmin');
    const api = await request(ctx.app).get('/admin/api/statements').set('Accept', 'application/json').expect(401);
    expect(api.body.error.code).toBe('unauthorized');
  });

  it('signs in with the right password, keeps a server-side session in an httpOnly SameSite=Lax cookie, and signs out', async () => {
    const agent = request.agent(ctx.app);
    const token = await openLoginForm(agent);
    const signIn = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: token, name: 'maria', password: PASSWORD, next: '/admin' })
      .expect(303);
    expect(signIn.headers.location).toBe('/admin');
    const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('onrecord_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    // Only a hash of the cookie's token is stored.
    const value = cookie?.split(';')[0]?.split('=')[1] as string;
    const stored = ctx.store.db.prepare('SELECT token_hash FROM sessions').pluck().all() as string[];
    expect(stored).not.toContain(value);
    expect(stored.length).toBeGreaterThan(0);

    const home = await agent.get('/admin').expect(200);
    expect(home.text).toContain('Signed in as <strong>maria</strong>');
    // Every part of the curator's side is one click from the home page.
    for (const section of ['statements', 'people', 'meetings', 'sources', 'import', 'ingest', 'review']) {
      expect(home.text).toContain(`href="/admin/${section}"`);
    }
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1] as string;

    await agent.post('/admin/logout').type('form').send({}).expect(403);
    await agent.get('/admin').expect(200);
    await agent.post('/admin/logout').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/admin').set('Accept', 'text/html').expect(303);
  });

  it('refuses a wrong password, an unknown name and a sign-in without the form token, without saying which', async () => {
    const agent = request.agent(ctx.app);
    const token = await openLoginForm(agent);
    const sessions = () => ctx.store.db.prepare('SELECT count(*) FROM sessions').pluck().get();
    const before = sessions();
    const wrong = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: token, name: 'maria', password: 'wrong password!!' })
      .expect(401);
    const unknown = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: token, name: 'nobody', password: PASSWORD })
      .expect(401);
    expect(wrong.text).toContain('Wrong name or password.');
    expect(unknown.text).toContain('Wrong name or password.');
    await request(ctx.app).post('/admin/login').type('form').send({ name: 'maria', password: PASSWORD }).expect(403);
    expect(sessions()).toBe(before);
  });

  it('limits sign-in attempts per account to 5 a minute, with Retry-After', async () => {
    const agent = request.agent(ctx.app);
    const token = await openLoginForm(agent);
    for (let i = 0; i < 5; i++) {
      await agent
        .post('/admin/login')
        .type('form')
        .send({ _csrf: token, name: 'rate-limited', password: `guess number ${i}` })
        .expect(401);
    }
    const limited = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: token, name: 'rate-limited', password: PASSWORD })
      .expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('Too many sign-in attempts');
  });

  it('marks the session cookie Secure behind https', async () => {
    const agent = request.agent(ctx.app);
    const token = await openLoginForm(agent);
    const signIn = await agent
      .post('/admin/login')
      .set('X-Forwarded-Proto', 'https')
      .type('form')
      .send({ _csrf: token, name: 'maria', password: PASSWORD })
      .expect(303);
    const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('onrecord_session='));
    expect(cookie).toMatch(/Secure/);
  });

  it('never redirects outside /admin after sign-in', async () => {
    const agent = request.agent(ctx.app);
    const token = await openLoginForm(agent);
    const signIn = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: token, name: 'maria', password: PASSWORD, next: '//evil.example/admin' })
      .expect(303);
    expect(signIn.headers.location).toBe('/admin');
  });

  it('adds a curator from the command line with an argon2id hash, reading the password from stdin', () => {
    const run = runCliSync(
      ['user', 'add', 'li.wei'],
      { DATA_DIR: ctx.dir, MEILI_URL: ctx.meiliUrl, MEILI_MASTER_KEY: ctx.meiliKey },
      {
        input: `${PASSWORD}\n`,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('curator li.wei added');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    const store = openStore(join(ctx.dir, 'archive.db'));
    expect(store.curators.findByName('li.wei')?.password_hash).toMatch(/^\$argon2id\$/);
    store.close();
    const short = runCliSync(['user', 'add', 'sam'], { DATA_DIR: ctx.dir }, { input: 'short\n' });
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');
  });
});
