import type { SourceRow } from './catalog.repository.js';
import type { Db } from './db.js';
import { initialOf, OTHER_INITIAL } from './domain/names.js';
import type { DatePrecision, EntityRef, Stance } from './archive.types.js';

// Browse pages (speakers, meetings, measures, topics, sources) read from here. Lists return one
// page of statement ids in a stable order; the caller loads them in one batch with
// statements.findManyByIds. Counts and charts come from aggregates, so no request reads all of an
// entity's statements (a topic may have 100,000). Retracted statements are left out of every list and count.

/** Which rows of a list a page shows. */
export interface PageWindow {
  offset: number;
  limit: number;
}

/** How many statements take each stance on each measure (measure null: none named). */
export interface StanceByMeasureRow {
  measure_id: string | null;
  measure_title: string | null;
  stance: Stance;
  n: number;
}

/** How many statements fall in each year (said_on, else the meeting's date); year null: no date known. */
export interface YearCountRow {
  year: string | null;
  n: number;
}

export interface StatementTallies {
  total: number;
  byMeasure: StanceByMeasureRow[];
  byYear: YearCountRow[];
}

/** How many speakers are filed under each initial, in list order. */
export interface InitialCountRow {
  initial: string;
  n: number;
}

export interface SpeakerListRow {
  id: string;
  type: 'person' | 'organization';
  name: string;
  sort_name: string;
  statements: number;
}

export interface SpeakerRow {
  id: string;
  type: 'person' | 'organization';
  name: string;
  sort_name: string;
}

export interface MembershipListRow {
  role: string | null;
  role_category: string | null;
  organization_id: string | null;
  organization_name: string | null;
  start_date: string | null;
  end_date: string | null;
}

export interface MeetingDetailRow {
  id: string;
  title: string;
  body_id: string | null;
  body_name: string | null;
  date: string | null;
  date_precision: DatePrecision;
  location: string | null;
}

export interface MeasureDetailRow {
  id: string;
  title: string;
  body_id: string | null;
  body_name: string | null;
  description: string | null;
  outcome: string | null;
  decided_on: string | null;
  decided_on_precision: DatePrecision;
}

/** A source's metadata without its stored text, which is someone else's writing. */
export type SourceDetailRow = Omit<SourceRow, 'text'>;

export interface TopicDetailRow {
  slug: string;
  label: string;
  description: string | null;
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

/**
 * The statements one browse page is about: `from` names statements `s` (with any link table),
 * `where` picks them by @id, `order` is the page order (it may use the meeting `mt`).
 */
interface StatementScope {
  from: string;
  where: string;
  order: string;
}

const WITH_MEETING = 'LEFT JOIN meetings mt ON mt.id = s.meeting_id';

const SCOPES = {
  person: { from: 'statements s', where: 's.speaker_person_id = @id', order: BY_DATE_THEN_RECORDED },
  organization: { from: 'statements s', where: 's.speaker_org_id = @id', order: BY_DATE_THEN_RECORDED },
  measure: { from: 'statements s', where: 's.measure_id = @id', order: BY_DATE_THEN_RECORDED },
  topic: { from: 'statement_topics st JOIN statements s ON s.id = st.statement_id', where: 'st.topic_slug = @id', order: BY_DATE_THEN_RECORDED },
  meeting: {
    from: 'statements s LEFT JOIN statement_sources ss ON ss.statement_id = s.id AND ss.ordinal = 0',
    where: 's.meeting_id = @id',
    order: BY_POSITION_IN_PRIMARY_SOURCE,
  },
  // Every statement the source carries, as primary or further source.
  source: { from: 'statement_sources ss JOIN statements s ON s.id = ss.statement_id', where: 'ss.source_id = @id', order: BY_POSITION_IN_SOURCE },
} satisfies Record<string, StatementScope>;
type ScopeName = keyof typeof SCOPES;

export function createBrowseRepository(db: Db) {
  // Lists file names under an initial with accents ignored, as people look them up; SQL's own
  // collations cannot, so the same function the pages use is lent to SQLite.
  db.function('speaker_initial', { deterministic: true }, (sortName: unknown) => initialOf(String(sortName ?? '')));

  // A speaker is whoever spoke: a person, or an organization speaking collectively.
  const SPEAKERS = `
    SELECT p.id, 'person' AS type, p.name, p.sort_name FROM people p
     WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_person_id = p.id AND s.status = 'published')
    UNION ALL
    SELECT o.id, 'organization' AS type, o.name, o.name AS sort_name FROM organizations o
     WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_org_id = o.id AND s.status = 'published')`;
  // A–Z by initial (names filed under "#" last), then by sort name; the id breaks ties so pages never overlap.
  const selectSpeakerPage = db.prepare(`
    SELECT id, type, name, sort_name FROM (${SPEAKERS})
     ORDER BY speaker_initial(sort_name) = '${OTHER_INITIAL}', speaker_initial(sort_name), sort_name COLLATE NOCASE, id
     LIMIT @limit OFFSET @offset`);
  const countSpeakersByInitial = db.prepare(`
    SELECT speaker_initial(sort_name) AS initial, count(*) AS n FROM (${SPEAKERS})
     GROUP BY initial ORDER BY initial = '${OTHER_INITIAL}', initial`);
  const countStatementsOfSpeakers = db.prepare(`
    SELECT 'person' AS type, s.speaker_person_id AS id, count(*) AS n
      FROM json_each(@people) j JOIN statements s ON s.speaker_person_id = j.value AND s.status = 'published'
     GROUP BY s.speaker_person_id
    UNION ALL
    SELECT 'organization', s.speaker_org_id, count(*)
      FROM json_each(@organizations) j JOIN statements s ON s.speaker_org_id = j.value AND s.status = 'published'
     GROUP BY s.speaker_org_id`);
  const selectPerson = db.prepare(`SELECT id, 'person' AS type, name, sort_name FROM people WHERE id = ?`);
  const selectSpeakingOrganization = db.prepare(`
    SELECT o.id, 'organization' AS type, o.name, o.name AS sort_name
      FROM organizations o
     WHERE o.id = ? AND EXISTS (SELECT 1 FROM statements s WHERE s.speaker_org_id = o.id)`);
  const selectMemberships = db.prepare(`
    SELECT m.role, m.role_category, m.organization_id, o.name AS organization_name, m.start_date, m.end_date
      FROM memberships m LEFT JOIN organizations o ON o.id = m.organization_id
     WHERE m.person_id = ?
     ORDER BY m.start_date IS NULL, m.start_date, m.id`);

  const selectMeeting = db.prepare(`
    SELECT mt.id, mt.title, mt.body_id, o.name AS body_name, mt.date, mt.date_precision, mt.location
      FROM meetings mt LEFT JOIN organizations o ON o.id = mt.body_id
     WHERE mt.id = ?`);
  const selectMeetingMeasures = db.prepare(`
    SELECT ms.id, ms.title AS name
      FROM measures ms
     WHERE ms.id IN (SELECT s.measure_id FROM statements s WHERE s.meeting_id = ? AND s.status = 'published')
     ORDER BY ms.title, ms.id`);
  const selectMeetingSources = db.prepare(`
    SELECT src.id, src.type, src.title, src.outlet, src.author, src.url,
           src.published_on, src.published_on_precision, src.retrieved_on
      FROM sources src
     WHERE src.id IN (SELECT ss.source_id FROM statements s JOIN statement_sources ss ON ss.statement_id = s.id
                       WHERE s.meeting_id = ? AND s.status = 'published')
     ORDER BY src.published_on IS NULL, src.published_on, src.id`);

  const selectMeasure = db.prepare(`
    SELECT ms.id, ms.title, ms.body_id, o.name AS body_name, ms.description, ms.outcome,
           ms.decided_on, ms.decided_on_precision
      FROM measures ms LEFT JOIN organizations o ON o.id = ms.body_id
     WHERE ms.id = ?`);
  // The debate view's columns: the first statements of each stance, in date order.
  const selectFirstIdsPerStance = db.prepare(`
    SELECT id FROM (
      SELECT s.id, s.stance, row_number() OVER (PARTITION BY s.stance ${BY_DATE_THEN_RECORDED}) AS rank
        FROM statements s ${WITH_MEETING} WHERE s.measure_id = @id AND s.status = 'published')
     WHERE rank <= @limit
     ORDER BY stance, rank`).pluck();

  const selectTopic = db.prepare('SELECT slug, label, description FROM topics WHERE slug = ?');

  const selectSource = db.prepare(`
    SELECT id, type, title, outlet, author, url, published_on, published_on_precision, retrieved_on
      FROM sources WHERE id = ?`);

  /** One page of ids, the count, and the charts' aggregates, for each kind of browse page. */
  function prepareScope(scope: StatementScope) {
    const from = `${scope.from} ${WITH_MEETING}`;
    const where = `${scope.where} AND s.status = 'published'`;
    const page = db.prepare(`SELECT s.id FROM ${from} WHERE ${where} ${scope.order} LIMIT @limit OFFSET @offset`).pluck();
    const count = db.prepare(`SELECT count(*) FROM ${scope.from} WHERE ${where}`).pluck();
    const byMeasure = db.prepare(`
      SELECT g.measure_id, ms.title AS measure_title, g.stance, g.n
        FROM (SELECT s.measure_id, s.stance, count(*) AS n FROM ${scope.from} WHERE ${where} GROUP BY s.measure_id, s.stance) g
        LEFT JOIN measures ms ON ms.id = g.measure_id`);
    const byYear = db.prepare(`SELECT ${YEAR_OF_STATEMENT} AS year, count(*) AS n FROM ${from} WHERE ${where} GROUP BY year ORDER BY year`);
    return {
      listIds: (id: string, window: PageWindow) => page.all({ id, ...window }) as string[],
      count: (id: string) => count.get({ id }) as number,
      tally(id: string): StatementTallies {
        const byYearRows = byYear.all({ id }) as YearCountRow[];
        return {
          total: byYearRows.reduce((sum, row) => sum + row.n, 0),
          byMeasure: byMeasure.all({ id }) as StanceByMeasureRow[],
          byYear: byYearRows,
        };
      },
    };
  }
  const scopes = Object.fromEntries(Object.entries(SCOPES).map(([name, scope]) => [name, prepareScope(scope)])) as
    Record<ScopeName, ReturnType<typeof prepareScope>>;
  const speakerScope = (speaker: SpeakerRow) => scopes[speaker.type];

  return {
    /** One page of everyone with at least one published statement, A–Z by initial and sort name, with how many. */
    listSpeakers(window: PageWindow): SpeakerListRow[] {
      const speakers = selectSpeakerPage.all(window) as SpeakerRow[];
      const idsOf = (type: SpeakerRow['type']) => JSON.stringify(speakers.filter((s) => s.type === type).map((s) => s.id));
      const counts = new Map((countStatementsOfSpeakers.all({ people: idsOf('person'), organizations: idsOf('organization') }) as
        { type: string; id: string; n: number }[]).map((row) => [`${row.type}:${row.id}`, row.n]));
      return speakers.map((s) => ({ ...s, statements: counts.get(`${s.type}:${s.id}`) ?? 0 }));
    },
    /** How many speakers each initial has, in list order: their sum is the number of speakers. */
    countSpeakersByInitial(): InitialCountRow[] {
      return countSpeakersByInitial.all() as InitialCountRow[];
    },
    /** A person, or an organization that has spoken (other organizations have no speaker page). */
    findSpeakerById(id: string): SpeakerRow | undefined {
      return (selectPerson.get(id) ?? selectSpeakingOrganization.get(id)) as SpeakerRow | undefined;
    },
    listMembershipsOfPerson(personId: string): MembershipListRow[] {
      return selectMemberships.all(personId) as MembershipListRow[];
    },
    listStatementIdsBySpeaker(speaker: SpeakerRow, window: PageWindow): string[] {
      return speakerScope(speaker).listIds(speaker.id, window);
    },
    tallyStatementsBySpeaker(speaker: SpeakerRow): StatementTallies {
      return speakerScope(speaker).tally(speaker.id);
    },

    findMeetingById(id: string): MeetingDetailRow | undefined {
      return selectMeeting.get(id) as MeetingDetailRow | undefined;
    },
    /** The testimony in the order it was given: by position in the primary source. */
    listStatementIdsByMeeting(id: string, window: PageWindow): string[] {
      return scopes.meeting.listIds(id, window);
    },
    countStatementsByMeeting(id: string): number {
      return scopes.meeting.count(id);
    },
    listMeasuresAtMeeting(id: string): EntityRef[] {
      return selectMeetingMeasures.all(id) as EntityRef[];
    },
    listSourcesOfMeeting(id: string): SourceDetailRow[] {
      return selectMeetingSources.all(id) as SourceDetailRow[];
    },

    findMeasureById(id: string): MeasureDetailRow | undefined {
      return selectMeasure.get(id) as MeasureDetailRow | undefined;
    },
    listStatementIdsByMeasure(id: string, window: PageWindow): string[] {
      return scopes.measure.listIds(id, window);
    },
    tallyStatementsByMeasure(id: string): StatementTallies {
      return scopes.measure.tally(id);
    },
    /** Up to `limit` statements of each stance, each stance's in date order (stances mixed in the result). */
    listFirstStatementIdsPerStance(id: string, limit: number): string[] {
      return selectFirstIdsPerStance.all({ id, limit }) as string[];
    },

    findTopicBySlug(slug: string): TopicDetailRow | undefined {
      return selectTopic.get(slug) as TopicDetailRow | undefined;
    },
    listStatementIdsByTopic(slug: string, window: PageWindow): string[] {
      return scopes.topic.listIds(slug, window);
    },
    tallyStatementsByTopic(slug: string): StatementTallies {
      return scopes.topic.tally(slug);
    },

    findSourceById(id: string): SourceDetailRow | undefined {
      return selectSource.get(id) as SourceDetailRow | undefined;
    },
    /** The statements the source carries (as primary or further source), in order of position. */
    listStatementIdsBySource(id: string, window: PageWindow): string[] {
      return scopes.source.listIds(id, window);
    },
    countStatementsBySource(id: string): number {
      return scopes.source.count(id);
    },
  };
}

export type BrowseRepository = ReturnType<typeof createBrowseRepository>;
