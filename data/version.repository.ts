import type { Db } from './db.js';

/** The kinds of row an edit form changes, each with a version every write to it raises (migration 0008). */
export const VERSIONED_ENTITIES = ['statement', 'person', 'organization', 'membership', 'meeting', 'measure', 'source'] as const;
export type VersionedEntity = (typeof VERSIONED_ENTITIES)[number];

// Table names come from this constant, never from input.
const TABLES: Record<VersionedEntity, string> = {
  statement: 'statements',
  person: 'people',
  organization: 'organizations',
  membership: 'memberships',
  meeting: 'meetings',
  measure: 'measures',
  source: 'sources',
};

/**
 * Versions for optimistic concurrency: what an edit form was loaded from, and the check a save
 * makes first. The check is one UPDATE with the version in its WHERE clause, so it and the write
 * lock it takes are one step: between it and the commit no other connection can change the row.
 */
export function createVersionRepository(db: Db) {
  const select = new Map(
    VERSIONED_ENTITIES.map((entity) => [
      entity,
      db.prepare<[string | number], number>(`SELECT version FROM ${TABLES[entity]} WHERE id = ?`).pluck(),
    ]),
  );
  // Changes nothing (the write that follows raises the version, if it changes anything); its
  // count of matched rows says whether the row still has the version the form was loaded from.
  const claim = new Map(
    VERSIONED_ENTITIES.map((entity) => [
      entity,
      db.prepare<[string | number, number]>(`UPDATE ${TABLES[entity]} SET version = version WHERE id = ? AND version = ?`),
    ]),
  );
  // Memberships are numbered; an id that is not a number names none (-1 matches no row).
  const key = (entity: VersionedEntity, id: string) => (entity === 'membership' ? (/^\d{1,15}$/.test(id) ? Number(id) : -1) : id);

  return {
    /** The row's version now; undefined when there is no such row. */
    current(entity: VersionedEntity, id: string): number | undefined {
      return select.get(entity)?.get(key(entity, id));
    },
    /**
     * True when the row still has `expected`, and then holds the write lock until the transaction
     * ends. Call first inside the save's transaction.
     */
    claim(entity: VersionedEntity, id: string, expected: number): boolean {
      return (claim.get(entity)?.run(key(entity, id), expected).changes ?? 0) === 1;
    },
  };
}

export type VersionRepository = ReturnType<typeof createVersionRepository>;
