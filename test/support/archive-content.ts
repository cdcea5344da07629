import Database from 'better-sqlite3';

/**
 * The archive's content, table by table, for comparing two archives (or one before and after).
 * Rows are plain objects in a stable order; the connection is closed before returning, so a
 * command that refuses to run while the archive is open is not held up by the test.
 */

/** Every table that is archive content, with the columns an export can carry (no timestamps or row ids). */
const CONTENT_QUERIES: Record<string, string> = {
  people: 'SELECT id, name, sort_name FROM people ORDER BY id',
  organizations: 'SELECT id, name, classification, state, ocd_id FROM organizations ORDER BY id',
  memberships: 'SELECT person_id, organization_id, role, role_category, start_date, end_date FROM memberships ORDER BY id',
  meetings: 'SELECT id, title, body_id, date, date_precision, location FROM meetings ORDER BY id',
  measures: 'SELECT id, title, body_id, description, outcome, decided_on, decided_on_precision FROM measures ORDER BY id',
  sources: `SELECT id, type, title, outlet, author, url, published_on, published_on_precision, retrieved_on, text
              FROM sources ORDER BY id`,
  topics: 'SELECT slug, label, description FROM topics ORDER BY slug',
  // In the order they entered the archive (which "related statements" and search paging follow).
  statements: `SELECT id, text, kind, speaker_person_id, speaker_org_id, role, role_category, organization_id, measure_id,
                      stance, meeting_id, said_on, said_on_precision, context, language, verified, status,
                      retraction_reason, retracted_on, entered_via, entered_by
                 FROM statements ORDER BY rowid`,
  statement_sources: 'SELECT * FROM statement_sources ORDER BY statement_id, ordinal',
  statement_topics: 'SELECT * FROM statement_topics ORDER BY statement_id, topic_slug',
  corrections: 'SELECT statement_id, corrected_on, note FROM corrections ORDER BY statement_id, id',
  seeded_at: `SELECT value FROM archive_meta WHERE key = 'seeded_at'`,
};

export const CONTENT_TABLES = Object.keys(CONTENT_QUERIES).filter((key) => key !== 'seeded_at');

function withDatabase<T>(path: string, fn: (db: Database.Database) => T): T {
  // Read-write, though it only reads: a read-only connection leaves -wal and -shm files behind.
  const db = new Database(path, { fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** What a Popolo export carries: every content table, without timestamps or row ids. */
export function readArchiveContent(path: string): Record<string, unknown[]> {
  return withDatabase(path, (db) =>
    Object.fromEntries(Object.entries(CONTENT_QUERIES).map(([table, sql]) => [table, db.prepare(sql).all()])),
  );
}

/**
 * Every row of every table, timestamps and row ids included, except `skip` (state about the
 * search index and sign-ins, which a restore resets).
 */
export function readAllRows(path: string, skip: readonly string[] = []): Record<string, unknown[]> {
  return withDatabase(path, (db) => {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables
        .filter((t) => !skip.includes(t))
        .map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]),
    );
  });
}
