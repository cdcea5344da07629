import type { Db } from './db.js';
import { prepareUpsert, type UpsertOutcome } from './upsert.sql.js';
import { idsParam } from './finding-list.sql.js';
import { createStatementBrowseQueries } from './statement-browse.repository.js';
import { createStatementListQueries } from './statement-lists.repository.js';
import { createRelatedStatementQueries } from './statement-related.repository.js';
import type {
  DatePrecision,
  RoleCategory,
  SourcePosition,
  SourceRef,
  SourceType,
  Stance,
  Statement,
  StatementCorrection,
  StatementKind,
} from './archive.types.js';
import type { VerbatimStatus } from './verbatim.js';

/** A statement's own columns, as the importer and editor write them. */
export interface StatementRow {
  id: string;
  text: string;
  kind: StatementKind;
  speaker_person_id: string | null;
  speaker_org_id: string | null;
  role: string | null;
  role_category: string | null;
  organization_id: string | null;
  measure_id: string | null;
  stance: Stance;
  meeting_id: string | null;
  said_on: string | null;
  said_on_precision: DatePrecision;
  context: string | null;
  language: string;
  verified: number;
  verbatim_status: VerbatimStatus;
}

/** Where a statement's words are in one of its sources; the first link is its primary source. */
export interface StatementSourceRow {
  source_id: string;
  char_start: number | null;
  char_end: number | null;
  time_start: number | null;
  time_end: number | null;
}

export type Provenance = Statement['provenance']['via'];

interface JoinedStatementRow extends Omit<StatementRow, 'role_category'> {
  role_category: RoleCategory | null;
  seq: number;
  entered_via: Provenance;
  entered_by: string | null;
  status: 'published' | 'retracted';
  retraction_reason: string | null;
  retracted_on: string | null;
  created_at: string;
  updated_at: string;
  speaker_name: string;
  speaker_sort_name: string;
  organization_name: string | null;
  measure_title: string | null;
  meeting_title: string | null;
  meeting_date: string | null;
  meeting_date_precision: DatePrecision | null;
  meeting_location: string | null;
  meeting_body_id: string | null;
  meeting_body_name: string | null;
  body_id: string | null;
  body_name: string | null;
  state: string | null;
}

interface JoinedSourceRow extends StatementSourceRow {
  statement_id: string;
  type: SourceType;
  title: string | null;
  outlet: string | null;
  author: string | null;
  url: string | null;
  published_on: string | null;
}

// The body a statement belongs to is its meeting's body, else its measure's, else the speaker's organization.
const SELECT_STATEMENTS = `
  SELECT s.*, s.rowid AS seq,
         COALESCE(p.name, so.name)           AS speaker_name,
         COALESCE(p.sort_name, so.name)      AS speaker_sort_name,
         o.name                              AS organization_name,
         ms.title                            AS measure_title,
         mt.title                            AS meeting_title,
         mt.date                             AS meeting_date,
         mt.date_precision                   AS meeting_date_precision,
         mt.location                         AS meeting_location,
         mb.id                               AS meeting_body_id,
         mb.name                             AS meeting_body_name,
         COALESCE(mb.id, xb.id, o.id, so.id)             AS body_id,
         COALESCE(mb.name, xb.name, o.name, so.name)     AS body_name,
         COALESCE(mb.state, xb.state, o.state, so.state) AS state
    FROM statements s
    LEFT JOIN people p         ON p.id = s.speaker_person_id
    LEFT JOIN organizations so ON so.id = s.speaker_org_id
    LEFT JOIN organizations o  ON o.id = s.organization_id
    LEFT JOIN measures ms      ON ms.id = s.measure_id
    LEFT JOIN organizations xb ON xb.id = ms.body_id
    LEFT JOIN meetings mt      ON mt.id = s.meeting_id
    LEFT JOIN organizations mb ON mb.id = mt.body_id`;

const STATEMENT_COLUMNS = [
  'text',
  'kind',
  'speaker_person_id',
  'speaker_org_id',
  'role',
  'role_category',
  'organization_id',
  'measure_id',
  'stance',
  'meeting_id',
  'said_on',
  'said_on_precision',
  'context',
  'language',
  'verified',
  'verbatim_status',
] as const;

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * Statements: reading them whole (speaker, meeting, sources, topics, corrections), writing them
 * with their source links and topics, their lifecycle (provenance, corrections, retraction), and
 * (from the files beside this one) the lists, tallies and related statements of the pages.
 */
export function createStatementRepository(db: Db) {
  // Lists of ids are bound as one JSON array, so no SQL is ever assembled from values.
  const selectByIds = db.prepare<[string], JoinedStatementRow>(
    `${SELECT_STATEMENTS} WHERE s.id IN (SELECT value FROM json_each(?))`,
  );
  const selectSources = db.prepare<[string], JoinedSourceRow>(`
    SELECT ss.statement_id, ss.source_id, ss.char_start, ss.char_end, ss.time_start, ss.time_end,
           src.type, src.title, src.outlet, src.author, src.url, src.published_on
      FROM statement_sources ss JOIN sources src ON src.id = ss.source_id
     WHERE ss.statement_id IN (SELECT value FROM json_each(?))
     ORDER BY ss.statement_id, ss.ordinal`);
  const selectTopics = db.prepare<[string], { statement_id: string; topic_slug: string }>(`
    SELECT statement_id, topic_slug FROM statement_topics
     WHERE statement_id IN (SELECT value FROM json_each(?)) ORDER BY statement_id, topic_slug`);
  const selectCorrections = db.prepare<
    [string],
    { statement_id: string; corrected_on: string; note: string; old_text: string | null; new_text: string | null }
  >(`
    SELECT statement_id, corrected_on, note, old_text, new_text FROM corrections
     WHERE statement_id IN (SELECT value FROM json_each(?)) ORDER BY statement_id, corrected_on, id`);
  const selectSourceLinks = db.prepare<[string], StatementSourceRow>(
    `SELECT source_id, char_start, char_end, time_start, time_end FROM statement_sources
      WHERE statement_id = ? ORDER BY ordinal`,
  );
  const selectSourceIds = db
    .prepare<[string], string>('SELECT source_id FROM statement_sources WHERE statement_id = ? ORDER BY ordinal')
    .pluck();
  const selectTopicSlugs = db
    .prepare<[string], string>('SELECT topic_slug FROM statement_topics WHERE statement_id = ? ORDER BY topic_slug')
    .pluck();
  const deleteSourceLinks = db.prepare<[string]>('DELETE FROM statement_sources WHERE statement_id = ?');
  const insertSourceLink = db.prepare<StatementSourceRow & { statement_id: string; ordinal: number }>(`
    INSERT INTO statement_sources (statement_id, source_id, ordinal, char_start, char_end, time_start, time_end)
    VALUES (@statement_id, @source_id, @ordinal, @char_start, @char_end, @time_start, @time_end)`);
  const insertFurtherSource = db.prepare<StatementSourceRow & { statement_id: string }>(`
    INSERT INTO statement_sources (statement_id, source_id, ordinal, char_start, char_end, time_start, time_end)
    SELECT @statement_id, @source_id, coalesce(max(ordinal), -1) + 1, @char_start, @char_end, @time_start, @time_end
      FROM statement_sources WHERE statement_id = @statement_id`);
  const deleteTopics = db.prepare<[string]>('DELETE FROM statement_topics WHERE statement_id = ?');
  const insertTopic = db.prepare<[string, string]>('INSERT INTO statement_topics (statement_id, topic_slug) VALUES (?, ?)');
  const enqueue = db.prepare<[string]>('INSERT INTO index_outbox (statement_id) VALUES (?)');
  const upsertRow = prepareUpsert<StatementRow>(db, 'statements', 'id', STATEMENT_COLUMNS);
  const setProvenance = db.prepare<[Provenance, string | null, string]>(
    'UPDATE statements SET entered_via = ?, entered_by = ? WHERE id = ?',
  );
  const insertCorrection = db.prepare<[string, string, string, string | null, string | null]>(
    'INSERT INTO corrections (statement_id, corrected_on, note, old_text, new_text) VALUES (?, ?, ?, ?, ?)',
  );
  const touch = db.prepare<[string]>(`UPDATE statements SET updated_at = ${NOW}, version = version + 1 WHERE id = ?`);
  const retract = db.prepare<{ id: string; reason: string; retracted_on: string }>(`
    UPDATE statements SET status = 'retracted', retraction_reason = @reason, retracted_on = @retracted_on, updated_at = ${NOW},
           version = version + 1
     WHERE id = @id AND status = 'published'`);

  function findMany(ids: readonly string[]): Statement[] {
    if (ids.length === 0) return [];
    const json = idsParam(ids);
    const sources = groupBy(selectSources.all(json));
    const topics = groupBy(selectTopics.all(json));
    const corrections = groupBy(selectCorrections.all(json));
    const byId = new Map(
      selectByIds.all(json).map((row) => [
        row.id,
        toStatement(
          row,
          sources.get(row.id) ?? [],
          (topics.get(row.id) ?? []).map((t) => t.topic_slug),
          (corrections.get(row.id) ?? []).map((c) => ({
            date: c.corrected_on,
            note: c.note,
            old_text: c.old_text,
            new_text: c.new_text,
          })),
        ),
      ]),
    );
    // Keep the caller's order (e.g. search relevance).
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  const lists = createStatementListQueries(db);
  return {
    findById(id: string): Statement | undefined {
      return findMany([id])[0];
    },
    findManyByIds: findMany,
    ...lists,
    ...createStatementBrowseQueries(db),
    /** Published statements in a stable order (by id). */
    listPublished(offset: number, limit: number): Statement[] {
      return findMany(lists.listPublishedIds(offset, limit));
    },
    /** The newest published statements, by when they were said. */
    listRecent(limit: number): Statement[] {
      return findMany(lists.listRecentIds(limit));
    },
    ...createRelatedStatementQueries(db, findMany),

    /**
     * Writes a statement with its sources and topics; enqueues it for the index only when
     * something changed. Call inside a transaction.
     */
    saveStatement(row: StatementRow, sourceLinks: StatementSourceRow[], topicSlugs: string[]): UpsertOutcome {
      let outcome = upsertRow(row);
      const rowOutcome = outcome;
      const currentLinks = selectSourceLinks.all(row.id);
      if (JSON.stringify(currentLinks) !== JSON.stringify(sourceLinks.map(normaliseLink))) {
        deleteSourceLinks.run(row.id);
        sourceLinks.forEach((link, ordinal) => insertSourceLink.run({ statement_id: row.id, ordinal, ...normaliseLink(link) }));
        if (outcome === 'unchanged') outcome = 'updated';
      }
      const sortedTopics = [...new Set(topicSlugs)].sort();
      if (JSON.stringify(selectTopicSlugs.all(row.id)) !== JSON.stringify(sortedTopics)) {
        deleteTopics.run(row.id);
        for (const slug of sortedTopics) insertTopic.run(row.id, slug);
        if (outcome === 'unchanged') outcome = 'updated';
      }
      // Only its sources or topics changed: still a new version of the statement.
      if (rowOutcome === 'unchanged' && outcome === 'updated') touch.run(row.id);
      if (outcome !== 'unchanged') enqueue.run(row.id);
      return outcome;
    },
    /** The ids of a statement's sources, the primary first. */
    listSourceIds(statementId: string): string[] {
      return selectSourceIds.all(statementId);
    },
    /**
     * Adds a source that carries a statement's words after its others (the next ordinal) and marks
     * the statement changed. The caller enqueues it for the index in the same transaction.
     */
    addFurtherSource(statementId: string, link: StatementSourceRow): void {
      insertFurtherSource.run({ statement_id: statementId, ...normaliseLink(link) });
      touch.run(statementId);
    },
    /** Records how a new statement entered the archive (set once, when it is created). */
    setProvenance(statementId: string, via: Provenance, by: string | null): void {
      setProvenance.run(via, by, statementId);
    },
    /**
     * A public correction note (with the words before and after, when it changed them); the
     * statement's document is rewritten too. Call inside a transaction.
     */
    addCorrection(statementId: string, correctedOn: string, note: string, words?: { old_text: string; new_text: string }): void {
      insertCorrection.run(statementId, correctedOn, note, words?.old_text ?? null, words?.new_text ?? null);
      touch.run(statementId);
      enqueue.run(statementId);
    },
    /** Leaves a tombstone; the outbox removes the document from the index. False if it was not published. */
    retract(statementId: string, reason: string, retractedOn: string): boolean {
      const { changes } = retract.run({ id: statementId, reason, retracted_on: retractedOn });
      if (changes > 0) enqueue.run(statementId);
      return changes > 0;
    },
    /** Marks a statement as needing (re)indexing, e.g. after an edit to something it embeds. */
    enqueueForIndex(id: string): void {
      enqueue.run(id);
    },
  };
}

export type StatementRepository = ReturnType<typeof createStatementRepository>;
export type { CorpusCounts, CuratorStatementEntry, MeasureTally } from './statement-lists.repository.js';
export type { StanceByMeasure, StatementTallies, YearCount } from './statement-browse.repository.js';
export type { RelatedStatements } from './statement-related.repository.js';

function normaliseLink(link: StatementSourceRow): StatementSourceRow {
  return {
    source_id: link.source_id,
    char_start: link.char_start ?? null,
    char_end: link.char_end ?? null,
    time_start: link.time_start ?? null,
    time_end: link.time_end ?? null,
  };
}

function groupBy<T extends { statement_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.statement_id);
    if (group) group.push(row);
    else groups.set(row.statement_id, [row]);
  }
  return groups;
}

function toSourceRef(row: JoinedSourceRow): SourceRef {
  return {
    id: row.source_id,
    type: row.type,
    title: row.title,
    outlet: row.outlet,
    author: row.author,
    url: row.url,
    published_on: row.published_on,
  };
}

function toPosition(row: StatementSourceRow): SourcePosition {
  return { char_start: row.char_start, char_end: row.char_end, time_start: row.time_start, time_end: row.time_end };
}

function toStatement(
  row: JoinedStatementRow,
  sources: JoinedSourceRow[],
  topics: string[],
  corrections: StatementCorrection[],
): Statement {
  const [primary, ...others] = sources;
  const spokenByOrganization = row.speaker_person_id === null;
  return {
    id: row.id,
    seq: row.seq,
    text: row.text,
    kind: row.kind,
    stance: row.stance,
    language: row.language,
    speaker: {
      id: (row.speaker_person_id ?? row.speaker_org_id) as string,
      type: spokenByOrganization ? 'organization' : 'person',
      name: row.speaker_name,
      sort_name: row.speaker_sort_name,
      role: row.role,
      role_category: row.role_category,
      organization:
        row.organization_id && row.organization_name ? { id: row.organization_id, name: row.organization_name } : null,
    },
    measure: row.measure_id && row.measure_title ? { id: row.measure_id, title: row.measure_title } : null,
    meeting:
      row.meeting_id && row.meeting_title
        ? {
            id: row.meeting_id,
            title: row.meeting_title,
            body: row.meeting_body_id && row.meeting_body_name ? { id: row.meeting_body_id, name: row.meeting_body_name } : null,
            date: row.meeting_date,
            date_precision: row.meeting_date_precision ?? 'unknown',
            location: row.meeting_location,
          }
        : null,
    body: row.body_id && row.body_name ? { id: row.body_id, name: row.body_name } : null,
    state: row.state,
    said_on: row.said_on,
    said_on_precision: row.said_on_precision,
    source: primary ? toSourceRef(primary) : null,
    position: primary ? toPosition(primary) : null,
    also_in: others.map((s) => ({ source: toSourceRef(s), position: toPosition(s) })),
    topics,
    context: row.context,
    verified: row.verified === 1,
    verbatim_status: row.verbatim_status,
    corrections,
    provenance: { via: row.entered_via, by: row.entered_by },
    status: row.status,
    retraction_reason: row.retraction_reason,
    retracted_on: row.retracted_on,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
