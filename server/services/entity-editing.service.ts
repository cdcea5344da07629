import type { Store } from '../../data/store.js';
import type { FieldErrors, FormValues } from '../admin/admin-form.js';
import { EntityRefusal } from '../admin/entity-forms.js';
import type { EntityKind } from '../admin/entity-kinds.js';
import { describeForbiddenCharacter, findForbiddenCharacter, stringsIn } from '../../data/domain/text.js';
import { recordRevision } from './revisions.service.js';
import { readConflict, recheckStatementsCiting, StaleVersion, type EditConflict } from './statement-editing.service.js';

export type EntityEditingService = ReturnType<typeof createEntityEditingService>;

/** Creating and editing people, organizations, memberships, meetings, measures and sources. */
export function createEntityEditingService(store: Store) {
  return {
    /** Creates (existing null) or edits (existing: the id and the version its form was loaded from). */
    save: (kind: EntityKind, existing: { id: string; version: number } | null, values: FormValues, curator: string) =>
      saveEntity(store, kind, existing, values, curator),
    /** The stored row with the version its edit form carries, read in one snapshot. */
    findForEdit: (kind: EntityKind, id: string): { row: Record<string, unknown>; version: number } | undefined =>
      store.transaction(() => {
        const row = kind.load(store, id);
        const version = row ? store.versions.current(kind.type, id) : undefined;
        return row && version !== undefined ? { row, version } : undefined;
      }),
  };
}

export type EntitySaveResult =
  | { ok: false; errors: FieldErrors }
  | { ok: false; conflict: EditConflict<Record<string, unknown>> }
  | { ok: true; id: string; changed: boolean; reindexed: number; lostVerbatim: string[] };

/**
 * Creates (existingId null) or edits an entity. The change, its revision, the outbox rows of the
 * statements that carry its name into search and, for a source whose stored text changed, the
 * re-checked verbatim marks of the statements citing it: one transaction, all or nothing. An
 * edit against a newer version than its form was loaded from writes nothing and answers the conflict.
 */
export function saveEntity(
  store: Store,
  kind: EntityKind,
  existing: { id: string; version: number } | null,
  values: FormValues,
  curator: string,
): EntitySaveResult {
  const refused = refusedCharacters(values);
  if (refused) return { ok: false, errors: refused };
  const prepared = kind.prepare(store, values);
  if (!prepared.ok) return prepared;
  const existingId = existing?.id ?? null;
  try {
    return store.transaction((): EntitySaveResult => {
      // The version check comes first: from here to the commit no other save can change the row.
      if (existing && !store.versions.claim(kind.type, existing.id, existing.version)) throw new StaleVersion();
      const before = existingId === null ? undefined : kind.load(store, existingId);
      const id = prepared.write(existingId);
      const after = kind.load(store, id);
      if (before && JSON.stringify(before) === JSON.stringify(after)) {
        return { ok: true, id, changed: false, reindexed: 0, lostVerbatim: [] };
      }
      recordRevision(store, before ? 'update' : 'create', curator, { entityType: kind.type, entityId: id, before, after });
      // A new entity is in no statement yet; an edited one may be named in many.
      const reindexed = before && kind.type !== 'membership' ? store.outbox.enqueueStatementsOf(kind.type, id) : 0;
      const lostVerbatim =
        kind.type === 'source' && before && before.text !== after?.text ? recheckStatementsCiting(store, id, curator) : [];
      return { ok: true, id, changed: true, reindexed, lostVerbatim };
    });
  } catch (error) {
    if (error instanceof EntityRefusal) return { ok: false, errors: error.errors };
    if (error instanceof StaleVersion && existing) {
      const conflict = readConflict(store, kind.type, existing.id, () => kind.load(store, existing.id));
      return conflict ? { ok: false, conflict } : { ok: false, errors: { '': `This ${kind.singular} no longer exists.` } };
    }
    throw error;
  }
}

/** Fields holding a character the archive refuses (control characters, U+FFFE/FFFF, lone surrogates). */
export function refusedCharacters(values: FormValues): FieldErrors | null {
  const errors: FieldErrors = {};
  for (const { path, text } of stringsIn(values)) {
    const found = findForbiddenCharacter(text);
    const field = path.replace(/\.\d+$/, '');
    if (found) errors[field] ??= `This field ${describeForbiddenCharacter(found)}`;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
