-- The review queue: documents a curator ingested (their stored text is the source's text) and the
-- candidate statements the extractor found in them, each waiting to be accepted, rejected, or
-- merged into a statement already in the archive as a further source for it.

CREATE TABLE ingested_documents (
  source_id  TEXT PRIMARY KEY REFERENCES sources(id),
  format     TEXT NOT NULL,             -- text, html, vtt, srt, labelled-transcript
  text_sha1  TEXT NOT NULL UNIQUE,      -- of the stored text: the same document is not queued twice
  created_by TEXT,                      -- the curator's name, or the file for the command line
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE candidates (
  id                   INTEGER PRIMARY KEY,
  source_id            TEXT NOT NULL REFERENCES sources(id),
  text                 TEXT NOT NULL,
  speaker_name         TEXT,            -- as the extractor resolved it; NULL when it could not
  role                 TEXT,
  char_start           INTEGER NOT NULL,  -- offsets into the source's stored text
  char_end             INTEGER NOT NULL,
  time_start           REAL,            -- transcripts: seconds into the recording
  time_end             REAL,
  kind                 TEXT NOT NULL CHECK (kind IN ('quote', 'paraphrase')),
  status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'merged')),
  statement_id         TEXT REFERENCES statements(id) ON DELETE SET NULL,  -- what accepting or merging produced
  matched_statement_id TEXT REFERENCES statements(id) ON DELETE SET NULL,  -- an existing statement with the same words
  reviewed_by          TEXT,
  reviewed_at          TEXT,
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX candidates_queue ON candidates(status, source_id, char_start);
