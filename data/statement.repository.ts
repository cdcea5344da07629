import type { Db } from './db.js';
import { prepareUpsert, type UpsertOutcome } from './upsert.sql.js';
import type {
  DatePrecision, RoleCategory, SourcePosition, SourceRef, SourceType, Stance, Statement, StatementKind,
} from './archive.types.js';

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
}

export interface StatementSourceRow {
  source_id: string;
  char_start: number | null;
  char_end: number | null;
  time_start: number | null;
  time_end: number | null;
}

interface JoinedStatementRow extends StatementRow {
  seq: number;
  entered_via: Statement['provenance']['via'];
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
  'text', 'kind', 'speaker_person_id', 'speaker_org_id', 'role', 'role_category', 'organization_id',
  'measure_id', 'stance', 'meeting_id', 'said_on', 'said_on_precision', 'context', 'language', 'verified',
] as const;

export function createStatementRepository(db: Db) {
  // Lists of ids are bound as one JSON array, so no SQL is ever assembled from values.
  const selectByIds = db.prepare(`${SELECT_STATEMENTS} WHERE s.id IN (SELECT value FROM json_each(?))`);
  const selectSources = db.prepare(`
    SELECT ss.statement_id, ss.source_id, ss.char_start, ss.char_end, ss.time_start, ss.time_end,
           src.type, src.title, src.outlet, src.author, src.url, src.published_on
      FROM statement_sources ss JOIN sources src ON src.id = ss.source_id
     WHERE ss.statement_id IN (SELECT value FROM json_each(?))
     ORDER BY ss.statement_id, ss.ordinal`);
  const selectTopics = db.prepare(`
    SELECT statement_id, topic_slug FROM statement_topics
     WHERE statement_id IN (SELECT value FROM json_each(?)) ORDER BY statement_id, topic_slug`);
  const selectCorrections = db.prepare(`
    SELECT statement_id, corrected_on, note FROM corrections
     WHERE statement_id IN (SELECT value FROM json_each(?)) ORDER BY statement_id, corrected_on, id`);
  const selectPublishedIds = db.prepare(
    `SELECT id FROM statements WHERE status = 'published' ORDER BY id LIMIT ? OFFSET ?`).pluck();
  const selectIdsAfter = db.prepare(
    `SELECT id FROM statements WHERE status = 'published' AND id > ? ORDER BY id LIMIT ?`).pluck();
  const countPublished = db.prepare(`SELECT count(*) FROM statements WHERE status = 'published'`).pluck();
  const selectSourceLinks = db.prepare(
    `SELECT source_id, char_start, char_end, time_start, time_end FROM statement_sources
      WHERE statement_id = ? ORDER BY ordinal`);
  const selectTopicSlugs = db.prepare(
    'SELECT topic_slug FROM statement_topics WHERE statement_id = ? ORDER BY topic_slug').pluck();
  const deleteSourceLinks = db.prepare('DELETE FROM statement_sources WHERE statement_id = ?');
  const insertSourceLink = db.prepare(`
    INSERT INTO statement_sources (statement_id, source_id, ordinal, char_start, char_end, time_start, time_end)
    VALUES (@statement_id, @source_id, @ordinal, @char_start, @char_end, @time_start, @time_end)`);
  const deleteTopics = db.prepare('DELETE FROM statement_topics WHERE statement_id = ?');
  const insertTopic = db.prepare('INSERT INTO statement_topics (statement_id, topic_slug) VALUES (?, ?)');
  const enqueue = db.prepare('INSERT INTO index_outbox (statement_id) VALUES (?)');
  const upsertRow = prepareUpsert<StatementRow>(db, 'statements', 'id', STATEMENT_COLUMNS);
  const selectCounts = db.prepare(`
    SELECT (SELECT count(*) FROM statements WHERE status = 'published') AS statements,
           (SELECT count(DISTINCT coalesce(speaker_person_id, speaker_org_id)) FROM statements WHERE status = 'published') AS speakers,
           (SELECT count(*) FROM measures) AS measures,
           (SELECT count(*) FROM meetings) AS meetings,
           (SELECT count(*) FROM sources) AS sources`);
  const selectTallies = db.prepare(`
    SELECT m.id, m.title, m.outcome, s.stance, count(s.id) AS n
      FROM measures m LEFT JOIN statements s ON s.measure_id = m.id AND s.status = 'published'
     GROUP BY m.id, s.stance
     ORDER BY m.title`);
  // Newest first by when it was said (or the meeting's date); undated statements last, newest entries first.
  const selectRecentIds = db.prepare(`
    SELECT s.id FROM statements s LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.status = 'published'
     ORDER BY coalesce(s.said_on, mt.date) IS NULL, coalesce(s.said_on, mt.date) DESC, s.created_at DESC, s.id
     LIMIT ?`).pluck();

  // Related statements (the permalink's "more like this"): published, never the statement itself.
  // Dated ones first, newest first; a meeting's in the order they were recorded.
  const RELATED_ORDER = `ORDER BY coalesce(s.said_on, mt.date) IS NULL, coalesce(s.said_on, mt.date) DESC, s.rowid`;
  const selectRelatedBySpeaker = db.prepare(`
    SELECT s.id FROM statements s LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.status = 'published' AND s.id <> @id
       AND (s.speaker_person_id = @person_id OR (s.speaker_person_id IS NULL AND s.speaker_org_id = @org_id))
     ${RELATED_ORDER} LIMIT @limit`).pluck();
  const selectRelatedByMeeting = db.prepare(`
    SELECT s.id FROM statements s
     WHERE s.status = 'published' AND s.id <> @id AND s.meeting_id = @meeting_id
     ORDER BY s.rowid LIMIT @limit`).pluck();
  const selectRelatedByMeasure = db.prepare(`
    SELECT s.id FROM statements s LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.status = 'published' AND s.id <> @id AND s.measure_id = @measure_id
     ${RELATED_ORDER} LIMIT @limit`).pluck();
  // By topic: a topic can hold 100,000 statements, so the candidates are a bounded pool per topic
  // (read from the topic index, never a scan of the topic), then ranked exactly: most shared
  // topics first (counted through the primary key), newest first.
  const TOPIC_POOL = 250;
  const selectTopicPool = db.prepare(`
    SELECT statement_id FROM statement_topics
     WHERE topic_slug = @slug AND statement_id <> @id
     ORDER BY statement_id DESC LIMIT ${TOPIC_POOL}`).pluck();
  const selectRankedTopicPool = db.prepare(`
    SELECT s.id FROM json_each(@pool) p
      JOIN statements s ON s.id = p.value
      LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.status = 'published'
     ORDER BY (SELECT count(*) FROM statement_topics t
                WHERE t.statement_id = s.id AND t.topic_slug IN (SELECT value FROM json_each(@topics))) DESC,
              coalesce(s.said_on, mt.date) IS NULL, coalesce(s.said_on, mt.date) DESC, s.rowid
     LIMIT @limit`).pluck();

  function selectRelatedByTopic(id: string, topics: readonly string[], limit: number): string[] {
    const pool = new Set<string>();
    for (const slug of topics) for (const other of selectTopicPool.all({ slug, id }) as string[]) pool.add(other);
    if (pool.size === 0) return [];
    return selectRankedTopicPool.all({ pool: JSON.stringify([...pool]), topics: JSON.stringify(topics), limit }) as string[];
  }

  function findMany(ids: readonly string[]): Statement[] {
    if (ids.length === 0) return [];
    const json = JSON.stringify(ids);
    const rows = selectByIds.all(json) as JoinedStatementRow[];
    const sources = groupBy(selectSources.all(json) as JoinedSourceRow[]);
    const topics = groupBy(selectTopics.all(json) as { statement_id: string; topic_slug: string }[]);
    const corrections = groupBy(
      selectCorrections.all(json) as { statement_id: string; corrected_on: string; note: string }[]);
    const byId = new Map(rows.map((row) => [row.id, toStatement(
      row,
      sources.get(row.id) ?? [],
      (topics.get(row.id) ?? []).map((t) => t.topic_slug),
      (corrections.get(row.id) ?? []).map((c) => ({ date: c.corrected_on, note: c.note })),
    )]));
    // Keep the caller's order (e.g. search relevance).
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    findById(id: string): Statement | undefined {
      return findMany([id])[0];
    },
    findManyByIds: findMany,

    /** Published statements in a stable order (by id). */
    listPublished(offset: number, limit: number): Statement[] {
      return findMany(selectPublishedIds.all(limit, offset) as string[]);
    },
    countPublished(): number {
      return countPublished.get() as number;
    },
    /** Keyset pagination over published ids, for full rebuilds of any size. */
    listPublishedIdsAfter(afterId: string, limit: number): string[] {
      return selectIdsAfter.all(afterId, limit) as string[];
    },

    /**
     * Writes a statement with its sources and topics; enqueues it for the index only when
     * something changed. Call inside a transaction.
     */
    saveStatement(row: StatementRow, sourceLinks: StatementSourceRow[], topicSlugs: string[]): UpsertOutcome {
      let outcome = upsertRow(row);
      const currentLinks = selectSourceLinks.all(row.id) as StatementSourceRow[];
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
      if (outcome !== 'unchanged') enqueue.run(row.id);
      return outcome;
    },

    corpusCounts(): CorpusCounts {
      return selectCounts.get() as CorpusCounts;
    },

    /** Every measure with how many published statements take each stance on it. */
    measureTallies(): MeasureTally[] {
      const tallies = new Map<string, MeasureTally>();
      for (const row of selectTallies.all() as { id: string; title: string; outcome: string | null; stance: Stance | null; n: number }[]) {
        const tally = tallies.get(row.id) ?? { id: row.id, title: row.title, outcome: row.outcome, total: 0, stances: {} };
        if (row.stance) {
          tally.stances[row.stance] = row.n;
          tally.total += row.n;
        }
        tallies.set(row.id, tally);
      }
      return [...tallies.values()];
    },

    listRecent(limit: number): Statement[] {
      return findMany(selectRecentIds.all(limit) as string[]);
    },

    /**
     * Up to `limit` published statements in each way one can be related to this one: same speaker,
     * same meeting, same measure, shared topics. Each statement appears once, in the first group
     * that has it, so the groups never repeat each other.
     */
    findRelated(statement: Statement, limit: number): RelatedStatements {
      const seen = new Set<string>([statement.id]);
      // Ask for more than needed: some may already be listed in an earlier group.
      const wanted = limit * 4;
      const pick = (ids: string[]) => {
        const fresh = ids.filter((id) => !seen.has(id)).slice(0, limit);
        for (const id of fresh) seen.add(id);
        return findMany(fresh);
      };
      const { id, speaker, meeting, measure } = statement;
      const bySpeaker = pick(selectRelatedBySpeaker.all({
        id, limit: wanted,
        person_id: speaker.type === 'person' ? speaker.id : null,
        org_id: speaker.type === 'organization' ? speaker.id : null,
      }) as string[]);
      const byMeeting = meeting ? pick(selectRelatedByMeeting.all({ id, meeting_id: meeting.id, limit: wanted }) as string[]) : [];
      const byMeasure = measure ? pick(selectRelatedByMeasure.all({ id, measure_id: measure.id, limit: wanted }) as string[]) : [];
      const byTopic = pick(selectRelatedByTopic(id, statement.topics, wanted));
      return { bySpeaker, byMeeting, byMeasure, byTopic };
    },

    /** Marks a statement as needing (re)indexing, e.g. after an edit to something it embeds. */
    enqueueForIndex(id: string): void {
      enqueue.run(id);
    },
  };
}

export type StatementRepository = ReturnType<typeof createStatementRepository>;

export interface RelatedStatements {
  bySpeaker: Statement[];
  byMeeting: Statement[];
  byMeasure: Statement[];
  byTopic: Statement[];
}

export interface CorpusCounts {
  statements: number;
  speakers: number;
  measures: number;
  meetings: number;
  sources: number;
}

export interface MeasureTally {
  id: string;
  title: string;
  outcome: string | null;
  total: number;
  stances: Partial<Record<Stance, number>>;
}

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
    id: row.source_id, type: row.type, title: row.title, outlet: row.outlet,
    author: row.author, url: row.url, published_on: row.published_on,
  };
}

function toPosition(row: StatementSourceRow): SourcePosition {
  return { char_start: row.char_start, char_end: row.char_end, time_start: row.time_start, time_end: row.time_end };
}

function toStatement(
  row: JoinedStatementRow,
  sources: JoinedSourceRow[],
  topics: string[],
  corrections: { date: string; note: string }[],
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
      role_category: row.role_category as RoleCategory | null,
      organization: row.organization_id && row.organization_name
        ? { id: row.organization_id, name: row.organization_name } : null,
    },
    measure: row.measure_id && row.measure_title ? { id: row.measure_id, title: row.measure_title } : null,
    meeting: row.meeting_id && row.meeting_title
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
    corrections,
    provenance: { via: row.entered_via, by: row.entered_by },
    status: row.status,
    retraction_reason: row.retraction_reason,
    retracted_on: row.retracted_on,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
