import type { Store } from '../../data/store.js';
import type { FieldErrors, FormValues } from './admin-form.js';
import { EntityRefusal, type EntityKind } from './entity-kinds.js';
import { recheckStatementsCiting } from './statement-editing.service.js';

export type EntitySaveResult =
  | { ok: false; errors: FieldErrors }
  | { ok: true; id: string; changed: boolean; reindexed: number; lostVerbatim: string[] };

/**
 * Creates (existingId null) or edits an entity. The change, its revision, the outbox rows of the
 * statements that carry its name into search and, for a source whose stored text changed, the
 * re-checked verbatim marks of the statements citing it: one transaction, all or nothing.
 */
export function saveEntity(
  store: Store, kind: EntityKind, existingId: string | null, values: FormValues, curator: string,
): EntitySaveResult {
  const prepared = kind.prepare(store, values);
  if (!prepared.ok) return prepared;
  try {
    return store.transaction((): EntitySaveResult => {
      const before = existingId === null ? undefined : kind.load(store, existingId);
      const id = prepared.write(existingId);
      const after = kind.load(store, id);
      if (before && JSON.stringify(before) === JSON.stringify(after)) {
        return { ok: true, id, changed: false, reindexed: 0, lostVerbatim: [] };
      }
      store.curation.recordRevision({
        entity_type: kind.type,
        entity_id: id,
        action: before ? 'update' : 'create',
        user_name: curator,
        before_json: before ? JSON.stringify(before) : null,
        after_json: JSON.stringify(after ?? null),
      });
      // A new entity is in no statement yet; an edited one may be named in many.
      const reindexed = before && kind.type !== 'membership' ? store.admin.enqueueStatementsOf(kind.type, id) : 0;
      const lostVerbatim = kind.type === 'source' && before && before.text !== after?.text
        ? recheckStatementsCiting(store, id, curator) : [];
      return { ok: true, id, changed: true, reindexed, lostVerbatim };
    });
  } catch (error) {
    if (error instanceof EntityRefusal) return { ok: false, errors: error.errors };
    throw error;
  }
}
