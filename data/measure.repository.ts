import type { DatePrecision, EntityRef } from './archive.types.js';
import type { Db } from './db.js';
import type { Measure, PageWindow } from './domain/entities.js';
import {
  idsParam,
  likePatternOf,
  toLabelMap,
  type FindingListEntry,
  type FindingListParams,
  type ListOption,
} from './finding-list.sql.js';
import { prepareUpsert } from './upsert.sql.js';

/** A measure as stored, and as the importer and editor write one. */
export interface MeasureRow {
  id: string;
  title: string;
  body_id: string | null;
  description: string | null;
  outcome: string | null;
  decided_on: string | null;
  decided_on_precision: DatePrecision;
}

/** A stored measure as the row a writer sends back: the table's columns, in its order (revisions snapshot it). */
export function toMeasureRow(m: Measure): MeasureRow {
  return {
    id: m.id,
    title: m.title,
    body_id: m.body?.id ?? null,
    description: m.description,
    outcome: m.outcome,
    decided_on: m.decided_on,
    decided_on_precision: m.decided_on_precision,
  };
}

interface MeasureWithBodyRow extends MeasureRow {
  body_name: string | null;
}

function toMeasure(row: MeasureWithBodyRow): Measure {
  return {
    id: row.id,
    title: row.title,
    body: row.body_id !== null && row.body_name !== null ? { id: row.body_id, name: row.body_name } : null,
    description: row.description,
    outcome: row.outcome,
    decided_on: row.decided_on,
    decided_on_precision: row.decided_on_precision,
  };
}

/** Which measures a list shows: a key left null matches every measure. */
export interface MeasureFilter {
  body: string | null;
}

/** Measures: the plans, policies and votes statements take a stance on. */
export function createMeasureRepository(db: Db) {
  const selectById = db.prepare<[string], MeasureWithBodyRow>(`
    SELECT ms.id, ms.title, ms.body_id, o.name AS body_name, ms.description, ms.outcome,
           ms.decided_on, ms.decided_on_precision
      FROM measures ms LEFT JOIN organizations o ON o.id = ms.body_id
     WHERE ms.id = ?`);
  const selectAtMeeting = db.prepare<[string], EntityRef>(`
    SELECT ms.id, ms.title AS name
      FROM measures ms
     WHERE ms.id IN (SELECT s.measure_id FROM statements s WHERE s.meeting_id = ? AND s.status = 'published')
     ORDER BY ms.title, ms.id`);
  const selectLabels = db.prepare<[string], { id: string; label: string }>(
    'SELECT id, title AS label FROM measures WHERE id IN (SELECT value FROM json_each(?))',
  );
  const selectFindingList = db.prepare<FindingListParams, FindingListEntry>(`
    SELECT id, title AS label, decided_on AS detail FROM measures
     WHERE @pattern IS NULL OR title LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
     ORDER BY title, id LIMIT @limit`);
  const selectOptions = db.prepare<[], ListOption>('SELECT id, title AS label FROM measures ORDER BY title, id');

  const selectListed = db.prepare<MeasureFilter & PageWindow, MeasureWithBodyRow>(`
    SELECT ms.id, ms.title, ms.body_id, o.name AS body_name, ms.description, ms.outcome,
           ms.decided_on, ms.decided_on_precision
      FROM measures ms LEFT JOIN organizations o ON o.id = ms.body_id
     WHERE @body IS NULL OR ms.body_id = @body
     ORDER BY ms.title, ms.id LIMIT @limit OFFSET @offset`);
  const countListedRows = db
    .prepare<MeasureFilter, number>('SELECT count(*) FROM measures WHERE @body IS NULL OR body_id = @body')
    .pluck();

  return {
    /** One page of the measures the filter lets through, by title. */
    listPage(filter: MeasureFilter, window: PageWindow): Measure[] {
      return selectListed.all({ ...filter, ...window }).map(toMeasure);
    },
    countListed(filter: MeasureFilter): number {
      return countListedRows.get(filter) ?? 0;
    },
    upsert: prepareUpsert<MeasureRow>(db, 'measures', 'id', [
      'title',
      'body_id',
      'description',
      'outcome',
      'decided_on',
      'decided_on_precision',
    ]),
    findById(id: string): Measure | undefined {
      const row = selectById.get(id);
      return row && toMeasure(row);
    },
    /** The measures a meeting's published testimony speaks to, by title. */
    listAtMeeting(meetingId: string): EntityRef[] {
      return selectAtMeeting.all(meetingId);
    },
    findLabels(ids: readonly string[]): Map<string, string> {
      return ids.length === 0 ? new Map<string, string>() : toLabelMap(selectLabels.all(idsParam(ids)));
    },
    findForCurator(q: string, limit: number): FindingListEntry[] {
      return selectFindingList.all({ pattern: likePatternOf(q), limit });
    },
    /** Every measure for a select, by title. */
    listOptions(): ListOption[] {
      return selectOptions.all();
    },
  };
}

export type MeasureRepository = ReturnType<typeof createMeasureRepository>;
