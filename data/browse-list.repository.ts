import type { Statement } from 'better-sqlite3';
import type { SourceType, Stance } from './archive.types.js';
import type { Db } from './db.js';
import type { Measure, Meeting, Organization, PageWindow, Source, Topic } from './domain/entities.js';
import { idsParam } from './finding-list.sql.js';

// The browse index pages (/measures, /meetings, /topics, /sources, /organizations): one page of
// entities ordered and filtered in SQL, then counts for just the entities on that page, so a page
// never aggregates the whole archive. Filters are bound parameters; the sort picks one of a fixed
// set of prepared statements, never text from the request. (Kept apart from the per-entity
// repositories, which the JSON list endpoints extend.)

/** How many published statements take each stance (every stance present, 0 when none). */
export type StanceCounts = Record<Stance, number>;

export interface MeasureListFilter {
  body: string | null;
}
export const MEASURE_LIST_SORTS = ['title', 'decided'] as const;
export type MeasureListSort = (typeof MEASURE_LIST_SORTS)[number];
export type ListedMeasure = Measure & { total: number; stances: StanceCounts };

export interface MeetingListFilter {
  body: string | null;
  /** YYYY: meetings dated within that year. */
  year: string | null;
}
export const MEETING_LIST_SORTS = ['newest', 'oldest'] as const;
export type MeetingListSort = (typeof MEETING_LIST_SORTS)[number];
export type ListedMeeting = Meeting & { statements: number };

export type ListedTopic = Topic & { statements: number };

export interface SourceListFilter {
  type: SourceType | null;
}
export const SOURCE_LIST_SORTS = ['newest', 'oldest', 'title'] as const;
export type SourceListSort = (typeof SOURCE_LIST_SORTS)[number];
export type ListedSource = Source & { statements: number };

export interface OrganizationListFilter {
  classification: string | null;
  state: string | null;
}
export type ListedOrganization = Organization & {
  /** Statements it made speaking as one (its speaker page). */
  statements: number;
  meetings: number;
  measures: number;
};

/** A body (organization) that holds meetings or measures: what the body filters offer. */
export interface BodyOption {
  id: string;
  name: string;
}

interface MeasureListRow {
  id: string;
  title: string;
  body_id: string | null;
  body_name: string | null;
  description: string | null;
  outcome: string | null;
  decided_on: string | null;
  decided_on_precision: Measure['decided_on_precision'];
}

interface MeetingListRow {
  id: string;
  title: string;
  body_id: string | null;
  body_name: string | null;
  date: string | null;
  date_precision: Meeting['date_precision'];
  location: string | null;
}

const bodyRef = (id: string | null, name: string | null) => (id !== null && name !== null ? { id, name } : null);

const noStances = (): StanceCounts => ({ support: 0, oppose: 0, mixed: 0, neutral: 0, unclear: 0 });

// Each sort is a whole ORDER BY; the id last, so pages never overlap.
const MEASURE_ORDER: Record<MeasureListSort, string> = {
  title: 'ms.title COLLATE NOCASE, ms.id',
  decided: 'ms.decided_on IS NULL, ms.decided_on DESC, ms.title COLLATE NOCASE, ms.id',
};
const MEETING_ORDER: Record<MeetingListSort, string> = {
  newest: 'mt.date IS NULL, mt.date DESC, mt.title COLLATE NOCASE, mt.id',
  oldest: 'mt.date IS NULL, mt.date, mt.title COLLATE NOCASE, mt.id',
};
const SOURCE_ORDER: Record<SourceListSort, string> = {
  newest: 'src.published_on IS NULL, src.published_on DESC, src.title COLLATE NOCASE, src.id',
  oldest: 'src.published_on IS NULL, src.published_on, src.title COLLATE NOCASE, src.id',
  title: 'src.title IS NULL, src.title COLLATE NOCASE, src.id',
};

/** One prepared statement per sort: the ORDER BY is chosen from a fixed set, never built from a request. */
function prepareEach<K extends string, P extends object, R>(
  orders: Record<K, string>,
  sql: (order: string) => string,
  db: Db,
): Record<K, Statement<P, R>> {
  const prepared = {} as Record<K, Statement<P, R>>;
  for (const key of Object.keys(orders) as K[]) prepared[key] = db.prepare<P, R>(sql(orders[key]));
  return prepared;
}

export function createBrowseListRepository(db: Db) {
  // ---- measures
  const MEASURE_WHERE = 'WHERE (@body IS NULL OR ms.body_id = @body)';
  const measurePages = prepareEach<MeasureListSort, MeasureListFilter & PageWindow, MeasureListRow>(
    MEASURE_ORDER,
    (order) => `
      SELECT ms.id, ms.title, ms.body_id, o.name AS body_name, ms.description, ms.outcome, ms.decided_on, ms.decided_on_precision
        FROM measures ms LEFT JOIN organizations o ON o.id = ms.body_id
        ${MEASURE_WHERE}
       ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    db,
  );
  const countMeasures = db.prepare<MeasureListFilter, number>(`SELECT count(*) FROM measures ms ${MEASURE_WHERE}`).pluck();
  const selectMeasureStances = db.prepare<[string], { measure_id: string; stance: Stance; n: number }>(`
    SELECT s.measure_id, s.stance, count(*) AS n
      FROM json_each(?) j JOIN statements s ON s.measure_id = j.value AND s.status = 'published'
     GROUP BY s.measure_id, s.stance`);
  const selectMeasureBodies = db.prepare<[], BodyOption>(`
    SELECT o.id, o.name FROM organizations o WHERE o.id IN (SELECT body_id FROM measures) ORDER BY o.name COLLATE NOCASE, o.id`);

  // ---- meetings
  const MEETING_WHERE = `WHERE (@body IS NULL OR mt.body_id = @body) AND (@year IS NULL OR substr(mt.date, 1, 4) = @year)`;
  const meetingPages = prepareEach<MeetingListSort, MeetingListFilter & PageWindow, MeetingListRow>(
    MEETING_ORDER,
    (order) => `
      SELECT mt.id, mt.title, mt.body_id, o.name AS body_name, mt.date, mt.date_precision, mt.location
        FROM meetings mt LEFT JOIN organizations o ON o.id = mt.body_id
        ${MEETING_WHERE}
       ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    db,
  );
  const countMeetings = db.prepare<MeetingListFilter, number>(`SELECT count(*) FROM meetings mt ${MEETING_WHERE}`).pluck();
  const selectMeetingCounts = db.prepare<[string], { id: string; n: number }>(`
    SELECT s.meeting_id AS id, count(*) AS n
      FROM json_each(?) j JOIN statements s ON s.meeting_id = j.value AND s.status = 'published'
     GROUP BY s.meeting_id`);
  const selectMeetingBodies = db.prepare<[], BodyOption>(`
    SELECT o.id, o.name FROM organizations o WHERE o.id IN (SELECT body_id FROM meetings) ORDER BY o.name COLLATE NOCASE, o.id`);
  const selectMeetingYears = db
    .prepare<[], string>(`SELECT DISTINCT substr(date, 1, 4) AS year FROM meetings WHERE date IS NOT NULL ORDER BY year DESC`)
    .pluck();

  // ---- topics
  const selectTopicPage = db.prepare<PageWindow, Topic>(
    'SELECT slug, label, description FROM topics ORDER BY label COLLATE NOCASE, slug LIMIT @limit OFFSET @offset',
  );
  const countTopics = db.prepare<[], number>('SELECT count(*) FROM topics').pluck();
  const selectTopicCounts = db.prepare<[string], { id: string; n: number }>(`
    SELECT st.topic_slug AS id, count(*) AS n
      FROM json_each(?) j JOIN statement_topics st ON st.topic_slug = j.value
      JOIN statements s ON s.id = st.statement_id AND s.status = 'published'
     GROUP BY st.topic_slug`);

  // ---- sources
  const SOURCE_WHERE = 'WHERE (@type IS NULL OR src.type = @type)';
  const sourcePages = prepareEach<SourceListSort, SourceListFilter & PageWindow, Source>(
    SOURCE_ORDER,
    (order) => `
      SELECT src.id, src.type, src.title, src.outlet, src.author, src.url, src.published_on, src.published_on_precision, src.retrieved_on
        FROM sources src ${SOURCE_WHERE}
       ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    db,
  );
  const countSources = db.prepare<SourceListFilter, number>(`SELECT count(*) FROM sources src ${SOURCE_WHERE}`).pluck();
  // Every statement a source carries, as primary or further source (as its page lists them).
  const selectSourceCounts = db.prepare<[string], { id: string; n: number }>(`
    SELECT ss.source_id AS id, count(*) AS n
      FROM json_each(?) j JOIN statement_sources ss ON ss.source_id = j.value
      JOIN statements s ON s.id = ss.statement_id AND s.status = 'published'
     GROUP BY ss.source_id`);
  const selectSourceTypes = db.prepare<[], SourceType>('SELECT DISTINCT type FROM sources ORDER BY type').pluck();

  // ---- organizations
  const ORGANIZATION_WHERE = `WHERE (@classification IS NULL OR o.classification = @classification)
                               AND (@state IS NULL OR o.state = @state)`;
  const selectOrganizationPage = db.prepare<OrganizationListFilter & PageWindow, Organization>(`
    SELECT o.id, o.name, o.classification, o.state, o.ocd_id FROM organizations o ${ORGANIZATION_WHERE}
     ORDER BY o.name COLLATE NOCASE, o.id LIMIT @limit OFFSET @offset`);
  const countOrganizations = db
    .prepare<OrganizationListFilter, number>(`SELECT count(*) FROM organizations o ${ORGANIZATION_WHERE}`)
    .pluck();
  const selectOrganizationCounts = db.prepare<[string], { id: string; statements: number; meetings: number; measures: number }>(`
    SELECT j.value AS id,
           (SELECT count(*) FROM statements s WHERE s.speaker_org_id = j.value AND s.status = 'published') AS statements,
           (SELECT count(*) FROM meetings mt WHERE mt.body_id = j.value) AS meetings,
           (SELECT count(*) FROM measures ms WHERE ms.body_id = j.value) AS measures
      FROM json_each(?) j`);
  const selectClassifications = db
    .prepare<[], string>(
      'SELECT DISTINCT classification FROM organizations WHERE classification IS NOT NULL ORDER BY classification',
    )
    .pluck();
  const selectStates = db
    .prepare<[], string>('SELECT DISTINCT state FROM organizations WHERE state IS NOT NULL ORDER BY state')
    .pluck();

  const countsById = (rows: { id: string; n: number }[]) => new Map(rows.map((row) => [row.id, row.n]));

  return {
    /** One page of measures, each with how many published statements take each stance on it. */
    listMeasures(filter: MeasureListFilter, sort: MeasureListSort, window: PageWindow): ListedMeasure[] {
      const rows = measurePages[sort].all({ ...filter, ...window });
      const stances = new Map(rows.map((row) => [row.id, noStances()]));
      for (const row of selectMeasureStances.all(idsParam(rows.map((r) => r.id)))) {
        const counts = stances.get(row.measure_id);
        if (counts) counts[row.stance] = row.n;
      }
      return rows.map((row) => {
        const counts = stances.get(row.id) ?? noStances();
        return {
          id: row.id,
          title: row.title,
          body: bodyRef(row.body_id, row.body_name),
          description: row.description,
          outcome: row.outcome,
          decided_on: row.decided_on,
          decided_on_precision: row.decided_on_precision,
          total: Object.values(counts).reduce((sum, n) => sum + n, 0),
          stances: counts,
        };
      });
    },
    countMeasures: (filter: MeasureListFilter): number => countMeasures.get(filter) ?? 0,
    /** Organizations that measures belong to, by name. */
    listMeasureBodies: (): BodyOption[] => selectMeasureBodies.all(),

    /** One page of meetings, each with how many published statements were given at it. */
    listMeetings(filter: MeetingListFilter, sort: MeetingListSort, window: PageWindow): ListedMeeting[] {
      const rows = meetingPages[sort].all({ ...filter, ...window });
      const counts = countsById(selectMeetingCounts.all(idsParam(rows.map((r) => r.id))));
      return rows.map((row) => ({
        id: row.id,
        title: row.title,
        body: bodyRef(row.body_id, row.body_name),
        date: row.date,
        date_precision: row.date_precision,
        location: row.location,
        statements: counts.get(row.id) ?? 0,
      }));
    },
    countMeetings: (filter: MeetingListFilter): number => countMeetings.get(filter) ?? 0,
    listMeetingBodies: (): BodyOption[] => selectMeetingBodies.all(),
    /** The years meetings are dated in, newest first. */
    listMeetingYears: (): string[] => selectMeetingYears.all(),

    /** One page of topics by label, each with how many published statements are filed under it. */
    listTopics(window: PageWindow): ListedTopic[] {
      const topics = selectTopicPage.all(window);
      const counts = countsById(selectTopicCounts.all(idsParam(topics.map((t) => t.slug))));
      return topics.map((t) => ({ ...t, statements: counts.get(t.slug) ?? 0 }));
    },
    countTopics: (): number => countTopics.get() ?? 0,

    /** One page of sources (metadata only), each with how many published statements it carries. */
    listSources(filter: SourceListFilter, sort: SourceListSort, window: PageWindow): ListedSource[] {
      const sources = sourcePages[sort].all({ ...filter, ...window });
      const counts = countsById(selectSourceCounts.all(idsParam(sources.map((s) => s.id))));
      return sources.map((s) => ({ ...s, statements: counts.get(s.id) ?? 0 }));
    },
    countSources: (filter: SourceListFilter): number => countSources.get(filter) ?? 0,
    /** The source types the archive holds. */
    listSourceTypes: (): SourceType[] => selectSourceTypes.all(),

    /** One page of organizations by name, with what they spoke, held and decided. */
    listOrganizations(filter: OrganizationListFilter, window: PageWindow): ListedOrganization[] {
      const organizations = selectOrganizationPage.all({ ...filter, ...window });
      const counts = new Map(selectOrganizationCounts.all(idsParam(organizations.map((o) => o.id))).map((row) => [row.id, row]));
      return organizations.map((o) => {
        const c = counts.get(o.id);
        return { ...o, statements: c?.statements ?? 0, meetings: c?.meetings ?? 0, measures: c?.measures ?? 0 };
      });
    },
    countOrganizations: (filter: OrganizationListFilter): number => countOrganizations.get(filter) ?? 0,
    listOrganizationClassifications: (): string[] => selectClassifications.all(),
    listOrganizationStates: (): string[] => selectStates.all(),
  };
}

export type BrowseListRepository = ReturnType<typeof createBrowseListRepository>;
