-- Email alerts (issue 17): saved searches that readers follow without an account.
-- An address is stored only while it has a subscription; deleting the last one removes it.

CREATE TABLE alert_subscriptions (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL,
  -- The saved search as a canonical query string (q, facets, from, to), re-parsed on every run.
  search         TEXT NOT NULL,
  frequency      TEXT NOT NULL CHECK (frequency IN ('immediate', 'daily', 'weekly')),
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'paused')),
  -- The manage and unsubscribe links carry HMAC(secret, nonce) (server/alerts/alert-tokens.ts);
  -- only its sha256 is stored, for looking the subscription up. A new nonce retires old links.
  manage_nonce   TEXT NOT NULL,
  manage_hash    TEXT NOT NULL UNIQUE,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  confirmed_at   TEXT,
  -- Statements up to this store row number (statements.rowid) have been considered.
  last_seq       INTEGER NOT NULL DEFAULT 0,
  last_sent_at   TEXT,
  -- When the next alert may go out (ISO time); immediate subscriptions are always due.
  next_due_at    TEXT,
  UNIQUE (email, search)
);
CREATE INDEX alert_subscriptions_due ON alert_subscriptions(status, next_due_at);

-- One mail: a confirmation request, or an alert written in the same transaction that advances
-- its subscription. A row with sent_at NULL is owed and retried (with backoff) until it goes out.
-- Mails are rendered when sent, from the statements as they are then; their text is not kept.
CREATE TABLE alert_deliveries (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('confirmation', 'alert')),
  message_id      TEXT NOT NULL UNIQUE,
  statement_ids   TEXT NOT NULL,   -- JSON array of the new statements in the mail
  corrected_ids   TEXT NOT NULL,   -- JSON array of statements already sent that changed since
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_error      TEXT,
  sent_at         TEXT
);
CREATE INDEX alert_deliveries_owed ON alert_deliveries(sent_at, next_attempt_at);
CREATE INDEX alert_deliveries_subscription ON alert_deliveries(subscription_id);

-- What each subscription was sent, and as of which version, so a later correction is mentioned.
CREATE TABLE alert_sent_statements (
  subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions(id) ON DELETE CASCADE,
  statement_id    TEXT NOT NULL,
  sent_version    TEXT NOT NULL,   -- the statement's updated_at when it was (last) mailed
  PRIMARY KEY (subscription_id, statement_id)
);

-- Named leases: one holder at a time for work that must not run twice (the alert scheduler).
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at INTEGER NOT NULL      -- ms since the epoch
);
