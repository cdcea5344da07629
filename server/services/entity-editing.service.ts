import type { Store } from '../../data/store.js';
import type { FieldErrors, FormValues } from '../admin/admin-form.js';
import { EntityRefusal } from '../admin/entity-forms.js';
import type { EntityKind } from '../admin/entity-kinds.js';
import { describeForbiddenCharacter, findForbiddenCharacter, stringsIn } from '../../data/domain/text.js';
import { recordRevision } from './revisions.service.js';
import { recheckStatementsCiting } from './statement-editing.service.js';

export type EntityEditingService = ReturnType<typeof createEntityEditingService>;

/** Creating and editing people, organizations, memberships, meetings, measures and sources. */
export function createEntityEditingService(store: Store) {
  return {
    save: (kind: EntityKind, existingId: string | null, values: FormValues, curator: string) =>
      saveEntity(store, kind, existingId, values, curator),
  };
}

export type EntitySaveResult =
  { ok: false; errors: FieldErrors } | { ok: true; id: string; changed: boolean; reindexed: number; lostVerbatim: string[] };

/**
 * Creates (existingId null) or edits an entity. The change, its revision, the outbox rows of the
 * statements that carry its name into search and, for a source whose stored text changed, the
 * re-checked verbatim marks of the statements citing it: one transaction, all or nothing.
 */
export function saveEntity(
  store: Store,
  kind: EntityKind,
  existingId: string | null,
  values: FormValues,
  curator: string,
): EntitySaveResult {
  const refused = refusedCharacters(values);
  if (refused) return { ok: false, errors: refused };
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
      recordRevision(store, before ? 'update' : 'create', curator, { entityType: kind.type, entityId: id, before, after });
      // A new entity is in no statement yet; an edited one may be named in many.
      const reindexed = before && kind.type !== 'membership' ? store.outbox.enqueueStatementsOf(kind.type, id) : 0;
      const lostVerbatim =
        kind.type === 'source' && before && before.text !== after?.text ? recheckStatementsCiting(store, id, curator) : [];
      return { ok: true, id, changed: true, reindexed, lostVerbatim };
    });
  } catch (error) {
    if (error instanceof EntityRefusal) return { ok: false, errors: error.errors };
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
