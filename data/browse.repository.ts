import type { SourceRow } from './catalog.repository.js';
import type { Db } from './db.js';
import type { DatePrecision, EntityRef, SourceType } from './archive.types.js';

// Browse pages (speakers, meetings, measures, topics, sources) read from here. Lists return
// statement ids in page order; the caller loads them in one batch with statements.findManyByIds.
// Retracted statements are left out of every list and count.

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

export function createBrowseRepository(db: Db) {
  // A speaker is whoever spoke: a person, or an organization speaking collectively.
  const selectSpeakers = db.prepare(`
    SELECT * FROM (
      SELECT p.id, 'person' AS type, p.name, p.sort_name, count(s.id) AS statements
        FROM people p JOIN statements s ON s.speaker_person_id = p.id AND s.status = 'published'
       GROUP BY p.id
      UNION ALL
      SELECT o.id, 'organization' AS type, o.name, o.name AS sort_name, count(s.id) AS statements
        FROM organizations o JOIN statements s ON s.speaker_org_id = o.id AND s.status = 'published'
       GROUP BY o.id)
     ORDER BY sort_name COLLATE NOCASE, id`);
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
  const selectSpeakerStatementIds = db.prepare(`
    SELECT s.id FROM statements s LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE (s.speaker_person_id = @id OR s.speaker_org_id = @id) AND s.status = 'published'
     ${BY_DATE_THEN_RECORDED}`).pluck();

  const selectMeeting = db.prepare(`
    SELECT mt.id, mt.title, mt.body_id, o.name AS body_name, mt.date, mt.date_precision, mt.location
      FROM meetings mt LEFT JOIN organizations o ON o.id = mt.body_id
     WHERE mt.id = ?`);
  const selectMeetingStatementIds = db.prepare(`
    SELECT s.id FROM statements s
      LEFT JOIN statement_sources ss ON ss.statement_id = s.id AND ss.ordinal = 0
     WHERE s.meeting_id = ? AND s.status = 'published'
     ORDER BY ss.time_start IS NULL, ss.time_start, ss.source_id, ss.char_start IS NULL, ss.char_start, s.id`).pluck();
  const selectMeetingMeasures = db.prepare(`
    SELECT DISTINCT ms.id, ms.title AS name
      FROM statements s JOIN measures ms ON ms.id = s.measure_id
     WHERE s.meeting_id = ? AND s.status = 'published'
     ORDER BY ms.title, ms.id`);
  const selectMeetingSources = db.prepare(`
    SELECT DISTINCT src.id, src.type, src.title, src.outlet, src.author, src.url,
           src.published_on, src.published_on_precision, src.retrieved_on
      FROM statements s
      JOIN statement_sources ss ON ss.statement_id = s.id
      JOIN sources src ON src.id = ss.source_id
     WHERE s.meeting_id = ? AND s.status = 'published'
     ORDER BY src.published_on IS NULL, src.published_on, src.id`);

  const selectMeasure = db.prepare(`
    SELECT ms.id, ms.title, ms.body_id, o.name AS body_name, ms.description, ms.outcome,
           ms.decided_on, ms.decided_on_precision
      FROM measures ms LEFT JOIN organizations o ON o.id = ms.body_id
     WHERE ms.id = ?`);
  const selectMeasureStatementIds = db.prepare(`
    SELECT s.id FROM statements s LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.measure_id = ? AND s.status = 'published'
     ${BY_DATE_THEN_RECORDED}`).pluck();

  const selectTopic = db.prepare('SELECT slug, label, description FROM topics WHERE slug = ?');
  const selectTopicStatementIds = db.prepare(`
    SELECT s.id FROM statements s
      JOIN statement_topics st ON st.statement_id = s.id
      LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE st.topic_slug = ? AND s.status = 'published'
     ${BY_DATE_THEN_RECORDED}`).pluck();

  const selectSource = db.prepare(`
    SELECT id, type, title, outlet, author, url, published_on, published_on_precision, retrieved_on
      FROM sources WHERE id = ?`);
  const selectSourceStatementIds = db.prepare(`
    SELECT s.id FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id
     WHERE ss.source_id = ? AND s.status = 'published'
     ${BY_POSITION_IN_SOURCE}`).pluck();

  return {
    /** Everyone with at least one published statement, A–Z by sort name, with how many. */
    listSpeakers(): SpeakerListRow[] {
      return selectSpeakers.all() as SpeakerListRow[];
    },
    /** A person, or an organization that has spoken (other organizations have no speaker page). */
    findSpeakerById(id: string): SpeakerRow | undefined {
      return (selectPerson.get(id) ?? selectSpeakingOrganization.get(id)) as SpeakerRow | undefined;
    },
    listMembershipsOfPerson(personId: string): MembershipListRow[] {
      return selectMemberships.all(personId) as MembershipListRow[];
    },
    listStatementIdsBySpeaker(id: string): string[] {
      return selectSpeakerStatementIds.all({ id }) as string[];
    },

    findMeetingById(id: string): MeetingDetailRow | undefined {
      return selectMeeting.get(id) as MeetingDetailRow | undefined;
    },
    /** The testimony in the order it was given: by position in the primary source. */
    listStatementIdsByMeeting(id: string): string[] {
      return selectMeetingStatementIds.all(id) as string[];
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
    listStatementIdsByMeasure(id: string): string[] {
      return selectMeasureStatementIds.all(id) as string[];
    },

    findTopicBySlug(slug: string): TopicDetailRow | undefined {
      return selectTopic.get(slug) as TopicDetailRow | undefined;
    },
    listStatementIdsByTopic(slug: string): string[] {
      return selectTopicStatementIds.all(slug) as string[];
    },

    findSourceById(id: string): SourceDetailRow | undefined {
      return selectSource.get(id) as SourceDetailRow | undefined;
    },
    /** Every statement the source carries (as primary or further source), in order of position. */
    listStatementIdsBySource(id: string): string[] {
      return selectSourceStatementIds.all(id) as string[];
    },
  };
}

export type BrowseRepository = ReturnType<typeof createBrowseRepository>;
