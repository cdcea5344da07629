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
  /** A collective statement's organization, by name (Popolo's attribution text). */
  speaker_org_name: string | null;
}

export type CorrectionEntry = { date: string; note: string; old_text?: string; new_text?: string };

/** A page of statements with what hangs off each (sources, the primary first; topics; corrections). */
export interface StatementPage {
  statements: ArchivedStatementRow[];
  statementSources: Map<string, StatementSourceRow[]>;
  statementTopics: Map<string, string[]>;
  corrections: Map<string, CorrectionEntry[]>;
}

/** Rows per read: a full export walks the archive page by page, never holding a whole table. */
export const POPOLO_PAGE = 500;

/**
 * Reads the whole archive for a full export (the Popolo file): every table as stored, rows as the
 * importer takes them back, so an export re-imports to the same archive. Tables are read in pages
 * (keyset on their key); the caller holds one read transaction around the walk (`snapshot`), so the
 * file never mixes two states of an archive that a running app writes meanwhile.
 */
export function createPopoloRepository(db: Db, pageSize = POPOLO_PAGE) {
  const paged = <Row extends object>(sql: string) => {
    const statement = db.prepare<[string | number, number], Row & { k: string | number }>(sql);
    return function* (start: string | number): Generator<Row[]> {
      let after = start;
      for (;;) {
        const rows = statement.all(after, pageSize);
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.k;
        yield rows.map(({ k: _, ...row }) => row as unknown as Row);
        if (rows.length < pageSize) return;
      }
    };
  };
  const people = paged<PersonRow>('SELECT id AS k, id, name, sort_name FROM people WHERE id > ? ORDER BY id LIMIT ?');
  const organizations = paged<OrganizationRow>(
    'SELECT id AS k, id, name, classification, state, ocd_id FROM organizations WHERE id > ? ORDER BY id LIMIT ?',
  );
  // In the order they were recorded: an import adds them in the same order again.
  const memberships = paged<MembershipRow>(`
    SELECT id AS k, person_id, organization_id, role, role_category, start_date, end_date
      FROM memberships WHERE id > ? ORDER BY id LIMIT ?`);
  const meetings = paged<MeetingRow>(
    'SELECT id AS k, id, title, body_id, date, date_precision, location FROM meetings WHERE id > ? ORDER BY id LIMIT ?',
  );
  const measures = paged<MeasureRow>(`
    SELECT id AS k, id, title, body_id, description, outcome, decided_on, decided_on_precision
      FROM measures WHERE id > ? ORDER BY id LIMIT ?`);
  const sources = paged<SourceRow>(`
    SELECT id AS k, id, type, title, outlet, author, url, published_on, published_on_precision, retrieved_on, text
      FROM sources WHERE id > ? ORDER BY id LIMIT ?`);
  const topics = paged<TopicRow>('SELECT slug AS k, slug, label, description FROM topics WHERE slug > ? ORDER BY slug LIMIT ?');
  // In the order they entered the archive.
  const statements = paged<ArchivedStatementRow>(`
    SELECT rowid AS k, id, text, kind, speaker_person_id, speaker_org_id, role, role_category, organization_id, measure_id,
           stance, meeting_id, said_on, said_on_precision, context, language, verified, status, retraction_reason,
           retracted_on, entered_via, entered_by, created_at, updated_at,
           (SELECT name FROM organizations o WHERE o.id = speaker_org_id) AS speaker_org_name
      FROM statements WHERE rowid > ? ORDER BY rowid LIMIT ?`);
  // The ids of one page, as a JSON array: one bound parameter, whatever the page size.
  const statementSources = db.prepare<[string], StatementSourceRow & { statement_id: string }>(`
    SELECT statement_id, source_id, char_start, char_end, time_start, time_end
      FROM statement_sources WHERE statement_id IN (SELECT value FROM json_each(?)) ORDER BY statement_id, ordinal`);
  const statementTopics = db.prepare<[string], { statement_id: string; topic_slug: string }>(`
    SELECT statement_id, topic_slug FROM statement_topics
     WHERE statement_id IN (SELECT value FROM json_each(?)) ORDER BY statement_id, topic_slug`);
  const corrections = db.prepare<
    [string],
    { statement_id: string; corrected_on: string; note: string; old_text: string | null; new_text: string | null }
  >(`
    SELECT statement_id, corrected_on, note, old_text, new_text FROM corrections
     WHERE statement_id IN (SELECT value FROM json_each(?)) ORDER BY statement_id, corrected_on, id`);
  const schemaVersion = db.prepare<[], number>('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck();
  const metaValue = db.prepare<[string], string>('SELECT value FROM archive_meta WHERE key = ?').pluck();

  return {
    /**
     * Runs `walk` inside one read transaction (a generator: the walk may pause between pages, so
     * the connection must be the export's own, not one that serves writes meanwhile).
     */
    *snapshot<T>(walk: () => Generator<T>): Generator<T> {
      db.exec('BEGIN');
      try {
        yield* walk();
      } finally {
        db.exec('COMMIT');
      }
    },
    header: () => ({ schemaVersion: schemaVersion.get() ?? 0, seededAt: metaValue.get(SEEDED_AT) ?? null }),
    people: () => people(''),
    organizations: () => organizations(''),
    memberships: () => memberships(0),
    meetings: () => meetings(''),
    measures: () => measures(''),
    sources: () => sources(''),
    topics: () => topics(''),
    *statements(): Generator<StatementPage> {
      for (const page of statements(0)) {
        const ids = JSON.stringify(page.map((s) => s.id));
        yield {
          statements: page,
          statementSources: groupBy(statementSources.all(ids), ({ statement_id: _, ...link }) => link),
          statementTopics: groupBy(statementTopics.all(ids), (row) => row.topic_slug),
          // A correction of the words carries both versions; a note alone stays as it was.
          corrections: groupBy(corrections.all(ids), (row) => ({
            date: row.corrected_on,
            note: row.note,
            ...(row.old_text !== null && row.new_text !== null ? { old_text: row.old_text, new_text: row.new_text } : {}),
          })),
        };
      }
    },
    /** The URL and title of the given sources, for the speeches' Popolo links. */
    sourceLinks: (() => {
      const links = db.prepare<[string], { id: string; url: string | null; title: string | null }>(
        'SELECT id, url, title FROM sources WHERE id IN (SELECT value FROM json_each(?))',
      );
      return (ids: string[]) => new Map(links.all(JSON.stringify(ids)).map((s) => [s.id, s]));
    })(),
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
