-- Jobs (issue 15): long work a curator starts from the web (an upload import) runs in a process
-- of its own; the page the POST redirects to reads its row. Progress lives in the running
-- process (the archive's write lock is the import's while it runs); the outcome is kept here.

CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('import')),
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'refused', 'failed')),
  -- What the curator calls the work (the uploaded file's name), and who started it.
  label       TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  dry_run     INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
  -- The web process that runs it: a job whose process is gone never finishes, and is failed on start-up.
  owner_pid   INTEGER NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT,
  -- The outcome as JSON: an import's summary, or its problems (row, field, message) and their count.
  result      TEXT,
  -- Why a failed job failed, in words for the curator.
  error       TEXT
);
CREATE INDEX jobs_running ON jobs(status) WHERE status = 'running';
