import type { Db } from './db.js';

export type RevisionAction = 'create' | 'update' | 'correct' | 'retract' | 'import';

/** One change to an entity: who made it, and the entity before and after (JSON). */
export interface Revision {
  id: number;
  entity_type: string;
  entity_id: string;
  action: RevisionAction;
  user_name: string | null;
  before_json: string | null;
  after_json: string | null;
  created_at: string;
}

export type NewRevision = Omit<Revision, 'id' | 'created_at'>;

const COLUMNS = 'id, entity_type, entity_id, action, user_name, before_json, after_json, created_at';

/** The revision history: every change a curator or an import made. */
export function createRevisionRepository(db: Db) {
  const insert = db.prepare<NewRevision>(`
    INSERT INTO revisions (entity_type, entity_id, action, user_name, before_json, after_json)
    VALUES (@entity_type, @entity_id, @action, @user_name, @before_json, @after_json)`);
  const selectOf = db.prepare<[string, string], Revision>(
    `SELECT ${COLUMNS} FROM revisions WHERE entity_type = ? AND entity_id = ? ORDER BY id DESC`,
  );
  const selectRecent = db.prepare<[number], Revision>(`SELECT ${COLUMNS} FROM revisions ORDER BY id DESC LIMIT ?`);

  return {
    record(revision: NewRevision): void {
      insert.run({
        entity_type: revision.entity_type,
        entity_id: revision.entity_id,
        action: revision.action,
        user_name: revision.user_name,
        before_json: revision.before_json,
        after_json: revision.after_json,
      });
    },
    /** An entity's history, newest first. */
    listOf(entityType: string, entityId: string): Revision[] {
      return selectOf.all(entityType, entityId);
    },
    listRecent(limit: number): Revision[] {
      return selectRecent.all(limit);
    },
  };
}

export type RevisionRepository = ReturnType<typeof createRevisionRepository>;
