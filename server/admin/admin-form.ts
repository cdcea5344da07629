import { z } from 'zod';
import { isRealDate, PARTIAL_DATE_FORMAT, PARTIAL_DATE_PATTERN } from '../../data/domain/partial-date.js';

// Shared by every curator form: reading submitted values, zod helpers for fields typed into
// <input>s (where "empty" means "not given"), and the view of one field with its error.

/** What a form submitted, as typed: strings, or lists for repeated names (checkboxes). */
export type FormValues = Record<string, string | string[]>;
/** One message per field name; '' holds a problem with the form as a whole. */
export type FieldErrors = Record<string, string>;

/** Keeps only the named fields, as strings or lists of strings, so a view can show them back. */
export function readFormValues(body: unknown, names: readonly string[]): FormValues {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const name of names) {
    const value = source[name];
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

/** The first message for each field, by the field's name (the first segment of the path). */
export function toFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    errors[field] ??= issue.message;
  }
  return errors;
}

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** Required text: trimmed, not empty, bounded. */
export const requiredText = (max: number, empty = 'Enter a value') =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(max, `Use at most ${max.toLocaleString('en-US')} characters`);

/** Optional text: an empty box is "not given" (null). */
export const optionalText = (max: number) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(max, `Use at most ${max.toLocaleString('en-US')} characters`)
      .nullable()
      .default(null),
  );

/** An optional choice among fixed values (empty = not given). */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(blankToNull, z.enum(values, { error: message }).nullable().default(null));

/** An optional reference to an existing id, checked for existence by the caller. */
/** A multi-select as a list: absent is none, one value arrives bare, several as an array. */
export const listOfValues = <T extends z.ZodType>(list: T) =>
  z.preprocess((v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), list);

export const optionalRef = z.preprocess(blankToNull, z.string().trim().max(64).nullable().default(null));

const DATE_MESSAGE = `Enter a date as ${PARTIAL_DATE_FORMAT}, or leave it empty if unknown`;

/** YYYY, YYYY-MM or YYYY-MM-DD; empty means the date is unknown. */
export const optionalPartialDate = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .regex(PARTIAL_DATE_PATTERN, DATE_MESSAGE)
    .refine(isRealDate, 'This is not a real calendar date')
    .nullable()
    .default(null),
);

/** A whole day, YYYY-MM-DD, required. */
export const requiredDay = z
  .string({ error: 'Enter a date as YYYY-MM-DD' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD')
  .refine(isRealDate, 'This is not a real calendar date');

/** An optional non-negative number (offsets in characters, or seconds). */
export const optionalNumber = (integer: boolean) =>
  z.preprocess(
    (value) => {
      const blank = blankToNull(value);
      return typeof blank === 'string' ? Number(blank.trim()) : blank;
    },
    (integer ? z.number({ error: 'Enter a whole number' }).int('Enter a whole number') : z.number({ error: 'Enter a number' }))
      .nonnegative('Must not be negative')
      .nullable()
      .default(null),
  );

/** The list above a refused form: each field's message, linked to the field; a form-wide one first. */
export function toErrorSummary(fields: FieldView[], errors: FieldErrors, anchor = '#main'): { text: string; href: string }[] {
  const summary = fields.filter((f) => f.error).map((f) => ({ text: `${f.label}: ${f.error}`, href: `#${f.id}` }));
  if (errors['']) summary.unshift({ text: errors[''], href: anchor });
  return summary;
}

/** Today as YYYY-MM-DD (UTC), the default date of a correction. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface OptionView {
  value: string;
  label: string;
  selected: boolean;
  /** For checkboxes: the element id its label points to. */
  id: string;
}

/** Everything a template needs to print one labelled control with its hint and error. */
export interface FieldView {
  id: string;
  name: string;
  label: string;
  control: 'input' | 'textarea' | 'select' | 'checkboxes';
  type: string;
  value: string;
  options: OptionView[];
  hint: string | null;
  hintId: string;
  error: string | null;
  errorId: string;
  /** The ids of the hint and error, for aria-describedby (null when there are none). */
  describedBy: string | null;
  required: boolean;
  readonly: boolean;
  listId: string | null;
  rows: number;
  inputmode: string | null;
}

export interface FieldSpec {
  name: string;
  label: string;
  control?: FieldView['control'];
  type?: string;
  hint?: string;
  required?: boolean;
  readonly?: boolean;
  listId?: string;
  rows?: number;
  inputmode?: string;
  /** For select and checkboxes: the choices (a select gets a leading empty choice unless required). */
  options?: readonly { value: string; label: string }[];
  /** The label of the empty choice of an optional select. */
  emptyLabel?: string;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** One field's view from its spec, the submitted (or stored) values and the errors. */
export function toFieldView(formId: string, spec: FieldSpec, values: FormValues, errors: FieldErrors): FieldView {
  const id = `${formId}-${spec.name.replace(/_/g, '-')}`;
  const control = spec.control ?? 'input';
  const raw = values[spec.name];
  const value = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
  const chosen = new Set(asList(raw));
  const error = errors[spec.name] ?? null;
  const hint = spec.hint ?? null;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || null;
  let options: OptionView[] = [];
  if (spec.options) {
    const choices =
      control === 'select' && !spec.required
        ? [{ value: '', label: spec.emptyLabel ?? '— not given —' }, ...spec.options]
        : spec.options;
    options = choices.map((option, i) => ({
      value: option.value,
      label: option.label,
      selected: control === 'checkboxes' ? chosen.has(option.value) : option.value === value,
      id: `${id}-${i}`,
    }));
  }
  return {
    id,
    name: spec.name,
    label: spec.label,
    control,
    type: spec.type ?? 'text',
    value,
    options,
    hint,
    hintId,
    error,
    errorId,
    describedBy,
    required: spec.required ?? false,
    readonly: spec.readonly ?? false,
    listId: spec.listId ?? null,
    rows: spec.rows ?? 4,
    inputmode: spec.inputmode ?? null,
  };
}

/** Form values from stored data: null and undefined become empty boxes, numbers become text. */
export function toFormValues(record: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined) values[key] = '';
    else if (Array.isArray(value)) values[key] = value.map(String);
    // Stored values are text, numbers or JSON: a number's JSON is its digits.
    else values[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return values;
}

/**
 * The version an edit form was loaded from (its hidden `version` field), for the save's
 * optimistic concurrency check; null when the form did not carry one.
 */
export function readFormVersion(body: unknown): number | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).version : undefined;
  return typeof value === 'string' && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : null;
}

export const MISSING_VERSION_MESSAGE =
  'This form did not say which version it was loaded from, so it could undo someone else’s changes. ' +
  'Nothing was saved: reload the page and make your changes again.';
