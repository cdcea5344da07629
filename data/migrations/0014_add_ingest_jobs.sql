-- Ingest jobs (reliability: no request waits seconds): quote extraction from a pasted document
-- runs as a job too. SQLite cannot change a CHECK in place, so the table is rebuilt with the
-- wider list of kinds; rows and the partial index are kept as they were.

CREATE TABLE jobs_new (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('import', 'ingest')),
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'refused', 'failed')),
  label       TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  dry_run     INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
  owner_pid   INTEGER NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT,
  -- The outcome as JSON: an import's summary or problems; an ingest's summary or its refusal (field, message).
  result      TEXT,
  error       TEXT
);
INSERT INTO jobs_new SELECT id, kind, status, label, created_by, dry_run, owner_pid, created_at, finished_at, result, error FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_running ON jobs(status) WHERE status = 'running';
