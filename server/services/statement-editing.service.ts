import { deriveStatementId } from '../../data/domain/statement-id.js';
import { z } from 'zod';
import type { Statement } from '../../data/archive.types.js';
import { ImportError } from '../../data/import/import.errors.js';
import type { Store } from '../../data/store.js';
import type { VersionedEntity } from '../../data/version.repository.js';
import { requiredDay, requiredText, toFieldErrors, today, type FieldErrors } from '../admin/admin-form.js';
import { entityOptions } from '../admin/entity-kinds.js';
import { formFieldOf, statementToForm, toImportRecord, type SpeakerRef, type StatementForm } from '../admin/statement.form.js';
import { slugify } from '../../data/domain/names.js';
import { runImportPlan } from './import/import.service.js';
import { recordRevision } from './revisions.service.js';
import { needsMisquoteConfirmation } from '../../data/verbatim.js';

// Every change to a statement goes through here: the change, its index outbox row and its
// revision (who, before, after) are written in one SQLite transaction, or nothing is.

export { STATEMENT_ENTITY } from './revisions.service.js';

export type StatementEditingService = ReturnType<typeof createStatementEditingService>;

/** The statement editing use cases, bound to one store. */
export function createStatementEditingService(store: Store) {
  return {
    create: (form: StatementForm, curator: string) => createStatement(store, form, curator),
    update: (existing: Statement, form: StatementForm, curator: string, version: number) =>
      updateStatement(store, existing, form, curator, version),
    correct: (existing: Statement, body: unknown, curator: string) => correctStatement(store, existing, body, curator),
    retract: (existing: Statement, body: unknown, curator: string, on: string) =>
      retractStatement(store, existing, body, curator, on),
    // The editor's reads: the statement (published or not), its finding list, the form's choices.
    find: (id: string): Statement | undefined => store.statements.findById(id),
    /** The statement with the version its edit form carries, read in one snapshot. */
    findForEdit: (id: string): { statement: Statement; version: number } | undefined =>
      store.transaction(() => {
        const version = store.versions.current('statement', id);
        const statement = store.statements.findById(id);
        return statement && version !== undefined ? { statement, version } : undefined;
      }),
    findForCurator: (q: string, limit: number) => store.statements.findForCurator(q, limit),
    formChoices: () => ({
      speakers: [...entityOptions(store, 'person'), ...entityOptions(store, 'organization')],
      organizations: entityOptions(store, 'organization'),
      measures: entityOptions(store, 'measure'),
      meetings: entityOptions(store, 'meeting'),
      sources: entityOptions(store, 'source'),
      topics: store.topics.list(),
    }),
  };
}

export type SaveResult =
  | { ok: false; errors: FieldErrors }
  | { ok: false; conflict: EditConflict<Statement> }
  | { ok: true; id: string; changed: boolean; lostVerbatim: boolean };

/** A save against an older version than the stored one: what is stored now, and who saved it. */
export interface EditConflict<T> {
  current: T;
  version: number;
  changedBy: string | null;
  changedAt: string | null;
}

/** Thrown first thing inside a save's transaction when the row has moved on since its form was loaded. */
export class StaleVersion extends Error {
  constructor() {
    super('the row has a newer version');
  }
}

/** What a refused stale save shows: the row as stored now, its version and its last revision. */
export function readConflict<T>(
  store: Store,
  entity: VersionedEntity,
  id: string,
  load: () => T | undefined,
): EditConflict<T> | undefined {
  return store.transaction(() => {
    const version = store.versions.current(entity, id);
    const current = load();
    const last = store.revisions.listOf(entity, id)[0];
    return current === undefined || version === undefined
      ? undefined
      : { current, version, changedBy: last?.user_name ?? null, changedAt: last?.created_at ?? null };
  });
}

/** Thrown inside a transaction to undo it and show the curator field messages. */
class FormRefusal extends Error {
  constructor(readonly errors: FieldErrors) {
    super('form refused');
  }
}

/** Finds the speaker a curator picked or typed: an id from the list, an exact name, or a new person. */
function resolveSpeaker(store: Store, form: StatementForm): { ref: SpeakerRef } | { error: string } {
  const typed = form.speaker;
  const sameName = (label: string) => label.localeCompare(typed, 'en', { sensitivity: 'accent' }) === 0;
  if (form.speaker_type === 'organization') {
    if (store.organizations.findById(typed)) return { ref: { id: typed } };
    const match = store.organizations.findForCurator(typed, 50).find((row) => sameName(row.label));
    return match
      ? { ref: { id: match.id } }
      : { error: 'No organization with this id or name; add it under Organizations first' };
  }
  if (store.people.findById(typed)) return { ref: { id: typed } };
  const match = store.people.findForCurator(typed, 50).find((row) => sameName(row.label));
  if (match) return { ref: { id: match.id } };
  // A new person gets an id derived from the name; never let that silently rename someone else.
  const taken = store.people.findById(slugify(typed));
  if (taken) {
    return {
      error:
        `A different person already has the id “${taken.id}” (${taken.name}).` +
        ` Choose them from the list, or type the name exactly as the source gives it`,
    };
  }
  return { ref: { name: typed } };
}

/** Every reference must name something that exists; the messages say which. */
function checkReferences(store: Store, form: StatementForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.organization && !store.organizations.findById(form.organization)) errors.organization = 'No organization with this id';
  if (form.measure && !store.measures.findById(form.measure)) errors.measure = 'No measure with this id';
  if (form.meeting && !store.meetings.findById(form.meeting)) errors.meeting = 'No meeting with this id';
  if (form.source && !store.sources.findById(form.source)) errors.source = 'No source with this id';
  const known = new Set(store.topics.listSlugs());
  const unknown = form.topics.filter((slug) => !known.has(slug));
  if (unknown.length > 0) errors.topics = `Unknown topic: ${unknown.join(', ')}`;
  return errors;
}

/** The speaker to save, once every reference checks out; otherwise refuses the form with field messages. */
function resolveReferences(store: Store, form: StatementForm): SpeakerRef {
  const speaker = resolveSpeaker(store, form);
  const problems = { ...checkReferences(store, form), ...('error' in speaker ? { speaker: speaker.error } : {}) };
  if ('error' in speaker || Object.keys(problems).length > 0) throw new FormRefusal(problems);
  return speaker.ref;
}

function toImportErrors(error: ImportError): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of error.problems) errors[formFieldOf(problem.field)] ??= problem.message;
  return errors;
}

/** The same id the import path gives a statement without one, so typing in an imported quote finds the duplicate. */
function newStatementId(speaker: SpeakerRef, form: StatementForm): string {
  const speakerId = 'id' in speaker ? speaker.id : slugify(speaker.name);
  return deriveStatementId({ speakerId, text: form.text, sourceId: form.source ?? null });
}

function runRefusable(fn: () => SaveResult, onStale?: () => SaveResult): SaveResult {
  try {
    return fn();
  } catch (error) {
    if (error instanceof StaleVersion && onStale) return onStale();
    if (error instanceof FormRefusal) return { ok: false, errors: error.errors };
    if (error instanceof ImportError) return { ok: false, errors: toImportErrors(error) };
    throw error;
  }
}

/** Adds a statement typed in by a curator, through the import path (validation, references, verbatim check, outbox). */
export function createStatement(store: Store, form: StatementForm, curator: string): SaveResult {
  return runRefusable(() =>
    store.transaction(() => {
      const ref = resolveReferences(store, form);
      const id = newStatementId(ref, form);
      if (store.statements.findById(id)) {
        throw new FormRefusal({ text: `This statement is already in the archive as “${id}”; edit that one instead` });
      }
      runImportPlan(store, {
        statements: [{ row: 1, value: { ...toImportRecord(form, ref, undefined), id } }],
        provenance: { via: 'typed', by: curator },
        revision: { action: 'create', by: curator },
      });
      confirmMisquote(store, id, form);
      return { ok: true, id, changed: true, lostVerbatim: false };
    }),
  );
}

/**
 * Saves an edit made on the form loaded at `version`; reports whether the words stopped matching
 * the source (the verbatim mark is then gone). Against a newer version nothing is written and the
 * result is the conflict: the statement as stored now.
 */
export function updateStatement(
  store: Store,
  loaded: Statement,
  form: StatementForm,
  curator: string,
  version: number,
): SaveResult {
  return runRefusable(
    () =>
      store.transaction(() => {
        // The version check comes first: from here to the commit no other save can change the row.
        if (!store.versions.claim('statement', loaded.id, version)) throw new StaleVersion();
        const existing = store.statements.findById(loaded.id) ?? loaded;
        if (existing.status === 'retracted') throw new FormRefusal({ '': 'A retracted statement cannot be edited.' });
        const wordsChanged = form.text !== existing.text && existing.status === 'published';
        if (wordsChanged && !form.correction_reason) {
          throw new FormRefusal({
            correction_reason:
              'The words of a published statement changed: say why (this is shown on the public page as a correction, with the old and new words)',
          });
        }
        const record = toImportRecord(form, resolveReferences(store, form), existing);
        // Offsets of the old words would mark the wrong passage once the words change: let the import find the new ones.
        const samePosition =
          form.source === existing.source?.id &&
          form.char_start === existing.position?.char_start &&
          form.char_end === existing.position?.char_end;
        if (form.text !== existing.text && samePosition && record.position) {
          record.position = { ...record.position, char_start: null, char_end: null };
        }
        const summary = runImportPlan(store, {
          statements: [{ row: 1, value: record }],
          revision: { action: 'update', by: curator },
        });
        if (summary.statements.unchanged === 1) return { ok: true, id: existing.id, changed: false, lostVerbatim: false };
        confirmMisquote(store, existing.id, form);
        if (wordsChanged) {
          store.statements.addCorrection(existing.id, today(), form.correction_reason as string, {
            old_text: existing.text,
            new_text: form.text,
          });
        }
        const after = store.statements.findById(existing.id);
        return { ok: true, id: existing.id, changed: true, lostVerbatim: existing.verified && after?.verified === false };
      }),
    () => {
      const conflict = readConflict(store, 'statement', loaded.id, () => store.statements.findById(loaded.id));
      return conflict ? { ok: false, conflict } : { ok: false, errors: { '': 'This statement no longer exists.' } };
    },
  );
}

/**
 * A quote (or written comment) whose words are not in the stored text of the source it cites is
 * saved only when the curator ticked the box that says so; otherwise the transaction is undone.
 */
function confirmMisquote(store: Store, id: string, form: StatementForm): void {
  const saved = store.statements.findById(id);
  if (!saved || !needsMisquoteConfirmation(saved.verbatim_status, saved.kind) || form.confirm_not_found) return;
  throw new FormRefusal({
    confirm_not_found:
      `These words were not found in the stored text of the source${saved.source?.title ? ` “${saved.source.title}”` : ''}. ` +
      'Check them against the source; if they are right, tick this box and save again. Nothing was saved.',
  });
}

export const correctionForm = z.object({
  corrected_on: requiredDay,
  note: requiredText(2000, 'Say what was corrected; the note is shown on the public page'),
});

export const retractionForm = z.object({
  reason: requiredText(2000, 'Give the reason; it is shown on the statement’s tombstone page'),
});

export type ActionResult = { ok: true } | { ok: false; errors: FieldErrors };

/** Adds a public correction note (shown above the quote on the permalink). */
export function correctStatement(store: Store, existing: Statement, body: unknown, curator: string): ActionResult {
  const parsed = correctionForm.safeParse(body);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error) };
  store.transaction(() => {
    store.statements.addCorrection(existing.id, parsed.data.corrected_on, parsed.data.note);
    recordRevision(store, 'correct', curator, {
      entityType: 'statement',
      entityId: existing.id,
      before: existing,
      after: store.statements.findById(existing.id),
    });
  });
  return { ok: true };
}

/** Retracts a statement: its permalink answers 410 with the reason, and the index drops it. */
export function retractStatement(store: Store, existing: Statement, body: unknown, curator: string, on: string): ActionResult {
  const parsed = retractionForm.safeParse(body);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error) };
  store.transaction(() => {
    if (!store.statements.retract(existing.id, parsed.data.reason, on)) return;
    recordRevision(store, 'retract', curator, {
      entityType: 'statement',
      entityId: existing.id,
      before: existing,
      after: store.statements.findById(existing.id),
    });
  });
  return { ok: true };
}

/**
 * After a source's stored text changed: checks each published statement citing it again (through the
 * import path, which also enqueues it), records a revision where that changed anything, and returns
 * the ids whose words are no longer found in it. Call inside the source edit's transaction.
 */
export function recheckStatementsCiting(store: Store, sourceId: string, curator: string): string[] {
  const lost: string[] = [];
  for (const id of store.statements.listIdsCitingSource(sourceId)) {
    const before = store.statements.findById(id);
    if (!before || before.status !== 'published') continue;
    const record = toImportRecord(statementToForm(before), { id: before.speaker.id }, before);
    const summary = runImportPlan(store, {
      statements: [{ row: 1, value: record }],
      revision: { action: 'update', by: curator },
    });
    if (summary.statements.unchanged === 1) continue;
    const after = store.statements.findById(id);
    if (before.verified && after?.verified === false) lost.push(id);
  }
  return lost;
}
