import type { Stance } from './archive.types.js';
import type { Db } from './db.js';
import type { PageWindow, Speaker } from './domain/entities.js';

// The statement lists of the browse pages (speakers, meetings, measures, topics, sources). Lists
// return one page of statement ids in a stable order; the caller loads them in one batch with
// findManyByIds. Counts and charts come from aggregates, so no request reads all of an entity's
// statements (a topic may have 100,000). Retracted statements are left out of every list and count.
// Every query here reaches statements through an index (test/integration/browse-paging.test.ts).

/** How many statements take each stance on each measure (measure null: none named). */
export interface StanceByMeasure {
  measure_id: string | null;
  measure_title: string | null;
  stance: Stance;
  n: number;
}

/** How many statements fall in each year (said_on, else the meeting's date); year null: no date known. */
export interface YearCount {
  year: string | null;
  n: number;
}

export interface StatementTallies {
  total: number;
  byMeasure: StanceByMeasure[];
  byYear: YearCount[];
}

// Dated statements first, oldest first (said_on, else the meeting's date), then in the order they were recorded.
const BY_DATE_THEN_RECORDED = `
  ORDER BY coalesce(s.said_on, mt.date) IS NULL, coalesce(s.said_on, mt.date), s.rowid`;
// Within a source: by time in a recording, then by character offset; unknown positions last.
const BY_POSITION_IN_SOURCE = `
  ORDER BY ss.time_start IS NULL, ss.time_start, ss.char_start IS NULL, ss.char_start, s.id`;
// A meeting's testimony in the order it was given: by position in each statement's primary source.
const BY_POSITION_IN_PRIMARY_SOURCE = `
  ORDER BY ss.time_start IS NULL, ss.time_start, ss.source_id, ss.char_start IS NULL, ss.char_start, s.id`;
// The year a statement is counted under (YYYY…); null when no date is known.
const YEAR_OF_STATEMENT = 'substr(coalesce(s.said_on, mt.date), 1, 4)';
const WITH_MEETING = 'LEFT JOIN meetings mt ON mt.id = s.meeting_id';

/**
 * The statements one page is about: `from` names statements `s` (with any link table),
 * `where` picks them by @id, `order` is the page order (it may use the meeting `mt`).
 */
interface StatementScope {
  from: string;
  where: string;
  order: string;
}

const SCOPES = {
  person: { from: 'statements s', where: 's.speaker_person_id = @id', order: BY_DATE_THEN_RECORDED },
  organization: { from: 'statements s', where: 's.speaker_org_id = @id', order: BY_DATE_THEN_RECORDED },
  measure: { from: 'statements s', where: 's.measure_id = @id', order: BY_DATE_THEN_RECORDED },
  topic: {
    from: 'statement_topics st JOIN statements s ON s.id = st.statement_id',
    where: 'st.topic_slug = @id',
    order: BY_DATE_THEN_RECORDED,
  },
  meeting: {
    from: 'statements s LEFT JOIN statement_sources ss ON ss.statement_id = s.id AND ss.ordinal = 0',
    where: 's.meeting_id = @id',
    order: BY_POSITION_IN_PRIMARY_SOURCE,
  },
  // Every statement the source carries, as primary or further source.
  source: {
    from: 'statement_sources ss JOIN statements s ON s.id = ss.statement_id',
    where: 'ss.source_id = @id',
    order: BY_POSITION_IN_SOURCE,
  },
} satisfies Record<string, StatementScope>;
type ScopeName = keyof typeof SCOPES;

/** One page of ids, the count, and the charts' aggregates, for one kind of page. */
function prepareScope(db: Db, scope: StatementScope) {
  const from = `${scope.from} ${WITH_MEETING}`;
  const where = `${scope.where} AND s.status = 'published'`;
  const page = db
    .prepare<{ id: string } & PageWindow, string>(
      `SELECT s.id FROM ${from} WHERE ${where} ${scope.order} LIMIT @limit OFFSET @offset`,
    )
    .pluck();
  const count = db.prepare<{ id: string }, number>(`SELECT count(*) FROM ${scope.from} WHERE ${where}`).pluck();
  const byMeasure = db.prepare<{ id: string }, StanceByMeasure>(`
    SELECT g.measure_id, ms.title AS measure_title, g.stance, g.n
      FROM (SELECT s.measure_id, s.stance, count(*) AS n FROM ${scope.from} WHERE ${where} GROUP BY s.measure_id, s.stance) g
      LEFT JOIN measures ms ON ms.id = g.measure_id`);
  const byYear = db.prepare<{ id: string }, YearCount>(
    `SELECT ${YEAR_OF_STATEMENT} AS year, count(*) AS n FROM ${from} WHERE ${where} GROUP BY year ORDER BY year`,
  );
  return {
    listIds: (id: string, window: PageWindow): string[] => page.all({ id, offset: window.offset, limit: window.limit }),
    count: (id: string): number => count.get({ id }) ?? 0,
    tally(id: string): StatementTallies {
      const byYearRows = byYear.all({ id });
      return { total: byYearRows.reduce((sum, row) => sum + row.n, 0), byMeasure: byMeasure.all({ id }), byYear: byYearRows };
    },
  };
}
type Scope = ReturnType<typeof prepareScope>;

export function createStatementBrowseQueries(db: Db) {
  const scopes: Record<ScopeName, Scope> = {
    person: prepareScope(db, SCOPES.person),
    organization: prepareScope(db, SCOPES.organization),
    measure: prepareScope(db, SCOPES.measure),
    topic: prepareScope(db, SCOPES.topic),
    meeting: prepareScope(db, SCOPES.meeting),
    source: prepareScope(db, SCOPES.source),
  };
  const speakerScope = (speaker: Pick<Speaker, 'type'>) => scopes[speaker.type];
  // The debate view's columns: the first statements of each stance, in date order.
  const selectFirstIdsPerStance = db
    .prepare<{ id: string; limit: number }, string>(
      `
    SELECT id FROM (
      SELECT s.id, s.stance, row_number() OVER (PARTITION BY s.stance ${BY_DATE_THEN_RECORDED}) AS rank
        FROM statements s ${WITH_MEETING} WHERE s.measure_id = @id AND s.status = 'published')
     WHERE rank <= @limit
     ORDER BY stance, rank`,
    )
    .pluck();

  return {
    listIdsBySpeaker(speaker: Pick<Speaker, 'id' | 'type'>, window: PageWindow): string[] {
      return speakerScope(speaker).listIds(speaker.id, window);
    },
    tallyBySpeaker(speaker: Pick<Speaker, 'id' | 'type'>): StatementTallies {
      return speakerScope(speaker).tally(speaker.id);
    },
    /** A meeting's testimony in the order it was given: by position in the primary source. */
    listIdsByMeeting: (meetingId: string, window: PageWindow) => scopes.meeting.listIds(meetingId, window),
    countByMeeting: (meetingId: string) => scopes.meeting.count(meetingId),
    listIdsByMeasure: (measureId: string, window: PageWindow) => scopes.measure.listIds(measureId, window),
    tallyByMeasure: (measureId: string) => scopes.measure.tally(measureId),
    /** Up to `limit` statements of each stance, each stance's in date order (stances mixed in the result). */
    listFirstIdsPerStance(measureId: string, limit: number): string[] {
      return selectFirstIdsPerStance.all({ id: measureId, limit });
    },
    listIdsByTopic: (slug: string, window: PageWindow) => scopes.topic.listIds(slug, window),
    tallyByTopic: (slug: string) => scopes.topic.tally(slug),
    /** The statements the source carries (as primary or further source), in order of position. */
    listIdsBySource: (sourceId: string, window: PageWindow) => scopes.source.listIds(sourceId, window),
    countBySource: (sourceId: string) => scopes.source.count(sourceId),
  };
}

export type StatementBrowseQueries = ReturnType<typeof createStatementBrowseQueries>;
