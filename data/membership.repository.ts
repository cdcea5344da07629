import type { RoleCategory } from './archive.types.js';
import type { Db } from './db.js';
import type { Membership } from './domain/entities.js';
import { likePatternOf, type FindingListEntry, type FindingListParams } from './finding-list.sql.js';

/** A membership as the importer and editor write one. */
export interface MembershipRow {
  person_id: string;
  organization_id: string | null;
  role: string | null;
  role_category: string | null;
  start_date: string | null;
  end_date: string | null;
}

/** A stored membership as a row with its id: the table's columns, in its order (revisions snapshot it). */
export function toMembershipRow(m: Membership): MembershipRow & { id: number } {
  return {
    id: m.id,
    person_id: m.person_id,
    organization_id: m.organization?.id ?? null,
    role: m.role,
    role_category: m.role_category,
    start_date: m.start_date,
    end_date: m.end_date,
  };
}

/** What makes two memberships the same: the person, the organization and the role's wording. */
export type MembershipKey = Pick<MembershipRow, 'person_id' | 'organization_id' | 'role'>;

interface StoredMembershipRow {
  id: number;
  person_id: string;
  organization_id: string | null;
  organization_name: string | null;
  role: string | null;
  role_category: RoleCategory | null;
  start_date: string | null;
  end_date: string | null;
}

function toMembership(row: StoredMembershipRow): Membership {
  return {
    id: row.id,
    person_id: row.person_id,
    organization:
      row.organization_id !== null && row.organization_name !== null
        ? { id: row.organization_id, name: row.organization_name }
        : null,
    role: row.role,
    role_category: row.role_category,
    start_date: row.start_date,
    end_date: row.end_date,
  };
}

const SELECT_MEMBERSHIPS = `
  SELECT m.id, m.person_id, m.organization_id, o.name AS organization_name, m.role, m.role_category, m.start_date, m.end_date
    FROM memberships m LEFT JOIN organizations o ON o.id = m.organization_id`;

/** Memberships: a person's roles in organizations over time. */
export function createMembershipRepository(db: Db) {
  const selectById = db.prepare<[number], StoredMembershipRow>(`${SELECT_MEMBERSHIPS} WHERE m.id = ?`);
  const selectOfPerson = db.prepare<[string], StoredMembershipRow>(
    `${SELECT_MEMBERSHIPS} WHERE m.person_id = ? ORDER BY m.start_date IS NULL, m.start_date, m.id`,
  );
  const selectIdByKey = db
    .prepare<MembershipKey, number>(
      `
    SELECT id FROM memberships WHERE person_id = @person_id AND organization_id IS @organization_id AND role IS @role`,
    )
    .pluck();
  const insert = db.prepare<MembershipRow>(`
    INSERT INTO memberships (person_id, organization_id, role, role_category, start_date, end_date)
    VALUES (@person_id, @organization_id, @role, @role_category, @start_date, @end_date)`);
  const update = db.prepare<MembershipRow & { id: number }>(`
    UPDATE memberships SET person_id = @person_id, organization_id = @organization_id, role = @role,
           role_category = @role_category, start_date = @start_date, end_date = @end_date, version = version + 1
     WHERE id = @id AND (person_id IS NOT @person_id OR organization_id IS NOT @organization_id OR role IS NOT @role
           OR role_category IS NOT @role_category OR start_date IS NOT @start_date OR end_date IS NOT @end_date)`);
  const selectFindingList = db.prepare<FindingListParams, FindingListEntry>(`
    SELECT CAST(m.id AS TEXT) AS id, p.name || COALESCE(', ' || m.role, '') AS label, o.name AS detail
      FROM memberships m JOIN people p ON p.id = m.person_id LEFT JOIN organizations o ON o.id = m.organization_id
     WHERE @pattern IS NULL OR p.name LIKE @pattern ESCAPE '\\' OR m.role LIKE @pattern ESCAPE '\\' OR o.name LIKE @pattern ESCAPE '\\'
     ORDER BY p.sort_name, m.id LIMIT @limit`);

  const findId = (key: MembershipKey): number | undefined =>
    selectIdByKey.get({ person_id: key.person_id, organization_id: key.organization_id, role: key.role });
  const insertRow = (row: MembershipRow): number => Number(insert.run(row).lastInsertRowid);

  return {
    findById(id: number): Membership | undefined {
      const row = selectById.get(id);
      return row && toMembership(row);
    },
    /** A person's roles, earliest first (undated last). */
    listOfPerson(personId: string): Membership[] {
      return selectOfPerson.all(personId).map(toMembership);
    },
    /** The id of the membership with the same person, organization and role wording, if any. */
    findId,
    insert: insertRow,
    /** Records a role once; the same person, organization and role wording is the same membership. */
    ensure(row: MembershipRow): boolean {
      if (findId(row) !== undefined) return false;
      insertRow(row);
      return true;
    },
    update(id: number, row: MembershipRow): void {
      update.run({ id, ...row });
    },
    findForCurator(q: string, limit: number): FindingListEntry[] {
      return selectFindingList.all({ pattern: likePatternOf(q), limit });
    },
  };
}

export type MembershipRepository = ReturnType<typeof createMembershipRepository>;
