import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../indexer/outbox.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { withAlertsLease } from '../../server/alerts/alert-scheduler.js';
import { createAlertsService, retryDelayMs, type AlertsService } from '../../server/alerts/alerts.service.js';
import { createMailer } from '../../server/alerts/mailer.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { retractStatement } from '../../server/services/statement-editing.service.js';
import { waitFor } from '../support/app-process.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-test-server.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

const rows = (...values: unknown[]) => values.map((value, i) => ({ row: i + 1, value }));
const noSearch = { from: null, to: null } as const;

describe('email alerts (service, real engine, real SMTP server)', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let smtp: TestSmtpServer;
  let clock: number;
  let alerts: AlertsService;

  const importAndIndex = async (...records: Record<string, unknown>[]) => {
    createImportService(ctx.store).run({ statements: rows(...records) });
    await drainOutbox(ctx.store, ctx.target);
  };
  const confirmLinkOf = (text: string) => /\/alerts\/confirm\/([\w.-]+)/.exec(text)?.[1];

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    ctx = createTestContext();
    await prepareIndex(ctx.store, ctx.target);
    smtp.mails.length = 0;
    smtp.refuse = false;
    smtp.stall = false;
    clock = Date.parse('2026-03-01T12:00:00Z');
    alerts = createAlertsService({
      store: ctx.store,
      search: ctx.search,
      mailer: createMailer({ smtpUrl: smtp.url, from: 'On Record <alerts@onrecord.test>', mailDir: ctx.dir }),
      secret: randomBytes(32),
      baseUrl: TEST_BASE_URL,
      now: () => clock,
    });
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  /** Signs up and confirms through the mailed link, as a reader would. */
  async function subscribeAndConfirm(filters: Record<string, string[]>, q: string, email = 'reporter@example.org') {
    alerts.subscribe({ email, frequency: 'immediate', search: { q, filters, ...noSearch } });
    const before = smtp.mails.length;
    await alerts.runOnce();
    expect(smtp.mails).toHaveLength(before + 1);
    const confirmation = smtp.mails.at(-1)!.parsed;
    expect(confirmation.subject).toMatch(/^Confirm your On Record alert/);
    const token = confirmLinkOf(confirmation.text ?? '');
    expect(token).toBeDefined();
    const outcome = alerts.confirm(token!);
    expect(outcome.ok).toBe(true);
    return outcome;
  }

  it('mails each matching new statement exactly once, with words marked as quote or paraphrase, and never a retracted one', async () => {
    await importAndIndex(
      statementRecord({ id: 'old', text: 'Counselors were here before the alert existed.', stance: 'oppose' }),
    );
    await subscribeAndConfirm({ stance: ['oppose'] }, 'counselors');
    // Nothing new yet: no alert (the statement from before the sign-up is not news).
    await alerts.runOnce();
    expect(smtp.mails).toHaveLength(1);

    await importAndIndex(
      statementRecord({ id: 'new-quote', text: 'We want counselors in every building, not armed officers.', stance: 'oppose' }),
      statementRecord({
        id: 'new-para',
        kind: 'paraphrase',
        text: 'She said counselors do more for safety than officers.',
        stance: 'oppose',
      }),
      statementRecord({ id: 'other-stance', text: 'Counselors and officers can work together.', stance: 'support' }),
      statementRecord({ id: 'pulled', text: 'Counselors words later retracted.', stance: 'oppose' }),
    );
    const pulled = ctx.store.statements.findById('pulled')!;
    expect(retractStatement(ctx.store, pulled, { reason: 'misattributed' }, 'editor', '2026-03-01')).toEqual({ ok: true });
    await drainOutbox(ctx.store, ctx.target);

    clock += 60_000;
    const report = await alerts.runOnce();
    expect(report.sent).toBe(1);
    expect(smtp.mails).toHaveLength(2);
    const mail = smtp.mails[1]!.parsed;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('reporter@example.org');
    expect(mail.subject).toBe('2 new statements: “counselors” · Stance: Opposes');
    const text = mail.text ?? '';
    expect(text).toContain('“We want counselors in every building, not armed officers.”');
    expect(text).toContain("Paraphrase (the source's words, not a quote): She said counselors do more for safety than officers.");
    expect(text).not.toContain('“She said counselors');
    expect(text).toContain('Jordan Avery, parent');
    expect(text).toContain('Opposes: Test district resolution to end the SRO contract');
    expect(text).toContain('Parents speak at board meeting, Test Gazette');
    expect(text).toContain(`${TEST_BASE_URL}/statements/new-quote`);
    expect(text).not.toContain('work together');
    expect(text).not.toContain('retracted');
    expect(mail.html).toContain(`href="${TEST_BASE_URL}/statements/new-para"`);
    // RFC 8058: both headers, on the message as sent.
    const raw = smtp.mails[1]!.raw.replace(/\r?\n[ \t]+/g, ' '); // unfolded
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw).toMatch(new RegExp(`^List-Unsubscribe:\\s*<${TEST_BASE_URL}/alerts/unsubscribe/[\\w-]{32}>\\r?$`, 'm'));

    // Exactly once: another run (and another) sends nothing more.
    clock += 60_000;
    expect((await alerts.runOnce()).sent).toBe(0);
    expect((await alerts.runOnce()).sent).toBe(0);
    expect(smtp.mails).toHaveLength(2);

    // A correction to a statement already sent is mentioned in the next alert.
    await importAndIndex(
      statementRecord({
        id: 'new-quote',
        text: 'We want counselors in every school building, not armed officers.',
        stance: 'oppose',
      }),
      statementRecord({ id: 'later', text: 'Counselors, again, please.', stance: 'oppose' }),
    );
    clock += 60_000;
    await alerts.runOnce();
    expect(smtp.mails).toHaveLength(3);
    const next = smtp.mails[2]!.parsed.text ?? '';
    expect(next).toContain('“Counselors, again, please.”');
    expect(next).toMatch(
      /Changes to statements we sent you before:\n- Changed since we sent it: Jordan Avery — now reads “We want counselors in every school building/,
    );
  });

  it('keeps a mail the SMTP server refused and sends it once when the server takes it again', async () => {
    await subscribeAndConfirm({}, 'nurses');
    await importAndIndex(statementRecord({ id: 'n1', text: 'Hire nurses first.' }));

    smtp.refuse = true;
    clock += 60_000;
    const failed = await alerts.runOnce();
    expect(failed.sent).toBe(0);
    expect(failed.failed).toHaveLength(1);
    expect(failed.failed[0]!.error).toMatch(/451|try again/);
    expect(smtp.mails).toHaveLength(1);

    // Before the backoff has passed nothing is retried; after it, the owed mail goes out once.
    smtp.refuse = false;
    clock += 1000;
    expect((await alerts.runOnce()).sent).toBe(0);
    clock += retryDelayMs(1);
    expect((await alerts.runOnce()).sent).toBe(1);
    expect((await alerts.runOnce()).sent).toBe(0);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.parsed.text).toContain('“Hire nurses first.”');
  });

  it('keeps the mail when the SMTP server is gone, and sends it once to the server that comes back', async () => {
    await subscribeAndConfirm({}, 'buses');
    await importAndIndex(statementRecord({ id: 'b1', text: 'The buses are late every day.' }));
    await smtp.close();
    clock += 60_000;
    const failed = await alerts.runOnce();
    expect(failed.failed).toHaveLength(1);
    const port = smtp.port;
    const revived = await startTestSmtpServer();
    // The service was built with the old URL; a new mailer points at the revived server.
    alerts = createAlertsService({
      store: ctx.store,
      search: ctx.search,
      mailer: createMailer({ smtpUrl: revived.url, from: 'alerts@onrecord.test', mailDir: ctx.dir }),
      secret: randomBytes(32),
      baseUrl: TEST_BASE_URL,
      now: () => clock,
    });
    clock += retryDelayMs(1) + 1;
    expect((await alerts.runOnce()).sent).toBe(1);
    expect((await alerts.runOnce()).sent).toBe(0);
    expect(revived.mails).toHaveLength(1);
    expect(revived.mails[0]!.parsed.text).toContain('The buses are late every day.');
    await revived.close();
    smtp = await startTestSmtpServer();
    expect(smtp.port).not.toBe(0);
    expect(port).toBeGreaterThan(0);
  });

  it('keeps a mail whose SMTP server was killed mid-send, and sends it once afterwards', async () => {
    await subscribeAndConfirm({}, 'rates');
    await importAndIndex(statementRecord({ id: 'r1', text: 'Water rates doubled this year.' }));
    smtp.stall = true;
    clock += 60_000;
    const run = alerts.runOnce();
    await waitFor('the message to reach the server', () => (smtp.stalled > 0 ? true : undefined), 30_000);
    smtp.dropConnections();
    const report = await run;
    expect(report.sent).toBe(0);
    expect(report.failed).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    smtp.stall = false;
    clock += retryDelayMs(1) + 1;
    expect((await alerts.runOnce()).sent).toBe(1);
    expect((await alerts.runOnce()).sent).toBe(0);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.parsed.text).toContain('Water rates doubled this year.');
  });

  it('sends nothing to a paused alert, and nothing after unsubscribing', async () => {
    const outcome = await subscribeAndConfirm({}, 'fares');
    if (!outcome.ok) throw new Error('not confirmed');
    const token = outcome.manage.manageUrl.split('/').pop()!;
    alerts.manage(token, 'pause');
    await importAndIndex(statementRecord({ id: 'f1', text: 'Fares are too high.' }));
    clock += 60_000;
    expect((await alerts.runOnce()).sent).toBe(0);
    alerts.manage(token, 'resume');
    clock += 60_000;
    expect((await alerts.runOnce()).sent).toBe(1);
    expect(alerts.unsubscribe(token)).toBe(true);
    await importAndIndex(statementRecord({ id: 'f2', text: 'Fares must fall.' }));
    clock += 60_000;
    expect((await alerts.runOnce()).sent).toBe(0);
    expect(smtp.mails).toHaveLength(2);
    expect(ctx.store.alertSubscriptions.listAll()).toHaveLength(0);
  });

  it('refuses a tampered or expired confirmation link and changes nothing', async () => {
    alerts.subscribe({ email: 'a@example.org', frequency: 'daily', search: { q: 'library', filters: {}, ...noSearch } });
    await alerts.runOnce();
    const token = confirmLinkOf(smtp.mails[0]!.parsed.text ?? '')!;
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(alerts.confirm(tampered)).toEqual({ ok: false, problem: 'tampered' });
    expect(alerts.confirm('12.34')).toEqual({ ok: false, problem: 'malformed' });
    clock += 49 * 3600 * 1000;
    expect(alerts.confirm(token)).toEqual({ ok: false, problem: 'expired' });
    expect(ctx.store.alertSubscriptions.listAll().map((s) => s.status)).toEqual(['pending']);
  });

  it('lets one runner at a time hold the alerts lease', async () => {
    let inside = 0;
    let most = 0;
    const run = (holder: string) =>
      withAlertsLease(ctx.store.leases, holder, async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 50));
        inside--;
        return holder;
      });
    const results = await Promise.all([run('one'), run('two')]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(most).toBe(1);
    // Released afterwards: the next runner gets it.
    expect(await run('three')).toBe('three');
  });

  it('asks one address for confirmation at most three times an hour, whatever is submitted', async () => {
    for (let i = 0; i < 5; i++) {
      alerts.subscribe({ email: 'flood@example.org', frequency: 'daily', search: { q: `topic${i}`, filters: {}, ...noSearch } });
    }
    await alerts.runOnce();
    expect(smtp.mails).toHaveLength(3);
  });
});
