import { z } from 'zod';
import { ROLE_CATEGORIES, SOURCE_TYPES } from '../../data/archive.types.js';
import type { Store } from '../../data/store.js';
import {
  optionalChoice,
  optionalPartialDate,
  optionalRef,
  optionalText,
  requiredText,
  toFieldErrors,
  type FieldErrors,
  type FieldSpec,
  type FormValues,
} from './admin-form.js';
import { slugify } from '../../data/domain/names.js';
import { refineOcdId } from '../../data/ocd/ocd-division.lookup.js';
import { ROLE_CATEGORY_NAMES } from '../../data/domain/labels.js';

/** What a kind's form yields once valid: a write to run inside the edit's transaction. */
export type PreparedWrite = { ok: true; write: (id: string | null) => string } | { ok: false; errors: FieldErrors };

// The entity forms: their zod schemas, field hints and the small writers the kinds share.
export const ROLE_CATEGORY_OPTIONS = ROLE_CATEGORIES.map((value) => ({ value, label: ROLE_CATEGORY_NAMES[value] }));
export const SOURCE_TYPE_OPTIONS = SOURCE_TYPES.map((value) => ({ value, label: value.replace('_', ' ') }));
export const CLASSIFICATION_OPTIONS = ['district', 'board', 'police', 'union', 'school', 'coalition', 'outlet'].map((value) => ({
  value,
  label: value,
}));
export const DATE_HINT = 'YYYY, YYYY-MM or YYYY-MM-DD; leave empty if the source does not give it.';
const ID_HINT = 'Short and permanent (letters, digits, - and _). Leave empty to derive it from the name.';

export const idField: FieldSpec = { name: 'id', label: 'Id', hint: ID_HINT };
const idSchema = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1–64 letters, digits, "-" or "_" (or leave it empty)')
    .nullable()
    .default(null),
);

/** Runs a form schema; on success, hands the data to a writer that needs the store. */
export function prepareWith<S extends z.ZodType>(
  schema: S,
  values: FormValues,
  check: (data: z.infer<S>) => FieldErrors,
  write: (data: z.infer<S>, id: string | null) => string,
): PreparedWrite {
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error) };
  const errors = check(parsed.data);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, write: (id) => write(parsed.data, id) };
}

/**
 * The id of a new entity: the one typed, or one derived from its name. A taken id is refused,
 * so creating never overwrites something that exists.
 */
function newIdOrRefuse(given: string | null, name: string, exists: (id: string) => boolean): string {
  const id = given ?? slugify(name);
  if (exists(id)) {
    throw new EntityRefusal({
      id: given
        ? `The id “${id}” is taken; choose another`
        : `The id “${id}” derived from the name is taken; type a different id`,
    });
  }
  return id;
}

export function refError(store: Store, field: string, kind: 'organization' | 'person', id: string | null): FieldErrors {
  if (id === null) return {};
  const exists = kind === 'person' ? store.people.findById(id) : store.organizations.findById(id);
  return exists ? {} : { [field]: `No ${kind} with the id “${id}”` };
}

/** Creates or updates a slug-id entity: the id comes from the form (new) or the URL (edit). */
export function slugWrite<Row extends { id: string }>(
  given: string | null,
  name: string,
  existingId: string | null,
  exists: (id: string) => boolean,
  upsert: (row: Row) => unknown,
  row: Omit<Row, 'id'>,
): string {
  const id = existingId ?? newIdOrRefuse(given, name, exists);
  upsert({ ...row, id } as Row);
  return id;
}

/** Thrown from a write to undo the transaction and show field messages. */
export class EntityRefusal extends Error {
  constructor(readonly errors: FieldErrors) {
    super('entity form refused');
  }
}

export const personForm = z.object({
  id: idSchema,
  name: requiredText(300, 'Enter the person’s full name as sources give it'),
  sort_name: optionalText(300),
});

export const organizationForm = z.object({
  id: idSchema,
  name: requiredText(300, 'Enter the organization’s name'),
  classification: optionalText(100),
  state: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().toUpperCase()) : v),
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'Enter a two-letter state code such as CA')
      .nullable()
      .default(null),
  ),
  ocd_id: optionalText(300).superRefine(refineOcdId),
});

export const meetingForm = z.object({
  id: idSchema,
  title: requiredText(500, 'Enter the meeting’s title'),
  body_id: optionalRef,
  date: optionalPartialDate,
  location: optionalText(500),
});

export const measureForm = z.object({
  id: idSchema,
  title: requiredText(500, 'Enter the measure’s title'),
  body_id: optionalRef,
  description: optionalText(5000),
  outcome: optionalText(1000),
  decided_on: optionalPartialDate,
});

const httpUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
  z
    .url({ protocol: /^https?$/, error: 'Enter a full http(s) address, such as https://example.org/article' })
    .nullable()
    .default(null),
);

export const sourceForm = z
  .object({
    id: idSchema,
    type: z.enum(SOURCE_TYPES, { error: `Choose the kind of source` }),
    title: optionalText(1000),
    outlet: optionalText(300),
    author: optionalText(300),
    url: httpUrl,
    published_on: optionalPartialDate,
    retrieved_on: optionalPartialDate,
    // Stored text is kept exactly as pasted (offsets point into it); only an all-blank box means "none".
    text: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.replace(/\r\n/g, '\n') : v),
      z.string().max(2_000_000, 'Use at most 2,000,000 characters').nullable().default(null),
    ),
  })
  .refine((s) => s.id !== null || s.title !== null || s.url !== null, {
    path: ['title'],
    message: 'Give a title (or a URL) so the source can be found',
  });

export const membershipForm = z.object({
  person_id: requiredText(64, 'Choose the person'),
  organization_id: optionalRef,
  role: optionalText(500),
  role_category: optionalChoice(ROLE_CATEGORIES, 'Choose a role category from the list'),
  start_date: optionalPartialDate,
  end_date: optionalPartialDate,
});
