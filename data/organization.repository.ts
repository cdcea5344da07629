import type { Db } from './db.js';
import type { Organization, PageWindow } from './domain/entities.js';
import { idsParam, likePatternOf, toLabelMap, type FindingListEntry, type FindingListParams } from './finding-list.sql.js';
import { prepareUpsert } from './upsert.sql.js';

/** An organization as stored, and as the importer and editor write one. */
export interface OrganizationRow {
  id: string;
  name: string;
  classification: string | null;
  state: string | null;
  ocd_id: string | null;
}

function toOrganization(row: OrganizationRow): Organization {
  return { id: row.id, name: row.name, classification: row.classification, state: row.state, ocd_id: row.ocd_id };
}

/** Which organizations a list shows: a key left null matches every organization. */
export interface OrganizationFilter {
  /** As stored: school_district, board, union, ... (any case). */
  classification: string | null;
  /** Two-letter state code. */
  state: string | null;
}

const LISTED = `
  FROM organizations
 WHERE (@classification IS NULL OR classification = @classification COLLATE NOCASE) AND (@state IS NULL OR state = @state)`;

/** Organizations: districts, boards, unions, coalitions; the bodies meetings and measures belong to. */
export function createOrganizationRepository(db: Db) {
  const selectById = db.prepare<[string], OrganizationRow>(
    'SELECT id, name, classification, state, ocd_id FROM organizations WHERE id = ?',
  );
  const selectIdByName = db
    .prepare<[string], string>('SELECT id FROM organizations WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1')
    .pluck();
  const selectLabels = db.prepare<[string], { id: string; label: string }>(
    'SELECT id, name AS label FROM organizations WHERE id IN (SELECT value FROM json_each(?))',
  );
  const selectIdsByOcdId = db.prepare<[string], string>('SELECT id FROM organizations WHERE ocd_id = ? ORDER BY id').pluck();
  const selectFindingList = db.prepare<FindingListParams, FindingListEntry>(`
    SELECT id, name AS label, trim(COALESCE(classification, '') || ' ' || COALESCE(state, '')) AS detail FROM organizations
     WHERE @pattern IS NULL OR name LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
     ORDER BY name, id LIMIT @limit`);

  const selectListed = db.prepare<OrganizationFilter & PageWindow, OrganizationRow>(`
    SELECT id, name, classification, state, ocd_id ${LISTED} ORDER BY name, id LIMIT @limit OFFSET @offset`);
  const countListedRows = db.prepare<OrganizationFilter, number>(`SELECT count(*) ${LISTED}`).pluck();

  return {
    /** One page of the organizations the filter lets through, by name. */
    listPage(filter: OrganizationFilter, window: PageWindow): Organization[] {
      return selectListed.all({ ...filter, ...window }).map(toOrganization);
    },
    countListed(filter: OrganizationFilter): number {
      return countListedRows.get(filter) ?? 0;
    },
    upsert: prepareUpsert<OrganizationRow>(db, 'organizations', 'id', ['name', 'classification', 'state', 'ocd_id']),
    findById(id: string): Organization | undefined {
      const row = selectById.get(id);
      return row && toOrganization(row);
    },
    /**
     * The organization a record names without an id (the CSV export carries its name): the
     * first by id with this name, ignoring case, so re-importing reuses it.
     */
    findIdByName(name: string): string | undefined {
      return selectIdByName.get(name);
    },
    /** The organizations of an Open Civic Data division (usually one: a district and its board may share it). */
    findIdsByOcdId(ocdId: string): string[] {
      return selectIdsByOcdId.all(ocdId);
    },
    findLabels(ids: readonly string[]): Map<string, string> {
      return ids.length === 0 ? new Map<string, string>() : toLabelMap(selectLabels.all(idsParam(ids)));
    },
    findForCurator(q: string, limit: number): FindingListEntry[] {
      return selectFindingList.all({ pattern: likePatternOf(q), limit });
    },
  };
}

export type OrganizationRepository = ReturnType<typeof createOrganizationRepository>;
