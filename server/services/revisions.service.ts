import type { Statement } from '../../data/archive.types.js';
import type { Revision } from '../../data/revision.repository.js';
import type { Store } from '../../data/store.js';
import type { EntityType } from '../admin/entity-kinds.js';

// Every revision (who changed what, before and after) is written here: by the import, the
// editing forms, the review queue and ingest. A statement is kept as its snapshot (the fields a
// curator edits, flat); other entities as the object their editor loads.

export type RevisionAction = Revision['action'];

export const STATEMENT_ENTITY = 'statement';

export type RevisionSubject =
  | { entityType: typeof STATEMENT_ENTITY; entityId: string; before: Statement | undefined; after: Statement | undefined }
  | { entityType: EntityType; entityId: string; before: object | undefined; after: object | undefined };

/** Records one revision; call inside the transaction of the change it describes. */
export function recordRevision(store: Store, action: RevisionAction, by: string | null, subject: RevisionSubject): void {
  const [before, after] =
    subject.entityType === STATEMENT_ENTITY
      ? [subject.before && snapshotStatement(subject.before), subject.after && snapshotStatement(subject.after)]
      : [subject.before, subject.after];
  store.revisions.record({
    entity_type: subject.entityType,
    entity_id: subject.entityId,
    action,
    user_name: by,
    before_json: before === undefined ? null : JSON.stringify(before),
    after_json: after === undefined ? null : JSON.stringify(after),
  });
}

/** What a revision keeps of a statement: the fields a curator edits, flat, so history can diff them. */
export function snapshotStatement(statement: Statement): Record<string, unknown> {
  return {
    text: statement.text,
    kind: statement.kind,
    stance: statement.stance,
    speaker: `${statement.speaker.name} (${statement.speaker.id})`,
    speaker_type: statement.speaker.type,
    role: statement.speaker.role,
    role_category: statement.speaker.role_category,
    organization: statement.speaker.organization?.id ?? null,
    measure: statement.measure?.id ?? null,
    meeting: statement.meeting?.id ?? null,
    said_on: statement.said_on,
    source: statement.source?.id ?? null,
    char_start: statement.position?.char_start ?? null,
    char_end: statement.position?.char_end ?? null,
    time_start: statement.position?.time_start ?? null,
    time_end: statement.position?.time_end ?? null,
    also_in: statement.also_in.map((other) => other.source.id),
    topics: statement.topics,
    context: statement.context,
    verified: statement.verified,
    status: statement.status,
    retraction_reason: statement.retraction_reason,
    retracted_on: statement.retracted_on,
    corrections: statement.corrections.map((c) => `${c.date}: ${c.note}`),
  };
}

/** The curator's reads of the record: the latest changes (admin home) and one entity's history. */
export function createHistoryService(store: Pick<Store, 'revisions'>) {
  return {
    recent: (limit: number): Revision[] => store.revisions.listRecent(limit),
    of: (entityType: EntityType | typeof STATEMENT_ENTITY, entityId: string): Revision[] =>
      store.revisions.listOf(entityType, entityId),
  };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
