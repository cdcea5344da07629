import { z } from 'zod';
import { ROLE_CATEGORIES, STANCES, STATEMENT_KINDS, type Statement } from '../../data/archive.types.js';
import { MAX_STATEMENT_LENGTH } from '../../data/import/import.schema.js';
import {
  optionalChoice,
  optionalNumber,
  optionalPartialDate,
  optionalRef,
  optionalText,
  listOfValues,
  requiredText,
  toFormValues,
  type FormValues,
} from './admin-form.js';

/** The statement form's fields, in the order the page shows them. */
export const STATEMENT_FIELDS = [
  'text',
  'kind',
  'stance',
  'speaker_type',
  'speaker',
  'role',
  'role_category',
  'organization',
  'measure',
  'meeting',
  'said_on',
  'source',
  'char_start',
  'char_end',
  'time_start',
  'time_end',
  'topics',
  'context',
  'correction_reason',
  'confirm_not_found',
] as const;

/** The value of the checkbox a curator ticks to save a quote whose words are not in its stored source. */
export const CONFIRM_NOT_FOUND = 'yes';

export const statementForm = z
  .object({
    text: requiredText(MAX_STATEMENT_LENGTH, 'Enter the words that were said'),
    kind: z.enum(STATEMENT_KINDS, { error: 'Choose quote, paraphrase or written comment' }),
    stance: z.enum(STANCES, { error: `Choose one of ${STANCES.join(', ')}` }),
    speaker_type: z.enum(['person', 'organization'], { error: 'Choose person or organization' }).default('person'),
    speaker: requiredText(300, 'Choose a speaker from the list or type a new person’s full name'),
    role: optionalText(500),
    role_category: optionalChoice(ROLE_CATEGORIES, 'Choose a role category from the list'),
    organization: optionalRef,
    measure: optionalRef,
    meeting: optionalRef,
    said_on: optionalPartialDate,
    source: optionalRef,
    char_start: optionalNumber(true),
    char_end: optionalNumber(true),
    time_start: optionalNumber(false),
    time_end: optionalNumber(false),
    topics: listOfValues(z.array(z.string().regex(/^[a-z0-9-]{1,64}$/, 'Choose topics from the list')).max(50)),
    context: optionalText(5000),
    /** Why the words changed: required when they do, and shown publicly as the correction. */
    correction_reason: optionalText(2000),
    /** Save words that were not found in the stored source text (a possible misquote) anyway. */
    confirm_not_found: listOfValues(z.array(z.string())).transform((ticked) => ticked.includes(CONFIRM_NOT_FOUND)),
  })
  .superRefine((form, ctx) => {
    const hasPosition = [form.char_start, form.char_end, form.time_start, form.time_end].some((v) => v !== null);
    if (hasPosition && form.source === null) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'Choose the source the position refers to' });
    }
    if (form.char_start !== null && form.char_end !== null && form.char_end <= form.char_start) {
      ctx.addIssue({ code: 'custom', path: ['char_end'], message: 'Must be after the start' });
    }
    if (form.time_start !== null && form.time_end !== null && form.time_end < form.time_start) {
      ctx.addIssue({ code: 'custom', path: ['time_end'], message: 'Must not be before the start' });
    }
  });

export type StatementForm = z.infer<typeof statementForm>;

/** The form as a stored statement fills it in, for its edit page. */
export function statementToFormValues(statement: Statement): FormValues {
  return toFormValues({ ...statementToForm(statement) });
}

/** The speaker as the import format names it: an existing id, or a new person's name. */
export type SpeakerRef = { id: string } | { name: string };

/**
 * One record in the import format (the API's Statement JSON), so the import path validates it,
 * resolves its references, checks the words against the source and enqueues it, as for a file.
 * Sources beyond the primary are kept as they are: the form edits only the primary one.
 */
export function toImportRecord(
  form: StatementForm,
  speaker: SpeakerRef,
  existing: Statement | undefined,
): Record<string, unknown> {
  const hasPosition = [form.char_start, form.char_end, form.time_start, form.time_end].some((v) => v !== null);
  return {
    ...(existing ? { id: existing.id } : {}),
    text: form.text,
    kind: form.kind,
    stance: form.stance,
    language: existing?.language ?? 'en',
    speaker: {
      ...speaker,
      type: form.speaker_type,
      role: form.role,
      role_category: form.role_category,
      organization: form.organization ? { id: form.organization } : null,
    },
    measure: form.measure ? { id: form.measure } : null,
    meeting: form.meeting ? { id: form.meeting } : null,
    said_on: form.said_on,
    source: form.source ? { id: form.source } : null,
    position: hasPosition
      ? { char_start: form.char_start, char_end: form.char_end, time_start: form.time_start, time_end: form.time_end }
      : null,
    also_in: (existing?.also_in ?? [])
      .filter((other) => other.source.id !== form.source)
      .map((other) => ({ source: { id: other.source.id }, position: other.position })),
    topics: form.topics,
    context: form.context,
  };
}

/** The statement's current values as a form would submit them (to re-check it against an edited source). */
export function statementToForm(statement: Statement): StatementForm {
  const position = statement.position;
  return {
    text: statement.text,
    kind: statement.kind,
    stance: statement.stance,
    speaker_type: statement.speaker.type,
    speaker: statement.speaker.id,
    role: statement.speaker.role,
    role_category: statement.speaker.role_category,
    organization: statement.speaker.organization?.id ?? null,
    measure: statement.measure?.id ?? null,
    meeting: statement.meeting?.id ?? null,
    said_on: statement.said_on,
    source: statement.source?.id ?? null,
    char_start: position?.char_start ?? null,
    char_end: position?.char_end ?? null,
    time_start: position?.time_start ?? null,
    time_end: position?.time_end ?? null,
    topics: statement.topics,
    context: statement.context,
    correction_reason: null,
    confirm_not_found: false,
  };
}

// The import path names fields by their place in Statement JSON; the form by its own names.
const IMPORT_FIELD_TO_FORM: [RegExp, string][] = [
  [/^text$/, 'text'],
  [/^kind$/, 'kind'],
  [/^stance$/, 'stance'],
  [/^speaker\.organization/, 'organization'],
  [/^speaker\.role_category$/, 'role_category'],
  [/^speaker\.role$/, 'role'],
  [/^speaker/, 'speaker'],
  [/^measure/, 'measure'],
  [/^meeting/, 'meeting'],
  [/^said_on$/, 'said_on'],
  [/^source/, 'source'],
  [/^position\.char_start$/, 'char_start'],
  [/^position\.char_end$/, 'char_end'],
  [/^position\.time_start$/, 'time_start'],
  [/^position\.time_end$/, 'time_end'],
  [/^topics/, 'topics'],
  [/^context$/, 'context'],
  [/^correction_reason$/, 'correction_reason'],
  [/^confirm_not_found$/, 'confirm_not_found'],
];

/** The form field an import problem belongs to ('' for the form as a whole). */
export function formFieldOf(importField: string): string {
  return IMPORT_FIELD_TO_FORM.find(([pattern]) => pattern.test(importField))?.[1] ?? '';
}
