import type { DatePrecision } from './archive.types.js';
import type { Db } from './db.js';
import type { Meeting, PageWindow } from './domain/entities.js';
import { likePatternOf, type FindingListEntry, type FindingListParams, type ListOption } from './finding-list.sql.js';
import { prepareUpsert } from './upsert.sql.js';

/** A meeting as stored, and as the importer and editor write one. */
export interface MeetingRow {
  id: string;
  title: string;
  body_id: string | null;
  date: string | null;
  date_precision: DatePrecision;
  location: string | null;
}

/** A stored meeting as the row a writer sends back: the table's columns, in its order (revisions snapshot it). */
export function toMeetingRow(m: Meeting): MeetingRow {
  return {
    id: m.id,
    title: m.title,
    body_id: m.body?.id ?? null,
    date: m.date,
    date_precision: m.date_precision,
    location: m.location,
  };
}

interface MeetingWithBodyRow extends MeetingRow {
  body_name: string | null;
}

function toMeeting(row: MeetingWithBodyRow): Meeting {
  return {
    id: row.id,
    title: row.title,
    body: row.body_id !== null && row.body_name !== null ? { id: row.body_id, name: row.body_name } : null,
    date: row.date,
    date_precision: row.date_precision,
    location: row.location,
  };
}

/** Which meetings a list shows: each key left null matches every meeting. */
export interface MeetingFilter {
  body: string | null;
  /** Words the location contains (any case). */
  place: string | null;
  /** yyyymmdd: meetings whose date (as precise as known) reaches into [from, to]; an unknown date never does. */
  from: number | null;
  to: number | null;
}

/** A meeting with how many published statements were given at it. */
export type MeetingWithCount = Meeting & { statements: number };

// A partial date's first and last day as yyyymmdd ('2023-05' runs 20230501-20230531; a day past
// a month's end still sorts before the next month).
const FIRST_DAY = `CAST(replace(mt.date || substr('-01-01', length(mt.date) - 3), '-', '') AS INTEGER)`;
const LAST_DAY = `CAST(replace(mt.date || substr('-12-31', length(mt.date) - 3), '-', '') AS INTEGER)`;
const LISTED = `
  FROM meetings mt LEFT JOIN organizations o ON o.id = mt.body_id
 WHERE (@body IS NULL OR mt.body_id = @body)
   AND (@place IS NULL OR mt.location LIKE @place ESCAPE '\\')
   AND (@from IS NULL OR (mt.date IS NOT NULL AND ${LAST_DAY} >= @from))
   AND (@to IS NULL OR (mt.date IS NOT NULL AND ${FIRST_DAY} <= @to))`;

/** Meetings: where testimony was given, each held by a body (an organization). */
export function createMeetingRepository(db: Db) {
  const selectById = db.prepare<[string], MeetingWithBodyRow>(`
    SELECT mt.id, mt.title, mt.body_id, o.name AS body_name, mt.date, mt.date_precision, mt.location
      FROM meetings mt LEFT JOIN organizations o ON o.id = mt.body_id
     WHERE mt.id = ?`);
  const selectFindingList = db.prepare<FindingListParams, FindingListEntry>(`
    SELECT id, title AS label, date AS detail FROM meetings
     WHERE @pattern IS NULL OR title LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
     ORDER BY date IS NULL, date DESC, title LIMIT @limit`);
  const selectOptions = db.prepare<[], ListOption>(`
    SELECT id, CASE WHEN date IS NULL THEN title ELSE title || ' (' || date || ')' END AS label
      FROM meetings ORDER BY date IS NULL, date DESC, title, id`);

  const selectListed = db.prepare<MeetingFilter & PageWindow, MeetingWithBodyRow & { statements: number }>(`
    SELECT mt.id, mt.title, mt.body_id, o.name AS body_name, mt.date, mt.date_precision, mt.location,
           (SELECT count(*) FROM statements s WHERE s.meeting_id = mt.id AND s.status = 'published') AS statements
    ${LISTED}
     ORDER BY mt.date IS NULL, mt.date DESC, mt.title, mt.id LIMIT @limit OFFSET @offset`);
  const countListedRows = db.prepare<MeetingFilter, number>(`SELECT count(*) ${LISTED}`).pluck();
  // The place is matched as words typed, never as a LIKE pattern.
  const listParams = (filter: MeetingFilter): MeetingFilter => ({
    ...filter,
    place: filter.place && likePatternOf(filter.place),
  });

  return {
    /** One page of the meetings the filter lets through, newest first (unknown dates last). */
    listPage(filter: MeetingFilter, window: PageWindow): MeetingWithCount[] {
      return selectListed
        .all({ ...listParams(filter), ...window })
        .map((row) => ({ ...toMeeting(row), statements: row.statements }));
    },
    countListed(filter: MeetingFilter): number {
      return countListedRows.get(listParams(filter)) ?? 0;
    },
    upsert: prepareUpsert<MeetingRow>(db, 'meetings', 'id', ['title', 'body_id', 'date', 'date_precision', 'location']),
    findById(id: string): Meeting | undefined {
      const row = selectById.get(id);
      return row && toMeeting(row);
    },
    findForCurator(q: string, limit: number): FindingListEntry[] {
      return selectFindingList.all({ pattern: likePatternOf(q), limit });
    },
    /** Every meeting for a select, newest first, labelled with its date. */
    listOptions(): ListOption[] {
      return selectOptions.all();
    },
  };
}

export type MeetingRepository = ReturnType<typeof createMeetingRepository>;
