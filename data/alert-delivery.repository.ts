import type { Db } from './db.js';

export interface AlertDelivery {
  id: number;
  subscription_id: number;
  kind: 'confirmation' | 'alert';
  message_id: string;
  statement_ids: string[];
  corrected_ids: string[];
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
}

type DeliveryRow = Omit<AlertDelivery, 'statement_ids' | 'corrected_ids'> & { statement_ids: string; corrected_ids: string };

const COLUMNS =
  'id, subscription_id, kind, message_id, statement_ids, corrected_ids, created_at, attempts, next_attempt_at, last_error, sent_at';

const toDelivery = (row: DeliveryRow): AlertDelivery => ({
  ...row,
  statement_ids: JSON.parse(row.statement_ids) as string[],
  corrected_ids: JSON.parse(row.corrected_ids) as string[],
});

/** Alert mails owed and sent: each row is written before its mail goes out, and marked once it has. */
export function createAlertDeliveryRepository(db: Db) {
  const insert = db.prepare<{
    subscription_id: number;
    kind: AlertDelivery['kind'];
    message_id: string;
    statement_ids: string;
    corrected_ids: string;
    now: string;
  }>(
    `INSERT INTO alert_deliveries (subscription_id, kind, message_id, statement_ids, corrected_ids, created_at, next_attempt_at)
     VALUES (@subscription_id, @kind, @message_id, @statement_ids, @corrected_ids, @now, @now)`,
  );
  // Confirmation requests to one address lately: the per-address limit on sign-ups.
  const recentConfirmations = db
    .prepare<[string, string], number>(
      `SELECT count(*) FROM alert_deliveries d JOIN alert_subscriptions s ON s.id = d.subscription_id
      WHERE s.email = ? AND d.kind = 'confirmation' AND d.created_at >= ?`,
    )
    .pluck();
  const owed = db.prepare<[string], DeliveryRow>(
    `SELECT ${COLUMNS} FROM alert_deliveries WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY id`,
  );
  const owedFor = db.prepare<[number], DeliveryRow>(
    `SELECT ${COLUMNS} FROM alert_deliveries WHERE sent_at IS NULL AND subscription_id = ? ORDER BY id`,
  );
  const markSent = db.prepare<{ id: number; sent_at: string; note: string | null }>(
    `UPDATE alert_deliveries SET sent_at = @sent_at, attempts = attempts + 1, last_error = @note WHERE id = @id AND sent_at IS NULL`,
  );
  const markFailed = db.prepare<{ id: number; error: string; next_attempt_at: string }>(
    `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next_attempt_at WHERE id = @id`,
  );
  const countSent = db
    .prepare<[number], number>('SELECT count(*) FROM alert_deliveries WHERE subscription_id = ? AND sent_at IS NOT NULL')
    .pluck();

  return {
    insert(row: {
      subscription_id: number;
      kind: AlertDelivery['kind'];
      message_id: string;
      statement_ids: string[];
      corrected_ids: string[];
      /** When it is written (and first due): the caller's clock. */
      now: string;
    }): number {
      return Number(
        insert.run({ ...row, statement_ids: JSON.stringify(row.statement_ids), corrected_ids: JSON.stringify(row.corrected_ids) })
          .lastInsertRowid,
      );
    },
    /** Mails not yet sent whose next attempt is due. */
    listOwed: (now: string): AlertDelivery[] => owed.all(now).map(toDelivery),
    listOwedFor: (subscriptionId: number): AlertDelivery[] => owedFor.all(subscriptionId).map(toDelivery),
    markSent: (id: number, sentAt: string, note: string | null = null): boolean =>
      markSent.run({ id, sent_at: sentAt, note }).changes === 1,
    markFailed: (id: number, error: string, nextAttemptAt: string): void =>
      void markFailed.run({ id, error, next_attempt_at: nextAttemptAt }),
    countConfirmationsSince: (email: string, since: string): number => recentConfirmations.get(email, since) ?? 0,
    countSent: (subscriptionId: number): number => countSent.get(subscriptionId) ?? 0,
  };
}

export type AlertDeliveryRepository = ReturnType<typeof createAlertDeliveryRepository>;
