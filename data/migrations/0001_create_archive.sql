-- The system of record for On Record (SPEC §1, aligned with Popolo).
-- Unknown facts are NULL (dates, roles, urls); they are never filled with guesses.

CREATE TABLE people (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  sort_name   TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE organizations (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  classification TEXT,            -- district, board, police, union, school, coalition, outlet, ...
  state          TEXT,            -- two-letter US state code, where known
  ocd_id         TEXT,            -- Open Civic Data division id, where known
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE memberships (
  id              INTEGER PRIMARY KEY,
  person_id       TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  organization_id TEXT REFERENCES organizations(id),
  role            TEXT,           -- as the source words it
  role_category   TEXT,
  start_date      TEXT,
  end_date        TEXT,
  UNIQUE (person_id, organization_id, role)
);

CREATE TABLE meetings (
  id              TEXT PRIMARY KEY,
  title           TEXT NOT NULL,
  body_id         TEXT REFERENCES organizations(id),
  date            TEXT,           -- YYYY, YYYY-MM or YYYY-MM-DD per date_precision
  date_precision  TEXT NOT NULL DEFAULT 'unknown' CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
  location        TEXT,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE measures (
  id                   TEXT PRIMARY KEY,
  title                TEXT NOT NULL,
  body_id              TEXT REFERENCES organizations(id),
  description          TEXT,
  outcome              TEXT,
  decided_on           TEXT,
  decided_on_precision TEXT NOT NULL DEFAULT 'unknown' CHECK (decided_on_precision IN ('day', 'month', 'year', 'unknown')),
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE sources (
  id                     TEXT PRIMARY KEY,
  type                   TEXT NOT NULL CHECK (type IN ('news_article', 'minutes', 'transcript', 'video', 'report', 'interview')),
  title                  TEXT,
  outlet                 TEXT,
  author                 TEXT,
  url                    TEXT,
  published_on           TEXT,
  published_on_precision TEXT NOT NULL DEFAULT 'unknown' CHECK (published_on_precision IN ('day', 'month', 'year', 'unknown')),
  retrieved_on           TEXT,
  text                   TEXT,    -- stored passages, for verbatim checks and context
  created_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE topics (
  slug        TEXT PRIMARY KEY,
  label       TEXT NOT NULL,
  description TEXT
);

CREATE TABLE statements (
  id                 TEXT PRIMARY KEY,
  text               TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('quote', 'paraphrase', 'written_comment')),
  speaker_person_id  TEXT REFERENCES people(id),
  speaker_org_id     TEXT REFERENCES organizations(id),   -- for collective statements
  role               TEXT,                                -- role at the time, as the source words it
  role_category      TEXT,
  organization_id    TEXT REFERENCES organizations(id),   -- the speaker's organization at the time
  measure_id         TEXT REFERENCES measures(id),
  stance             TEXT NOT NULL DEFAULT 'unclear' CHECK (stance IN ('support', 'oppose', 'mixed', 'neutral', 'unclear')),
  meeting_id         TEXT REFERENCES meetings(id),
  said_on            TEXT,
  said_on_precision  TEXT NOT NULL DEFAULT 'unknown' CHECK (said_on_precision IN ('day', 'month', 'year', 'unknown')),
  context            TEXT,
  language           TEXT NOT NULL DEFAULT 'en',
  verified           INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'retracted')),
  retraction_reason  TEXT,
  retracted_on       TEXT,
  created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (speaker_person_id IS NOT NULL OR speaker_org_id IS NOT NULL)
);
CREATE INDEX statements_speaker ON statements(speaker_person_id);
CREATE INDEX statements_measure ON statements(measure_id);
CREATE INDEX statements_meeting ON statements(meeting_id);

-- The same words carried by several sources are one statement; ordinal 0 is the primary source.
CREATE TABLE statement_sources (
  statement_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  source_id    TEXT NOT NULL REFERENCES sources(id),
  ordinal      INTEGER NOT NULL,
  char_start   INTEGER,
  char_end     INTEGER,
  time_start   REAL,            -- seconds, for audio and video
  time_end     REAL,
  PRIMARY KEY (statement_id, source_id)
);
CREATE INDEX statement_sources_source ON statement_sources(source_id);

CREATE TABLE statement_topics (
  statement_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  topic_slug   TEXT NOT NULL REFERENCES topics(slug),
  PRIMARY KEY (statement_id, topic_slug)
);
CREATE INDEX statement_topics_topic ON statement_topics(topic_slug);

CREATE TABLE corrections (
  id           INTEGER PRIMARY KEY,
  statement_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  corrected_on TEXT NOT NULL,
  note         TEXT NOT NULL
);
CREATE INDEX corrections_statement ON corrections(statement_id);

-- Every write that changes what is searchable appends here in the same transaction;
-- the syncer drains it to Meilisearch.
CREATE TABLE index_outbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  statement_id TEXT NOT NULL,
  enqueued_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE archive_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
