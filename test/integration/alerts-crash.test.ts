import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../data/store.js';
import { newManageNonce } from '../../server/alerts/alert-tokens.js';
import { syncTopics } from '../../server/services/seed.service.js';
import { exitOf, startApp, waitFor, type AppProcess } from '../support/app-process.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-test-server.js';

/** An app SIGKILLed in the middle of sending an alert: the next app sends it, once. */
describe('alerts across a SIGKILL', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'onrecord-alerts-crash-'));
  const indexUid = `alerts_crash_${Date.now().toString(36)}`;
  const secret = 'a-test-secret-that-is-long-enough-0123456789';
  const servers: TestSmtpServer[] = [];
  const apps: AppProcess[] = [];
  const env = (smtp: TestSmtpServer) => ({
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
    SMTP_URL: smtp.url,
    ALERTS_SECRET: secret,
    ALERTS_INTERVAL_SECONDS: '1',
  });
  const deliveries = () => {
    const store = openStore(join(dataDir, 'archive.db'));
    try {
      return store.db
        .prepare<[], { sent_at: string | null; statements: number }>(
          `SELECT sent_at, json_array_length(statement_ids) AS statements FROM alert_deliveries WHERE kind = 'alert'`,
        )
        .all();
    } finally {
      store.close();
    }
  };

  afterAll(async () => {
    for (const app of apps) {
      app.child.kill('SIGKILL');
      await exitOf(app.child);
    }
    for (const server of servers) await server.close();
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${inject('meiliKey')}` },
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the alert owed when the app dies mid-send, and the next app sends it exactly once', async () => {
    // A reader who follows every new statement, confirmed before the seed arrives: the seed is news.
    const store = openStore(join(dataDir, 'archive.db'));
    syncTopics(store);
    const { nonce, hash } = newManageNonce(Buffer.from(secret, 'utf8'));
    const id = store.alertSubscriptions.insertPending({
      email: 'desk@example.org',
      search: '',
      frequency: 'immediate',
      manage_nonce: nonce,
      manage_hash: hash,
      created_at: new Date().toISOString(),
    });
    store.alertSubscriptions.activate({ id, now: new Date().toISOString(), last_seq: 0, next_due_at: new Date().toISOString() });
    store.close();

    const stuck = await startTestSmtpServer();
    servers.push(stuck);
    stuck.stall = true;
    const first = startApp(env(stuck));
    apps.push(first);
    await waitFor('the first app to be mid-send', () => (stuck.stalled > 0 ? true : undefined), 150_000, 100);
    first.child.kill('SIGKILL');
    await exitOf(first.child);
    expect(stuck.mails).toHaveLength(0);
    expect(deliveries()).toEqual([{ sent_at: null, statements: 33 }]);

    const working = await startTestSmtpServer();
    servers.push(working);
    const second = startApp(env(working));
    apps.push(second);
    // The dead app's lease is taken back at once (its pid is gone), not waited out.
    await waitFor('the alert from the second app', () => (working.mails.length > 0 ? true : undefined), 120_000, 100);
    // Several more scheduler ticks: still one mail.
    await new Promise((r) => setTimeout(r, 4000));
    expect(working.mails).toHaveLength(1);
    expect(working.mails[0]!.parsed.subject).toBe('33 new statements: every new statement');
    expect(deliveries()).toEqual([{ sent_at: expect.any(String), statements: 33 }]);
  });
});
