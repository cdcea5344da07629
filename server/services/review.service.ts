// Deciding a candidate from the review queue. Accepting creates a statement through the import
// path (so it is verified against the stored source text like any other), merging adds the
// candidate's source to an existing statement; either way the change, its index outbox row, its
// revision and the candidate's new status are written in one transaction, or nothing is.
import { deriveStatementId } from '../../data/domain/statement-id.js';
import { z } from 'zod';
import { ROLE_CATEGORIES, STANCES } from '../../data/archive.types.js';
import { ImportError } from '../../data/import/import.errors.js';
import type { Candidate } from '../../data/candidate.repository.js';
import type { Store } from '../../data/store.js';
import { findMatchingStatement } from './ingest.service.js';
import {
  optionalChoice,
  optionalPartialDate,
  optionalRef,
  optionalText,
  listOfValues,
  requiredText,
  toFieldErrors,
  type FieldErrors,
} from '../admin/admin-form.js';
import { slugify } from '../../data/domain/names.js';
import { runImportPlan } from './import/import.service.js';
import { recordRevision } from './revisions.service.js';

export type ReviewService = ReturnType<typeof createReviewService>;

/** The review queue's decisions, bound to one store. */
export function createReviewService(store: Store) {
  return {
    accept: (candidateId: number, body: unknown, curator: string) => acceptCandidate(store, candidateId, body, curator),
    merge: (candidateId: number, body: unknown, curator: string) => mergeCandidate(store, candidateId, body, curator),
    reject: (candidateId: number, curator: string) => rejectCandidate(store, candidateId, curator),
  };
}

export const acceptForm = z.object({
  speaker_name: requiredText(300, 'Enter the speaker’s full name'),
  role: optionalText(500),
  role_category: optionalChoice(ROLE_CATEGORIES, 'Choose a role category from the list'),
  stance: z.enum(STANCES, { error: 'Choose a stance from the list' }).default('unclear'),
  measure: optionalRef,
  meeting: optionalRef,
  said_on: optionalPartialDate,
  topics: listOfValues(z.array(z.string().max(64))),
});
export type AcceptForm = z.infer<typeof acceptForm>;

export const ACCEPT_FIELDS = [
  'speaker_name',
  'role',
  'role_category',
  'stance',
  'measure',
  'meeting',
  'said_on',
  'topics',
] as const;

export type ReviewOutcome =
  | { ok: true; statementId: string | null; sourceId: string }
  | { ok: false; status: 404 | 409 | 422; message: string; errors: FieldErrors };

/** Thrown inside the transaction to undo it and tell the curator why. */
class ReviewRefusal extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    message: string,
    readonly errors: FieldErrors = {},
  ) {
    super(message);
  }
}

function decided(fn: () => { statementId: string | null; sourceId: string }): ReviewOutcome {
  try {
    return { ok: true, ...fn() };
  } catch (error) {
    if (error instanceof ReviewRefusal) return { ok: false, status: error.status, message: error.message, errors: error.errors };
    throw error;
  }
}

function pendingCandidate(store: Store, id: number): Candidate {
  const candidate = store.candidates.findById(id);
  if (!candidate) throw new ReviewRefusal(404, 'There is no such candidate.');
  if (candidate.status !== 'pending') {
    throw new ReviewRefusal(
      409,
      `This candidate was already ${candidate.status}${candidate.reviewed_by ? ` by ${candidate.reviewed_by}` : ''}.`,
    );
  }
  return candidate;
}

/** Where an import problem shows on the accept form. */
const IMPORT_FIELD_TO_FORM: Record<string, string> = {
  'measure.id': 'measure',
  'meeting.id': 'meeting',
  topics: 'topics',
  said_on: 'said_on',
  'speaker.name': 'speaker_name',
  'speaker.id': 'speaker_name',
  'speaker.role': 'role',
  'speaker.role_category': 'role_category',
};

/** Makes the candidate a new statement (with the curator's corrections), verified against its source. */
export function acceptCandidate(store: Store, candidateId: number, body: unknown, curator: string): ReviewOutcome {
  const parsed = acceptForm.safeParse(body ?? {});
  if (!parsed.success)
    return { ok: false, status: 422, message: 'Please correct the form.', errors: toFieldErrors(parsed.error) };
  const form = parsed.data;
  return decided(() =>
    store.transaction(() => {
      const candidate = pendingCandidate(store, candidateId);
      // An existing person with this name (any case) is the speaker; otherwise a new one is created.
      const personId = store.people.findIdsByName(form.speaker_name)[0];
      const speakerId = personId ?? slugify(form.speaker_name);
      const statementId = deriveStatementId({ speakerId, text: candidate.text, sourceId: candidate.source_id });
      if (store.statements.findById(statementId)) {
        throw new ReviewRefusal(
          409,
          `The archive already has these words by this speaker from this source (statement ${statementId}).`,
        );
      }
      const record = {
        id: statementId,
        text: candidate.text,
        kind: candidate.kind,
        stance: form.stance,
        speaker: personId
          ? { id: personId, role: form.role, role_category: form.role_category }
          : { id: speakerId, name: form.speaker_name, role: form.role, role_category: form.role_category },
        measure: form.measure ? { id: form.measure } : null,
        meeting: form.meeting ? { id: form.meeting } : null,
        said_on: form.said_on,
        source: { id: candidate.source_id },
        position: {
          char_start: candidate.char_start,
          char_end: candidate.char_end,
          time_start: candidate.time_start,
          time_end: candidate.time_end,
        },
        topics: form.topics,
      };
      try {
        runImportPlan(store, {
          statements: [{ row: 1, value: record }],
          provenance: { via: 'extracted', by: curator },
          revision: { action: 'create', by: curator },
        });
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        const errors: FieldErrors = {};
        for (const problem of error.problems) errors[IMPORT_FIELD_TO_FORM[problem.field] ?? ''] ??= problem.message;
        throw new ReviewRefusal(422, 'Please correct the form.', errors);
      }
      store.candidates.decide(candidate.id, 'accepted', statementId, curator);
      return { statementId, sourceId: candidate.source_id };
    }),
  );
}

/** Adds the candidate's source (and its position there) to the existing statement it repeats. */
export function mergeCandidate(store: Store, candidateId: number, body: unknown, curator: string): ReviewOutcome {
  const given = (body as { statement?: unknown } | undefined)?.statement;
  return decided(() =>
    store.transaction(() => {
      const candidate = pendingCandidate(store, candidateId);
      // The match is checked again now: the statement may have changed since the page was shown.
      const matched = findMatchingStatement(store, candidate);
      if (!matched || (typeof given === 'string' && given !== '' && given !== matched)) {
        throw new ReviewRefusal(409, 'This candidate no longer matches a statement in the archive; accept or reject it instead.');
      }
      const before = store.statements.findById(matched);
      if (!before || before.status !== 'published') {
        throw new ReviewRefusal(409, 'The matching statement was retracted; accept or reject the candidate instead.');
      }
      store.statements.addFurtherSource(matched, {
        source_id: candidate.source_id,
        char_start: candidate.char_start,
        char_end: candidate.char_end,
        time_start: candidate.time_start,
        time_end: candidate.time_end,
      });
      store.statements.enqueueForIndex(matched);
      recordRevision(store, 'update', curator, {
        entityType: 'statement',
        entityId: matched,
        before,
        after: store.statements.findById(matched),
      });
      store.candidates.setMatch(candidate.id, matched);
      store.candidates.decide(candidate.id, 'merged', matched, curator);
      return { statementId: matched, sourceId: candidate.source_id };
    }),
  );
}

export function rejectCandidate(store: Store, candidateId: number, curator: string): ReviewOutcome {
  return decided(() =>
    store.transaction(() => {
      const candidate = pendingCandidate(store, candidateId);
      store.candidates.decide(candidate.id, 'rejected', null, curator);
      return { statementId: null, sourceId: candidate.source_id };
    }),
  );
}
