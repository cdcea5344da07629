-- Curators, their sessions, and the history of every change they make.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,            -- argon2id, PHC string
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Server-side sessions. Only a hash of the cookie's token is stored, so a copy of the
-- database does not let anyone sign in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- One row per change: who, when, what it was before and after (JSON).
CREATE TABLE revisions (
  id          INTEGER PRIMARY KEY,
  entity_type TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'correct', 'retract', 'import')),
  user_name   TEXT,
  before_json TEXT,
  after_json  TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX revisions_entity ON revisions(entity_type, entity_id, id);

-- How each statement entered the archive, and by whom (a curator's name, or the file).
ALTER TABLE statements ADD COLUMN entered_via TEXT NOT NULL DEFAULT 'imported'
  CHECK (entered_via IN ('seed', 'typed', 'imported', 'extracted'));
ALTER TABLE statements ADD COLUMN entered_by TEXT;
