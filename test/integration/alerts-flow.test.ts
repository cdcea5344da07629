import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exitOf, runCli, startApp, waitFor, waitUntilCaughtUp, type AppProcess } from '../support/app-process.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-test-server.js';
import { statementRecord } from '../support/test-context.js';

const BASE_URL = 'http://onrecord.test';

/**
 * A reader follows a search by email, end to end with real processes: the app (its form, its
 * scheduler), the `onrecord` command line (import, alerts send), and a real SMTP server.
 */
describe('alerts, as a reader and an operator would use them', { timeout: 180_000 }, () => {
  let dataDir: string;
  let smtp: TestSmtpServer;
  let app: AppProcess;
  let origin: string;
  const indexUid = `alerts_${Date.now().toString(36)}`;
  const env = () => ({
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'On Record <alerts@onrecord.test>',
    BASE_URL,
    // The scheduler runs when kicked (a sign-up) and hourly; the test sends alerts with the CLI.
    ALERTS_INTERVAL_SECONDS: '3600',
  });
  const local = (url: string) => url.replace(BASE_URL, origin);
  // Not spawnSync: a blocked event loop would reuse keep-alive sockets the app has closed meanwhile.
  const cli = async (...args: string[]) => {
    const run = runCli(args, env());
    const { code } = await exitOf(run.child);
    return { status: code, stdout: run.output() };
  };
  const importFile = async (name: string, ...records: Record<string, unknown>[]) => {
    const file = join(dataDir, name);
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const result = await cli('import', file);
    expect(result.stdout).not.toMatch(/refused|error/i);
    expect(result.status).toBe(0);
  };
  let cookie = '';
  let csrf = '';
  const signUp = (fields: Record<string, string | string[]>, withCookie = true) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
    return fetch(`${origin}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(withCookie ? { cookie } : {}) },
      body,
      redirect: 'manual',
    });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-alerts-'));
    smtp = await startTestSmtpServer();
    app = startApp(env());
    const { port } = await waitUntilCaughtUp(app, 150_000);
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (process.env.ALERTS_DEBUG) console.log(app?.output().slice(-4000));
    app?.child.kill('SIGTERM');
    if (app) await exitOf(app.child);
    await smtp?.close();
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${inject('meiliKey')}` },
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers a "Get alerts" form on the search page carrying the page\'s own search', async () => {
    const response = await fetch(`${origin}/search?q=zqflow&stance=oppose`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-testid="alert-form"');
    expect(html).toContain('<input type="hidden" name="q" value="zqflow">');
    expect(html).toContain('<input type="hidden" name="stance" value="oppose">');
    expect(html).toContain('Email me new statements for <strong>“zqflow” · Stance: Opposes</strong>');
    csrf = /name="_csrf" value="([\w-]+)"/.exec(html)?.[1] ?? '';
    cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(csrf).toHaveLength(43);
    expect(cookie).toBe(`onrecord_form=${csrf}`);
    // The same form on a speaker's page follows that speaker.
    const speakers = (await (await fetch(`${origin}/api/speakers?per_page=1`)).json()) as {
      data?: { id: string }[];
      speakers?: { id: string }[];
    };
    const first = (speakers.data ?? speakers.speakers ?? [])[0];
    if (first) {
      const speakerPage = await (await fetch(`${origin}/speakers/${first.id}`)).text();
      expect(speakerPage).toContain(`<input type="hidden" name="speaker" value="${first.id}">`);
    }
  });

  it('answers bad sign-ups with the form again, naming the field, and stores nothing', async () => {
    const good = { _csrf: csrf, email: 'reporter@example.org', frequency: 'immediate', q: 'zqflow', stance: 'oppose' };
    const noCookie = await signUp(good, false);
    expect(noCookie.status).toBe(403);
    expect(await noCookie.text()).toContain('This form has expired or did not come from this site');

    const badEmail = await signUp({ ...good, email: 'not-an-address' });
    expect(badEmail.status).toBe(400);
    const badEmailHtml = await badEmail.text();
    expect(badEmailHtml).toContain('<code>email</code>: expected an email address');
    expect(badEmailHtml).toContain('value="not-an-address"');

    const badFrequency = await signUp({ ...good, frequency: 'hourly' });
    expect(badFrequency.status).toBe(400);
    expect(await badFrequency.text()).toContain('<code>frequency</code>: expected one of immediate, daily, weekly');

    const badParam = await signUp({ ...good, colour: 'red' });
    expect(badParam.status).toBe(400);
    expect(await badParam.text()).toContain('<code>colour</code>: not a search parameter');

    const badValue = await signUp({ ...good, stance: 'furious' });
    expect(badValue.status).toBe(400);
    expect(await badValue.text()).toMatch(/<code>stance<\/code>: stance: &#34;furious&#34;: expected one of support, oppose/);

    const listed = await cli('alerts', 'list', '--json');
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(smtp.mails).toHaveLength(0);
  });

  it('confirms by mail, sends exactly one alert for a matching import, and nothing after a one-click unsubscribe', async () => {
    const requested = await signUp({
      _csrf: csrf,
      email: 'Reporter@Example.org',
      frequency: 'immediate',
      q: 'zqflow',
      stance: 'oppose',
    });
    expect(requested.status).toBe(200);
    expect(await requested.text()).toContain('Check your inbox');

    // The sign-up kicked the app's scheduler: the confirmation mail arrives without any CLI run.
    await waitFor('the confirmation mail', () => (smtp.mails.length >= 1 ? true : undefined), 30_000);
    const confirmation = smtp.mails[0]!.parsed;
    expect(confirmation.subject).toBe('Confirm your On Record alert: “zqflow” · Stance: Opposes');
    const confirmUrl = /(http:\/\/onrecord\.test\/alerts\/confirm\/[\w.-]+)/.exec(confirmation.text ?? '')?.[1];
    expect(confirmUrl).toBeDefined();
    // Opening the link (as a mail scanner would) changes nothing; the button confirms.
    const opened = await fetch(local(confirmUrl!));
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('Yes, start my alerts');
    expect(JSON.parse((await cli('alerts', 'list', '--json')).stdout)).toMatchObject([
      { status: 'pending', email: 'reporter@example.org' },
    ]);
    const confirmed = await fetch(local(confirmUrl!), { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Your alert is on.');

    await importFile(
      'new.ndjson',
      statementRecord({ id: 'flow-oppose', text: 'The zqflow contract must end this year.', stance: 'oppose' }),
      statementRecord({ id: 'flow-support', text: 'Keep the zqflow officers.', stance: 'support' }),
    );
    const dry = await cli('alerts', 'send', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/would send #1 to reporter@example\.org: 1 new statement · “zqflow” · Stance: Opposes/);
    expect(smtp.mails).toHaveLength(1);

    const sent = await cli('alerts', 'send');
    expect(sent.status).toBe(0);
    expect(sent.stdout).toMatch(/sent 1 mail via smtp:\/\/127\.0\.0\.1:\d+; 0 failed/);
    expect(smtp.mails).toHaveLength(2);
    const alert = smtp.mails[1]!;
    expect(alert.parsed.subject).toBe('1 new statement: “zqflow” · Stance: Opposes');
    expect(alert.parsed.text).toContain('“The zqflow contract must end this year.”');
    expect(alert.parsed.text).toContain(`${BASE_URL}/statements/flow-oppose`);
    expect(alert.parsed.text).not.toContain('Keep the zqflow officers');
    const manageUrl = /Change or stop these alerts: (\S+)/.exec(alert.parsed.text ?? '')?.[1];
    expect((await fetch(local(manageUrl!))).status).toBe(200);

    // Exactly once: a second run sends nothing.
    expect((await cli('alerts', 'send')).stdout).toMatch(/sent 0 mails/);
    expect(smtp.mails).toHaveLength(2);

    // RFC 8058 one-click: what a mail provider POSTs, with no cookie and no form token.
    const header = alert.raw.replace(/\r?\n[ \t]+/g, ' ');
    const unsubscribeUrl = /^List-Unsubscribe:\s*<([^>]+)>/m.exec(header)?.[1];
    expect(unsubscribeUrl).toMatch(/^http:\/\/onrecord\.test\/alerts\/unsubscribe\//);
    const unsubscribed = await fetch(local(unsubscribeUrl!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);

    await importFile(
      'later.ndjson',
      statementRecord({ id: 'flow-later', text: 'Again: end the zqflow contract.', stance: 'oppose' }),
    );
    expect((await cli('alerts', 'send')).stdout).toMatch(/sent 0 mails/);
    expect(smtp.mails).toHaveLength(2);
    expect((await cli('alerts', 'list')).stdout).toContain('0 subscriptions');
    // The address is gone with its last subscription.
    expect((await fetch(local(manageUrl!))).status).toBe(404);
  });

  it('says so when a confirmation link was tampered with, and changes nothing', async () => {
    const response = await fetch(`${origin}/alerts/confirm/1.9999999999999.${'A'.repeat(43)}`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This confirmation link is not valid');
  });
});
