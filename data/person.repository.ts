import type { Db } from './db.js';
import type { Person } from './domain/entities.js';
import { idsParam, likePatternOf, toLabelMap, type FindingListEntry, type FindingListParams } from './finding-list.sql.js';
import { prepareUpsert } from './upsert.sql.js';

/** A person as stored, and as the importer and editor write one. */
export interface PersonRow {
  id: string;
  name: string;
  sort_name: string;
}

function toPerson(row: PersonRow): Person {
  return { id: row.id, name: row.name, sort_name: row.sort_name };
}

/** People: the individuals who speak. */
export function createPersonRepository(db: Db) {
  const selectById = db.prepare<[string], PersonRow>('SELECT id, name, sort_name FROM people WHERE id = ?');
  const selectIdsByName = db.prepare<[string], string>('SELECT id FROM people WHERE name = ? COLLATE NOCASE ORDER BY id').pluck();
  const selectLabels = db.prepare<[string], { id: string; label: string }>(
    'SELECT id, name AS label FROM people WHERE id IN (SELECT value FROM json_each(?))',
  );
  const selectFindingList = db.prepare<FindingListParams, FindingListEntry>(`
    SELECT id, name AS label, sort_name AS detail FROM people
     WHERE @pattern IS NULL OR name LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
     ORDER BY sort_name, id LIMIT @limit`);

  return {
    upsert: prepareUpsert<PersonRow>(db, 'people', 'id', ['name', 'sort_name']),
    findById(id: string): Person | undefined {
      const row = selectById.get(id);
      return row && toPerson(row);
    },
    /** People whose name is this one, ignoring case: the same speaker for matching quotes. */
    findIdsByName(name: string): string[] {
      return selectIdsByName.all(name.trim());
    },
    /** Display names of these people, by id. */
    findLabels(ids: readonly string[]): Map<string, string> {
      return ids.length === 0 ? new Map<string, string>() : toLabelMap(selectLabels.all(idsParam(ids)));
    },
    /** A curator's finding list: `q` matched as a substring of the name or id. */
    findForCurator(q: string, limit: number): FindingListEntry[] {
      return selectFindingList.all({ pattern: likePatternOf(q), limit });
    },
  };
}

export type PersonRepository = ReturnType<typeof createPersonRepository>;
