import type { Db } from './db.js';

export const ALERT_FREQUENCIES = ['immediate', 'daily', 'weekly'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];
export type AlertStatus = 'pending' | 'active' | 'paused';

export interface AlertSubscription {
  id: number;
  email: string;
  /** The manage link's token is derived from this (server/alerts/alert-tokens.ts). */
  manage_nonce: string;
  /** The saved search as a canonical query string (see server/alerts/alert-search.ts). */
  search: string;
  frequency: AlertFrequency;
  status: AlertStatus;
  created_at: string;
  confirmed_at: string | null;
  last_seq: number;
  last_sent_at: string | null;
  next_due_at: string | null;
}

const COLUMNS =
  'id, email, manage_nonce, search, frequency, status, created_at, confirmed_at, last_seq, last_sent_at, next_due_at';

export interface NewSubscription {
  email: string;
  search: string;
  frequency: AlertFrequency;
  manage_nonce: string;
  manage_hash: string;
  created_at: string;
}

/** A statement already mailed to a subscription that has changed (or was retracted) since. */
export interface ChangedSentStatement {
  statement_id: string;
  sent_version: string;
  updated_at: string;
}

/** Saved searches followed by email, and what each was sent. */
export function createAlertSubscriptionRepository(db: Db) {
  const byId = db.prepare<[number], AlertSubscription>(`SELECT ${COLUMNS} FROM alert_subscriptions WHERE id = ?`);
  const byManageHash = db.prepare<[string], AlertSubscription>(
    `SELECT ${COLUMNS} FROM alert_subscriptions WHERE manage_hash = ?`,
  );
  const byEmailAndSearch = db.prepare<[string, string], AlertSubscription>(
    `SELECT ${COLUMNS} FROM alert_subscriptions WHERE email = ? AND search = ?`,
  );
  const byEmail = db.prepare<[string], AlertSubscription>(
    `SELECT ${COLUMNS} FROM alert_subscriptions WHERE email = ? ORDER BY id`,
  );
  const all = db.prepare<[], AlertSubscription>(`SELECT ${COLUMNS} FROM alert_subscriptions ORDER BY id`);
  const insert = db.prepare<NewSubscription>(
    `INSERT INTO alert_subscriptions (email, search, frequency, manage_nonce, manage_hash, created_at)
     VALUES (@email, @search, @frequency, @manage_nonce, @manage_hash, @created_at)`,
  );
  const setPendingAgain = db.prepare<{ id: number; frequency: AlertFrequency; manage_nonce: string; manage_hash: string }>(
    `UPDATE alert_subscriptions SET frequency = @frequency, manage_nonce = @manage_nonce, manage_hash = @manage_hash
      WHERE id = @id AND status = 'pending'`,
  );
  const activate = db.prepare<{ id: number; now: string; last_seq: number; next_due_at: string }>(
    `UPDATE alert_subscriptions SET status = 'active', confirmed_at = @now, last_seq = @last_seq, next_due_at = @next_due_at
      WHERE id = @id AND status = 'pending'`,
  );
  const updateFrequency = db.prepare<{ id: number; frequency: AlertFrequency; next_due_at: string }>(
    `UPDATE alert_subscriptions SET frequency = @frequency, next_due_at = @next_due_at WHERE id = @id`,
  );
  const updateStatus = db.prepare<{ id: number; status: AlertStatus }>(
    `UPDATE alert_subscriptions SET status = @status WHERE id = @id AND status != 'pending'`,
  );
  const advance = db.prepare<{ id: number; last_seq: number; sent_at: string | null; next_due_at: string }>(
    `UPDATE alert_subscriptions SET last_seq = max(last_seq, @last_seq), last_sent_at = coalesce(@sent_at, last_sent_at),
            next_due_at = @next_due_at WHERE id = @id`,
  );
  const deleteOne = db.prepare<[number]>('DELETE FROM alert_subscriptions WHERE id = ?');
  const deleteByEmail = db.prepare<[string]>('DELETE FROM alert_subscriptions WHERE email = ?');
  const deleteStalePending = db.prepare<[string]>(`DELETE FROM alert_subscriptions WHERE status = 'pending' AND created_at < ?`);
  const due = db.prepare<[string], AlertSubscription>(
    `SELECT ${COLUMNS} FROM alert_subscriptions
      WHERE status = 'active' AND (frequency = 'immediate' OR next_due_at IS NULL OR next_due_at <= ?) ORDER BY id`,
  );
  const recordSent = db.prepare<{ subscription_id: number; statement_id: string; sent_version: string }>(
    `INSERT INTO alert_sent_statements (subscription_id, statement_id, sent_version) VALUES (@subscription_id, @statement_id, @sent_version)
     ON CONFLICT (subscription_id, statement_id) DO UPDATE SET sent_version = excluded.sent_version`,
  );
  // A statement changed since it was mailed: its words were corrected, or it was retracted.
  const changedSent = db.prepare<[number], ChangedSentStatement>(
    `SELECT a.statement_id, a.sent_version, s.updated_at FROM alert_sent_statements a
       JOIN statements s ON s.id = a.statement_id
      WHERE a.subscription_id = ? AND s.updated_at != a.sent_version ORDER BY s.rowid`,
  );

  return {
    get: (id: number): AlertSubscription | undefined => byId.get(id),
    findByManageHash: (hash: string): AlertSubscription | undefined => byManageHash.get(hash),
    findByEmailAndSearch: (email: string, search: string): AlertSubscription | undefined => byEmailAndSearch.get(email, search),
    listByEmail: (email: string): AlertSubscription[] => byEmail.all(email),
    listAll: (): AlertSubscription[] => all.all(),
    /** A new subscription, pending until its address is confirmed. */
    insertPending(row: NewSubscription): number {
      return Number(insert.run(row).lastInsertRowid);
    },
    /** A repeated sign-up before confirming: new frequency and a new link (the old link stops working). */
    refreshPending(row: { id: number; frequency: AlertFrequency; manage_nonce: string; manage_hash: string }): boolean {
      return setPendingAgain.run(row).changes === 1;
    },
    /** Confirms a pending subscription: it follows statements after `lastSeq` from now on. */
    activate(row: { id: number; now: string; last_seq: number; next_due_at: string }): boolean {
      return activate.run(row).changes === 1;
    },
    setFrequency(row: { id: number; frequency: AlertFrequency; next_due_at: string }): void {
      updateFrequency.run(row);
    },
    setStatus(id: number, status: 'active' | 'paused'): void {
      updateStatus.run({ id, status });
    },
    /** Moves the subscription past what it has now been sent (or found nothing in). Call in the delivery's transaction. */
    advance(row: { id: number; last_seq: number; sent_at: string | null; next_due_at: string }): void {
      advance.run(row);
    },
    delete: (id: number): void => void deleteOne.run(id),
    /** Removes the address and everything it followed (deliveries and sent records cascade). */
    deleteEmail: (email: string): number => deleteByEmail.run(email).changes,
    /** Unconfirmed sign-ups older than `before` are forgotten. */
    deleteStalePending: (before: string): number => deleteStalePending.run(before).changes,
    listDue: (now: string): AlertSubscription[] => due.all(now),
    recordSent(subscriptionId: number, statementId: string, version: string): void {
      recordSent.run({ subscription_id: subscriptionId, statement_id: statementId, sent_version: version });
    },
    listChangedSent: (subscriptionId: number): ChangedSentStatement[] => changedSent.all(subscriptionId),
  };
}

export type AlertSubscriptionRepository = ReturnType<typeof createAlertSubscriptionRepository>;
