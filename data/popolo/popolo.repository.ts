import type { Db } from '../db.js';
import { SEEDED_AT } from '../meta.repository.js';
import type { MeasureRow } from '../measure.repository.js';
import type { MeetingRow } from '../meeting.repository.js';
import type { MembershipRow } from '../membership.repository.js';
import type { OrganizationRow } from '../organization.repository.js';
import type { PersonRow } from '../person.repository.js';
import type { SourceRow } from '../source.repository.js';
import type { StatementRow, StatementSourceRow } from '../statement.repository.js';
import type { TopicRow } from '../topic.repository.js';

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
  corrections: Map<string, { date: string; note: string; old_text?: string; new_text?: string }[]>;
}

/**
 * Reads the whole archive for a full export (the Popolo file): every table as stored, rows as
 * the importer takes them back, so an export re-imports to the same archive.
 */
export function createPopoloRepository(db: Db) {
  const people = db.prepare<[], PersonRow>('SELECT id, name, sort_name FROM people ORDER BY id');
  const organizations = db.prepare<[], OrganizationRow>(
    'SELECT id, name, classification, state, ocd_id FROM organizations ORDER BY id',
  );
  // In the order they were recorded: an import adds them in the same order again.
  const memberships = db.prepare<[], MembershipRow>(
    'SELECT person_id, organization_id, role, role_category, start_date, end_date FROM memberships ORDER BY id',
  );
  const meetings = db.prepare<[], MeetingRow>(
    'SELECT id, title, body_id, date, date_precision, location FROM meetings ORDER BY id',
  );
  const measures = db.prepare<[], MeasureRow>(
    'SELECT id, title, body_id, description, outcome, decided_on, decided_on_precision FROM measures ORDER BY id',
  );
  const sources = db.prepare<[], SourceRow>(`
    SELECT id, type, title, outlet, author, url, published_on, published_on_precision, retrieved_on, text
      FROM sources ORDER BY id`);
  const topics = db.prepare<[], TopicRow>('SELECT slug, label, description FROM topics ORDER BY slug');
  const statements = db.prepare<[], ArchivedStatementRow>(`
    SELECT id, text, kind, speaker_person_id, speaker_org_id, role, role_category, organization_id, measure_id,
           stance, meeting_id, said_on, said_on_precision, context, language, verified, status, retraction_reason,
           retracted_on, entered_via, entered_by, created_at, updated_at
      FROM statements ORDER BY rowid`);
  const statementSources = db.prepare<[], StatementSourceRow & { statement_id: string }>(`
    SELECT statement_id, source_id, char_start, char_end, time_start, time_end
      FROM statement_sources ORDER BY statement_id, ordinal`);
  const statementTopics = db.prepare<[], { statement_id: string; topic_slug: string }>(
    'SELECT statement_id, topic_slug FROM statement_topics ORDER BY statement_id, topic_slug',
  );
  const corrections = db.prepare<
    [],
    { statement_id: string; corrected_on: string; note: string; old_text: string | null; new_text: string | null }
  >('SELECT statement_id, corrected_on, note, old_text, new_text FROM corrections ORDER BY statement_id, corrected_on, id');
  const schemaVersion = db.prepare<[], number>('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck();
  const metaValue = db.prepare<[string], string>('SELECT value FROM archive_meta WHERE key = ?').pluck();

  return {
    /** One read transaction: a running app may write meanwhile, and the file must not mix two states. */
    readArchive(): ArchiveContent {
      return db.transaction(() => ({
        schemaVersion: schemaVersion.get() ?? 0,
        seededAt: metaValue.get(SEEDED_AT) ?? null,
        people: people.all(),
        organizations: organizations.all(),
        memberships: memberships.all(),
        meetings: meetings.all(),
        measures: measures.all(),
        sources: sources.all(),
        topics: topics.all(),
        statements: statements.all(),
        statementSources: groupBy(statementSources.all(), ({ statement_id: _, ...link }) => link),
        statementTopics: groupBy(statementTopics.all(), (row) => row.topic_slug),
        // A correction of the words carries both versions; a note alone stays as it was.
        corrections: groupBy(corrections.all(), (row) => ({
          date: row.corrected_on,
          note: row.note,
          ...(row.old_text !== null && row.new_text !== null ? { old_text: row.old_text, new_text: row.new_text } : {}),
        })),
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
