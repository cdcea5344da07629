import { z } from 'zod';
import { ID_PATTERN, ROLE_CATEGORIES, SOURCE_TYPES, STANCES, STATEMENT_KINDS } from '../archive.types.js';
import { isRealDate, PARTIAL_DATE_FORMAT, PARTIAL_DATE_PATTERN } from '../domain/partial-date.js';
import { refineOcdId } from '../ocd/ocd-division.lookup.js';

// The import format is the Statement JSON of the API (SPEC §4): what the archive exports,
// it imports. Read-only fields of the export (url, verified, created_at, ...) are ignored.

export const MAX_STATEMENT_LENGTH = 20_000;

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `expected one of ${values.join(', ')}` });

export const id = z.string({ error: 'expected a string' }).regex(ID_PATTERN, 'expected 1-64 letters, digits, "-" or "_"');

export const text = (max: number) =>
  z.string({ error: 'expected a string' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => v ?? null);

/** YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date. */
export const partialDate = z
  .string({ error: `expected a date as ${PARTIAL_DATE_FORMAT}` })
  // abort: a value that is not a date at all gets one problem, not also "not a real calendar date".
  .regex(PARTIAL_DATE_PATTERN, { error: `expected a date as ${PARTIAL_DATE_FORMAT}`, abort: true })
  .refine(isRealDate, 'is not a real calendar date');

export const optionalDate = partialDate.nullish().transform((v) => v ?? null);

export const organizationInput = z
  .object({
    id: id.optional(),
    name: text(300).optional(),
    classification: optionalText(100),
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected a two-letter state code')
      .nullish()
      .transform((v) => v ?? null),
    ocd_id: optionalText(300).superRefine(refineOcdId),
  })
  .refine((o) => o.id !== undefined || o.name !== undefined, 'needs an id or a name');

export const sourceInput = z
  .object({
    id: id.optional(),
    type: oneOf(SOURCE_TYPES).optional(),
    title: optionalText(1000),
    outlet: optionalText(300),
    author: optionalText(300),
    url: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .nullish()
      .transform((v) => v ?? null),
    published_on: optionalDate,
    retrieved_on: optionalDate,
    text: z
      .string()
      .max(2_000_000, 'must be at most 2,000,000 characters')
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((s) => s.id !== undefined || s.title !== null || s.url !== null, 'needs an id, a title or a url');

export const measureInput = z
  .object({
    id: id.optional(),
    title: text(500).optional(),
    description: optionalText(5000),
    outcome: optionalText(1000),
    decided_on: optionalDate,
    body: organizationInput.nullish().transform((v) => v ?? null),
  })
  .refine((m) => m.id !== undefined || m.title !== undefined, 'needs an id or a title');

export const meetingInput = z
  .object({
    id: id.optional(),
    title: text(500).optional(),
    date: optionalDate,
    location: optionalText(500),
    body: organizationInput.nullish().transform((v) => v ?? null),
  })
  .refine((m) => m.id !== undefined || m.title !== undefined, 'needs an id or a title');

export const positionInput = z.object({
  char_start: z
    .number()
    .int()
    .nonnegative()
    .nullish()
    .transform((v) => v ?? null),
  char_end: z
    .number()
    .int()
    .nonnegative()
    .nullish()
    .transform((v) => v ?? null),
  time_start: z
    .number()
    .nonnegative()
    .nullish()
    .transform((v) => v ?? null),
  time_end: z
    .number()
    .nonnegative()
    .nullish()
    .transform((v) => v ?? null),
});

export const speakerInput = z
  .object(
    {
      id: id.optional(),
      type: z.enum(['person', 'organization']).default('person'),
      name: text(300).optional(),
      sort_name: optionalText(300),
      role: optionalText(500),
      role_category: oneOf(ROLE_CATEGORIES)
        .nullish()
        .transform((v) => v ?? null),
      organization: organizationInput.nullish().transform((v) => v ?? null),
    },
    { error: 'is required' },
  )
  .refine((s) => s.id !== undefined || s.name !== undefined, 'needs an id or a name');

export const statementInput = z.object({
  id: id.optional(),
  text: text(MAX_STATEMENT_LENGTH),
  kind: oneOf(STATEMENT_KINDS).default('quote'),
  stance: oneOf(STANCES).default('unclear'),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'expected a language tag such as en')
    .default('en'),
  speaker: speakerInput,
  measure: measureInput.nullish().transform((v) => v ?? null),
  meeting: meetingInput.nullish().transform((v) => v ?? null),
  said_on: optionalDate,
  source: sourceInput.nullish().transform((v) => v ?? null),
  position: positionInput.nullish().transform((v) => v ?? null),
  also_in: z.array(z.object({ source: sourceInput, position: positionInput.nullish().transform((v) => v ?? null) })).default([]),
  topics: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a topic slug')).default([]),
  context: optionalText(5000),
});

// A whole-archive file (the Popolo export) also states what the Statement JSON leaves to the
// archive: people and memberships on their own, topics, and each statement's status,
// corrections and provenance. Only that format reads these; the Statement JSON ignores them.

export const personInput = z.object({
  id,
  name: text(300),
  sort_name: optionalText(300),
});

export const membershipInput = z.object({
  person_id: id,
  organization_id: id.nullish().transform((v) => v ?? null),
  role: optionalText(500),
  role_category: oneOf(ROLE_CATEGORIES)
    .nullish()
    .transform((v) => v ?? null),
  start_date: optionalDate,
  end_date: optionalDate,
});

export const topicInput = z.object({
  slug: z.string({ error: 'expected a string' }).regex(/^[a-z0-9-]{1,64}$/, 'expected a topic slug'),
  label: text(200),
  description: optionalText(2000),
});

export const PROVENANCE_VIAS = ['seed', 'typed', 'imported', 'extracted'] as const;
/** How a statement entered the archive, and by whom (a curator's name or the file's). */
export type Provenance = { via: (typeof PROVENANCE_VIAS)[number]; by: string | null };

export const archivedStatementInput = statementInput
  .extend({
    provenance: z
      .object({
        via: oneOf(PROVENANCE_VIAS),
        by: optionalText(300),
      })
      .nullish()
      .transform((v) => v ?? null),
    status: z.enum(['published', 'retracted'], { error: () => 'expected published or retracted' }).default('published'),
    retraction_reason: optionalText(2000),
    retracted_on: optionalDate,
    corrections: z
      .array(
        z.object({
          date: partialDate,
          note: text(2000),
          // A correction of the words: what they were and what they became.
          old_text: text(MAX_STATEMENT_LENGTH).optional(),
          new_text: text(MAX_STATEMENT_LENGTH).optional(),
        }),
      )
      .default([]),
  })
  .refine((s) => s.status === 'published' || (s.retraction_reason !== null && s.retracted_on !== null), {
    error: 'a retracted statement needs its retraction_reason and retracted_on',
    path: ['status'],
  });

export type StatementInput = z.infer<typeof statementInput>;
export type ArchivedStatementInput = z.infer<typeof archivedStatementInput>;
export type PersonInput = z.infer<typeof personInput>;
export type MembershipInput = z.infer<typeof membershipInput>;
export type TopicInput = z.infer<typeof topicInput>;
export type SourceInput = z.infer<typeof sourceInput>;
export type OrganizationInput = z.infer<typeof organizationInput>;
export type MeasureInput = z.infer<typeof measureInput>;
export type MeetingInput = z.infer<typeof meetingInput>;

/** A zod issue as a person reads it: "stance: expected one of support, oppose, ...". */
export function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.map(String).join('.') || '(record)';
  return { field, message: issue.message };
}
