import type { DatePrecision } from './archive.types.js';
import type { Db } from './db.js';
import type { Meeting } from './domain/entities.js';
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

  return {
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
