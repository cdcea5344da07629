import type { Statement } from '../../../data/archive.types.js';
import { precisionOf } from '../../../data/domain/partial-date.js';
import { deriveStatementId } from '../../../data/domain/statement-id.js';
import type { ArchivedStatementInput, StatementInput } from '../../../data/import/import.schema.js';
import type { StatementRow, StatementSourceRow } from '../../../data/statement.repository.js';
import type { Store } from '../../../data/store.js';
import type { UpsertOutcome } from '../../../data/upsert.sql.js';
import { findVerbatim, isVerbatimAt, toVerbatimStatus, type VerbatimStatus } from '../../../data/verbatim.js';
import {
  RecordProblem,
  resolveMeasure,
  resolveMeeting,
  resolveSource,
  resolveSpeaker,
  type ResolveContext,
} from './import.resolve.js';

export interface StatementOptions {
  /** The row the record stands on, for "duplicate id ... (also on row N)". */
  row: number;
  /** A flat record (CSV): the fields it filled. What it leaves out is kept from the stored statement. */
  stated?: Set<string>;
  /** Load the stored statement before writing (for a revision's "before"). */
  keepBefore: boolean;
}

export interface ResolvedStatement {
  id: string;
  outcome: UpsertOutcome;
  before: Statement | undefined;
}

/** Locates the words in the source's stored text; a quote found there is verified. */
function locate(
  store: Store,
  text: string,
  sourceId: string,
  given: StatementInput['position'],
): { link: StatementSourceRow; found: boolean; status: VerbatimStatus } {
  const sourceText = store.sources.findWithText(sourceId)?.text ?? null;
  const base: StatementSourceRow = {
    source_id: sourceId,
    char_start: given?.char_start ?? null,
    char_end: given?.char_end ?? null,
    time_start: given?.time_start ?? null,
    time_end: given?.time_end ?? null,
  };
  const status = (found: boolean) => toVerbatimStatus(sourceText, found);
  if (sourceText === null) return { link: base, found: false, status: status(false) };
  if (
    base.char_start !== null &&
    base.char_end !== null &&
    isVerbatimAt(text, sourceText, { char_start: base.char_start, char_end: base.char_end })
  ) {
    return { link: base, found: true, status: status(true) };
  }
  const span = findVerbatim(text, sourceText, base.char_start ?? undefined);
  if (!span) return { link: base, found: false, status: status(false) };
  return { link: { ...base, ...span }, found: true, status: status(true) };
}

/**
 * Writes one statement with everything it names (speaker, sources, measure, meeting). A record
 * without an id gets the one data/domain/statement-id.ts derives, the same an edit derives.
 */
export function resolveStatement(ctx: ResolveContext, input: StatementInput, options: StatementOptions): ResolvedStatement {
  const { store } = ctx;
  const { stated } = options;
  const who = resolveSpeaker(ctx, input.speaker);
  const sourceId = input.source ? resolveSource(ctx, input.source, 'source').id : null;
  const id = input.id ?? deriveStatementId({ speakerId: (who.personId ?? who.orgId) as string, text: input.text, sourceId });
  const firstRow = ctx.seenIds.get(id);
  if (firstRow !== undefined) throw new RecordProblem('id', `duplicate id "${id}" (also on row ${firstRow})`);
  ctx.seenIds.set(id, options.row);

  for (const slug of input.topics) {
    if (!ctx.knownTopics.has(slug)) throw new RecordProblem('topics', `unknown topic "${slug}" (see data/topics.json)`);
  }
  const previous = stated || options.keepBefore ? store.statements.findById(id) : undefined;
  // Only a flat record (CSV) keeps what it leaves out; other formats say everything.
  const stored = stated ? previous : undefined;
  const links: StatementSourceRow[] = [];
  let verified = false;
  let verbatimStatus: VerbatimStatus = 'no_source_text';
  if (sourceId) {
    const keptPosition = stored && !stated?.has('position') && stored.source?.id === sourceId ? stored.position : null;
    const primary = locate(store, input.text, sourceId, input.position ?? keptPosition);
    links.push(primary.link);
    verified = primary.found;
    verbatimStatus = primary.status;
  }
  input.also_in.forEach((other, i) => {
    const otherId = resolveSource(ctx, other.source, `also_in.${i}.source`).id;
    if (otherId === sourceId || links.some((l) => l.source_id === otherId)) return;
    links.push(locate(store, input.text, otherId, other.position).link);
  });
  if (stored && !stated?.has('also_in')) {
    for (const other of stored.also_in) {
      if (other.source.id === sourceId || links.some((l) => l.source_id === other.source.id)) continue;
      links.push({ source_id: other.source.id, ...other.position });
    }
  }

  const statementRow: StatementRow = {
    id,
    text: input.text,
    kind: input.kind,
    speaker_person_id: who.personId,
    speaker_org_id: who.orgId,
    role: input.speaker.role,
    role_category: input.speaker.role_category,
    organization_id: who.organizationId,
    measure_id: input.measure ? resolveMeasure(ctx, input.measure) : null,
    stance: input.stance,
    meeting_id: input.meeting ? resolveMeeting(ctx, input.meeting) : null,
    said_on: input.said_on,
    said_on_precision: precisionOf(input.said_on),
    context: input.context,
    language: stored && !stated?.has('language') ? stored.language : input.language,
    verified: verified ? 1 : 0,
    verbatim_status: verbatimStatus,
  };
  return { id, outcome: store.statements.saveStatement(statementRow, links, input.topics), before: previous };
}

/**
 * A statement's retraction and corrections as the archive file states them. Applies a retraction
 * and adds the corrections not yet stored; never un-retracts or removes a correction (a curator's
 * act stands). True when it changed anything.
 */
export function applyArchivedState(store: Store, id: string, archived: ArchivedStatementInput): boolean {
  let changed = false;
  if (archived.status === 'retracted') {
    changed = store.statements.retract(id, archived.retraction_reason as string, archived.retracted_on as string);
  }
  if (archived.corrections.length > 0) {
    // The same note on the same day twice is two corrections: match them one for one.
    const stored = (store.statements.findById(id)?.corrections ?? []).map((c) => `${c.date}\n${c.note}`);
    for (const correction of archived.corrections) {
      const at = stored.indexOf(`${correction.date}\n${correction.note}`);
      if (at >= 0) {
        stored.splice(at, 1);
        continue;
      }
      const words =
        correction.old_text !== undefined && correction.new_text !== undefined
          ? { old_text: correction.old_text, new_text: correction.new_text }
          : undefined;
      store.statements.addCorrection(id, correction.date, correction.note, words);
      changed = true;
    }
  }
  return changed;
}
