import { randomBytes } from 'node:crypto';
import type { Statement } from '../../data/archive.types.js';
import type { AlertDelivery } from '../../data/alert-delivery.repository.js';
import type { AlertFrequency, AlertSubscription } from '../../data/alert-subscription.repository.js';
import type { Store } from '../../data/store.js';
import type { SearchService } from '../search/search.service.js';
import { composeAlertMail, composeConfirmationMail, type ComposedMail } from './alert-mail.js';
import { describeSavedSearch, parseSavedSearch, toSavedSearchString, type SavedSearch } from './alert-search.js';
import { checkConfirmation, hashManageToken, manageTokenOf, newManageNonce, signConfirmation } from './alert-tokens.js';
import type { Mailer } from './mailer.js';

/** At most this many new statements are listed in one mail; the rest are a link to the search. */
export const MAX_STATEMENTS_PER_MAIL = 50;
/** At most this many confirmation requests per address per hour, whatever the client. */
export const CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3;
/** Unconfirmed sign-ups are forgotten after this long. */
export const PENDING_TTL_MS = 7 * 24 * 3600 * 1000;

const PERIOD_MS: Record<AlertFrequency, number> = { immediate: 0, daily: 24 * 3600 * 1000, weekly: 7 * 24 * 3600 * 1000 };

/** A failed mail is tried again after 30 s, 1 min, 2 min, … up to six hours apart. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600 * 1000);

export interface AlertsServiceDeps {
  store: Store;
  /** The engine's search: saved searches run through it, never as scans of SQLite. */
  search: Pick<SearchService, 'iterateMatches'>;
  mailer: Mailer;
  secret: Buffer;
  baseUrl: string;
  now?: () => number;
}

/** What a run did (or, dry, would do). */
export interface AlertRunReport {
  dryRun: boolean;
  /** Per subscription that has something new: how many statements and corrections. */
  prepared: { subscriptionId: number; email: string; description: string; statements: number; corrections: number }[];
  sent: number;
  failed: { deliveryId: number; error: string }[];
  forgotten: number;
}

export type ManageAction = 'frequency' | 'pause' | 'resume' | 'delete' | 'delete-address';

export interface ManagedSubscription {
  subscription: AlertSubscription;
  description: string;
  searchUrl: string;
  manageUrl: string;
  /** The other subscriptions of the same address, each with its own manage link. */
  others: { description: string; manageUrl: string; status: AlertSubscription['status'] }[];
}

export function createAlertsService({ store, search, mailer, secret, baseUrl, now = Date.now }: AlertsServiceDeps) {
  const iso = (ms = now()) => new Date(ms).toISOString();
  const tokenOf = (s: AlertSubscription) => manageTokenOf(secret, s.manage_nonce);
  const manageUrlOf = (s: AlertSubscription) => `${baseUrl}/alerts/manage/${tokenOf(s)}`;
  const unsubscribeUrlOf = (s: AlertSubscription) => `${baseUrl}/alerts/unsubscribe/${tokenOf(s)}`;
  const searchUrlOf = (s: AlertSubscription) => `${baseUrl}/search${s.search ? `?${s.search}` : ''}`;
  const describe = (s: AlertSubscription | string) =>
    describeSavedSearch(parseSavedSearch(typeof s === 'string' ? s : s.search), store);
  const newMessageId = (kind: string) => `<${kind}.${randomBytes(12).toString('hex')}@${new URL(baseUrl).hostname}>`;

  /**
   * A sign-up: a pending subscription and a confirmation mail owed to the address (sent by the
   * next run, not on the request). An address that already follows the search, or that asked
   * too often lately, gets nothing new; the reader is told the same either way.
   */
  function subscribe(input: { email: string; frequency: AlertFrequency; search: SavedSearch }): void {
    const email = input.email.trim().toLowerCase();
    const saved = toSavedSearchString(input.search);
    store.transaction(() => {
      const since = iso(now() - 3600 * 1000);
      if (store.alertDeliveries.countConfirmationsSince(email, since) >= CONFIRMATIONS_PER_ADDRESS_PER_HOUR) return;
      const existing = store.alertSubscriptions.findByEmailAndSearch(email, saved);
      if (existing && existing.status !== 'pending') return;
      const { nonce, hash } = newManageNonce(secret);
      let id: number;
      if (existing) {
        store.alertSubscriptions.refreshPending({
          id: existing.id,
          frequency: input.frequency,
          manage_nonce: nonce,
          manage_hash: hash,
        });
        id = existing.id;
      } else {
        id = store.alertSubscriptions.insertPending({
          email,
          search: saved,
          frequency: input.frequency,
          manage_nonce: nonce,
          manage_hash: hash,
          created_at: iso(),
        });
      }
      store.alertDeliveries.insert({
        subscription_id: id,
        kind: 'confirmation',
        message_id: newMessageId('confirm'),
        statement_ids: [],
        corrected_ids: [],
        now: iso(),
      });
    });
  }

  /** The confirmation link, checked; nothing changes unless it is genuine and in date. */
  function checkConfirmationToken(token: string) {
    return checkConfirmation(secret, token, (id) => store.alertSubscriptions.get(id)?.manage_nonce, now());
  }

  /**
   * Starts a confirmed subscription. It follows statements added from now on: those already in
   * the archive are what the reader saw when signing up.
   */
  function confirm(
    token: string,
  ): { ok: true; manage: ManagedSubscription } | { ok: false; problem: 'malformed' | 'expired' | 'tampered' } {
    const check = checkConfirmationToken(token);
    if (!check.ok) return check;
    store.transaction(() => {
      const subscription = store.alertSubscriptions.get(check.id);
      if (subscription?.status !== 'pending') return;
      store.alertSubscriptions.activate({
        id: check.id,
        now: iso(),
        last_seq: store.statements.maxSeq(),
        next_due_at: iso(now() + PERIOD_MS[subscription.frequency]),
      });
    });
    const subscription = store.alertSubscriptions.get(check.id) as AlertSubscription;
    return { ok: true, manage: managed(subscription) };
  }

  function managed(subscription: AlertSubscription): ManagedSubscription {
    return {
      subscription,
      description: describe(subscription),
      searchUrl: searchUrlOf(subscription),
      manageUrl: manageUrlOf(subscription),
      others: store.alertSubscriptions
        .listByEmail(subscription.email)
        .filter((s) => s.id !== subscription.id && s.status !== 'pending')
        .map((s) => ({ description: describe(s), manageUrl: manageUrlOf(s), status: s.status })),
    };
  }

  const findByToken = (token: string) => store.alertSubscriptions.findByManageHash(hashManageToken(token));

  function loadManaged(token: string): ManagedSubscription | null {
    const subscription = findByToken(token);
    return subscription && subscription.status !== 'pending' ? managed(subscription) : null;
  }

  /** A change from the manage page; null when the link names no subscription (any more). */
  function manage(token: string, action: ManageAction, frequency?: AlertFrequency): { done: ManageAction; email: string } | null {
    const subscription = findByToken(token);
    if (!subscription || subscription.status === 'pending') return null;
    store.transaction(() => {
      if (action === 'frequency' && frequency) {
        const base = subscription.last_sent_at ? Date.parse(subscription.last_sent_at) : now();
        store.alertSubscriptions.setFrequency({ id: subscription.id, frequency, next_due_at: iso(base + PERIOD_MS[frequency]) });
      } else if (action === 'pause') store.alertSubscriptions.setStatus(subscription.id, 'paused');
      else if (action === 'resume') store.alertSubscriptions.setStatus(subscription.id, 'active');
      else if (action === 'delete') store.alertSubscriptions.delete(subscription.id);
      else if (action === 'delete-address') store.alertSubscriptions.deleteEmail(subscription.email);
    });
    return { done: action, email: subscription.email };
  }

  /** RFC 8058 one-click: the link in the mail's List-Unsubscribe header deletes the subscription. */
  function unsubscribe(token: string): boolean {
    const subscription = findByToken(token);
    if (!subscription) return false;
    store.alertSubscriptions.delete(subscription.id);
    return true;
  }

  /** The new statements a subscription has not been sent, up to what the index has settled. */
  async function newMatchesOf(subscription: AlertSubscription, settled: number): Promise<Statement[]> {
    const found: Statement[] = [];
    for await (const batch of search.iterateMatches(parseSavedSearch(subscription.search), 200, subscription.last_seq)) {
      for (const statement of batch) if (statement.seq <= settled) found.push(statement);
      if (found.length > MAX_STATEMENTS_PER_MAIL) break;
    }
    return found.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Writes the mail each due subscription is owed, in the same transaction that moves it past
   * what the mail holds: a statement is owed to a subscription once, whatever crashes later.
   */
  async function prepareDue(dryRun: boolean, report: AlertRunReport): Promise<void> {
    const settled = store.outbox.settledSeq();
    for (const subscription of store.alertSubscriptions.listDue(iso())) {
      // A mail still owed goes out first; the next one waits for it.
      if (store.alertDeliveries.listOwedFor(subscription.id).some((d) => d.kind === 'alert')) continue;
      if (settled <= subscription.last_seq && subscription.frequency === 'immediate') continue;
      const statements = await newMatchesOf(subscription, settled);
      const listed = statements.slice(0, MAX_STATEMENTS_PER_MAIL);
      const changes = store.alertSubscriptions.listChangedSent(subscription.id);
      const nextDue = iso(now() + PERIOD_MS[subscription.frequency]);
      if (listed.length > 0) {
        report.prepared.push({
          subscriptionId: subscription.id,
          email: subscription.email,
          description: describe(subscription),
          statements: listed.length,
          corrections: changes.length,
        });
      }
      if (dryRun) continue;
      // The watermark moves past every statement the mail lists, or, with nothing new, to what is settled.
      const through = listed.length > MAX_STATEMENTS_PER_MAIL - 1 ? (listed.at(-1) as Statement).seq : settled;
      store.transaction(() => {
        if (listed.length > 0) {
          store.alertDeliveries.insert({
            subscription_id: subscription.id,
            kind: 'alert',
            message_id: newMessageId('alert'),
            statement_ids: listed.map((s) => s.id),
            corrected_ids: changes.map((c) => c.statement_id),
            now: iso(),
          });
          for (const s of listed) store.alertSubscriptions.recordSent(subscription.id, s.id, s.updated_at);
          for (const c of changes) store.alertSubscriptions.recordSent(subscription.id, c.statement_id, c.updated_at);
        }
        store.alertSubscriptions.advance({
          id: subscription.id,
          last_seq: Math.max(subscription.last_seq, through),
          sent_at: listed.length > 0 ? iso() : null,
          next_due_at: nextDue,
        });
      });
    }
  }

  function composeFor(delivery: AlertDelivery, subscription: AlertSubscription): ComposedMail | null {
    if (delivery.kind === 'confirmation') {
      if (subscription.status !== 'pending') return null;
      const token = signConfirmation(secret, subscription.id, subscription.manage_nonce, now());
      return composeConfirmationMail({
        description: describe(subscription),
        confirmUrl: `${baseUrl}/alerts/confirm/${token}`,
        baseUrl,
      });
    }
    // Rendered from the statements as they are now: a statement retracted since is never sent.
    const statements = store.statements.findManyByIds(delivery.statement_ids).filter((s) => s.status === 'published');
    statements.sort((a, b) => a.seq - b.seq);
    if (statements.length === 0) return null;
    const changes = store.statements.findManyByIds(delivery.corrected_ids).map((statement) => ({ statement }));
    return composeAlertMail({
      description: describe(subscription),
      baseUrl,
      statements,
      changes,
      links: {
        searchUrl: searchUrlOf(subscription),
        manageUrl: manageUrlOf(subscription),
        unsubscribeUrl: unsubscribeUrlOf(subscription),
      },
    });
  }

  /** Sends every owed mail that is due; a failure is kept and tried again later, never dropped. */
  async function sendOwed(report: AlertRunReport, renew: () => boolean): Promise<void> {
    for (const delivery of store.alertDeliveries.listOwed(iso())) {
      if (!renew()) return;
      const subscription = store.alertSubscriptions.get(delivery.subscription_id);
      const mail = subscription ? composeFor(delivery, subscription) : null;
      if (!subscription || !mail) {
        store.alertDeliveries.markSent(delivery.id, iso(), 'nothing left to send');
        continue;
      }
      try {
        await mailer.send({ to: subscription.email, messageId: delivery.message_id, ...mail });
        store.alertDeliveries.markSent(delivery.id, iso());
        report.sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        store.alertDeliveries.markFailed(delivery.id, message.slice(0, 500), iso(now() + retryDelayMs(delivery.attempts + 1)));
        report.failed.push({ deliveryId: delivery.id, error: message });
      }
    }
  }

  /**
   * One run: forget stale sign-ups, write what is due, send what is owed. The caller holds the
   * alerts lease; `renew` keeps it (and says whether it still does) between mails.
   */
  async function runOnce(options: { dryRun?: boolean; renew?: () => boolean } = {}): Promise<AlertRunReport> {
    const dryRun = options.dryRun ?? false;
    const report: AlertRunReport = { dryRun, prepared: [], sent: 0, failed: [], forgotten: 0 };
    if (!dryRun) report.forgotten = store.alertSubscriptions.deleteStalePending(iso(now() - PENDING_TTL_MS));
    await prepareDue(dryRun, report);
    if (!dryRun) await sendOwed(report, options.renew ?? (() => true));
    return report;
  }

  function list() {
    return store.alertSubscriptions.listAll().map((s) => ({
      ...s,
      description: describe(s),
      owed: store.alertDeliveries.listOwedFor(s.id).length,
      sent: store.alertDeliveries.countSent(s.id),
    }));
  }

  return { subscribe, confirm, checkConfirmationToken, loadManaged, manage, unsubscribe, runOnce, list, mailer };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
