import type { Db } from '../db.js';
import { SEEDED_AT } from '../meta.repository.js';
import type {
  MeasureRow, MeetingRow, MembershipRow, OrganizationRow, PersonRow, SourceRow, TopicRow,
} from '../catalog.repository.js';
import type { StatementRow, StatementSourceRow } from '../statement.repository.js';

export interface ArchivedStatementRow extends StatementRow {
  status: 'published' | 'retracted';
  retraction_reason: string | null;
  retracted_on: string | null;
  entered_via: 'seed' | 'typed' | 'imported' | 'extracted';
  entered_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Every content table of the archive, read in one snapshot. */
export interface ArchiveContent {
  schemaVersion: number;
  seededAt: string | null;
  people: PersonRow[];
  organizations: OrganizationRow[];
  memberships: MembershipRow[];
  meetings: MeetingRow[];
  measures: MeasureRow[];
  sources: SourceRow[];
  topics: TopicRow[];
  /** In the order they entered the archive. */
  statements: ArchivedStatementRow[];
  /** Per statement, the primary source first. */
  statementSources: Map<string, StatementSourceRow[]>;
  statementTopics: Map<string, string[]>;
  corrections: Map<string, { date: string; note: string }[]>;
}

/** Reads the whole archive for a full export (the Popolo file). */
export function createPopoloRepository(db: Db) {
  const people = db.prepare('SELECT id, name, sort_name FROM people ORDER BY id');
  const organizations = db.prepare('SELECT id, name, classification, state, ocd_id FROM organizations ORDER BY id');
  // In the order they were recorded: an import adds them in the same order again.
  const memberships = db.prepare(
    'SELECT person_id, organization_id, role, role_category, start_date, end_date FROM memberships ORDER BY id');
  const meetings = db.prepare('SELECT id, title, body_id, date, date_precision, location FROM meetings ORDER BY id');
  const measures = db.prepare(
    'SELECT id, title, body_id, description, outcome, decided_on, decided_on_precision FROM measures ORDER BY id');
  const sources = db.prepare(`
    SELECT id, type, title, outlet, author, url, published_on, published_on_precision, retrieved_on, text
      FROM sources ORDER BY id`);
  const topics = db.prepare('SELECT slug, label, description FROM topics ORDER BY slug');
  const statements = db.prepare(`
    SELECT id, text, kind, speaker_person_id, speaker_org_id, role, role_category, organization_id, measure_id,
           stance, meeting_id, said_on, said_on_precision, context, language, verified, status, retraction_reason,
           retracted_on, entered_via, entered_by, created_at, updated_at
      FROM statements ORDER BY rowid`);
  const statementSources = db.prepare(`
    SELECT statement_id, source_id, char_start, char_end, time_start, time_end
      FROM statement_sources ORDER BY statement_id, ordinal`);
  const statementTopics = db.prepare('SELECT statement_id, topic_slug FROM statement_topics ORDER BY statement_id, topic_slug');
  const corrections = db.prepare(
    'SELECT statement_id, corrected_on, note FROM corrections ORDER BY statement_id, corrected_on, id');
  const schemaVersion = db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck();
  const metaValue = db.prepare('SELECT value FROM archive_meta WHERE key = ?').pluck();

  return {
    /** One read transaction: a running app may write meanwhile, and the file must not mix two states. */
    readArchive(): ArchiveContent {
      return db.transaction(() => ({
        schemaVersion: schemaVersion.get() as number,
        seededAt: (metaValue.get(SEEDED_AT) as string | undefined) ?? null,
        people: people.all() as PersonRow[],
        organizations: organizations.all() as OrganizationRow[],
        memberships: memberships.all() as MembershipRow[],
        meetings: meetings.all() as MeetingRow[],
        measures: measures.all() as MeasureRow[],
        sources: sources.all() as SourceRow[],
        topics: topics.all() as TopicRow[],
        statements: statements.all() as ArchivedStatementRow[],
        statementSources: groupBy(statementSources.all() as (StatementSourceRow & { statement_id: string })[],
          ({ statement_id: _, ...link }) => link),
        statementTopics: groupBy(statementTopics.all() as { statement_id: string; topic_slug: string }[], (row) => row.topic_slug),
        corrections: groupBy(corrections.all() as { statement_id: string; corrected_on: string; note: string }[],
          (row) => ({ date: row.corrected_on, note: row.note })),
      }))();
    },
  };
}

function groupBy<Row extends { statement_id: string }, T>(rows: Row[], map: (row: Row) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.statement_id);
    if (group) group.push(map(row));
    else groups.set(row.statement_id, [map(row)]);
  }
  return groups;
}
