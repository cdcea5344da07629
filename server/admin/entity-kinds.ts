import { z } from 'zod';
import { ROLE_CATEGORIES, SOURCE_TYPES } from '../../data/archive.types.js';
import type { FindingListEntry } from '../../data/finding-list.sql.js';
import { toMeasureRow } from '../../data/measure.repository.js';
import { toMeetingRow } from '../../data/meeting.repository.js';
import { toMembershipRow } from '../../data/membership.repository.js';
import type { EmbeddedEntity } from '../../data/outbox.repository.js';
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
import { precisionOf } from '../../data/domain/partial-date.js';
import { slugify, sortNameOf } from '../../data/domain/names.js';
import { ROLE_CATEGORY_NAMES } from '../../data/domain/labels.js';

// The six kinds of entity a statement refers to, described once: their fields, how a form
// is validated, how a row is read and written, and which statements carry their names into
// search. One set of routes, views and a service serve all of them.

export type EntityType = EmbeddedEntity | 'membership';

/** What a kind's form yields once valid: a write to run inside the edit's transaction. */
export type PreparedWrite = { ok: true; write: (id: string | null) => string } | { ok: false; errors: FieldErrors };

export interface EntityKind {
  /** The revision's entity_type. */
  type: EntityType;
  /** The URL segment: /admin/<path>. */
  path: string;
  singular: string;
  plural: string;
  /** Whether a curator chooses the id (slug kinds) or the database numbers it (memberships). */
  hasSlugId: boolean;
  fields(store: Store): FieldSpec[];
  /** The stored row, without timestamps: the form's values and the revision's snapshot. */
  load(store: Store, id: string): Record<string, unknown> | undefined;
  list(store: Store, q: string): FindingListEntry[];
  /** Validates a submitted form and checks its references; the write returns the entity's id. */
  prepare(store: Store, values: FormValues): PreparedWrite;
}

const LIST_LIMIT = 200;
const OPTION_LIMIT = 5000;

// A stored entity as its form's values and its revision's snapshot: the table's columns, in the
// table's order (a revision's before_json compares byte for byte with earlier ones; see toMeetingRow).
const asValues = (entity: object | undefined): Record<string, unknown> | undefined => (entity ? { ...entity } : undefined);
const mapped = <T, U>(value: T | undefined, map: (value: T) => U): U | undefined =>
  value === undefined ? undefined : map(value);

/** The finding list of one kind: `q` matched against names and ids. */
function findForCurator(store: Store, kind: EntityType, q: string, limit: number): FindingListEntry[] {
  const finders = {
    person: store.people,
    organization: store.organizations,
    meeting: store.meetings,
    measure: store.measures,
    source: store.sources,
    membership: store.memberships,
  };
  return finders[kind].findForCurator(q, limit);
}

/** Choices for a select of existing entities, labelled by name with the id to tell twins apart. */
export function entityOptions(store: Store, kind: EntityType): { value: string; label: string }[] {
  return findForCurator(store, kind, '', OPTION_LIMIT).map((row) => ({ value: row.id, label: `${row.label} (${row.id})` }));
}

const ROLE_CATEGORY_OPTIONS = ROLE_CATEGORIES.map((value) => ({ value, label: ROLE_CATEGORY_NAMES[value] }));
const SOURCE_TYPE_OPTIONS = SOURCE_TYPES.map((value) => ({ value, label: value.replace('_', ' ') }));
const CLASSIFICATION_OPTIONS = ['district', 'board', 'police', 'union', 'school', 'coalition', 'outlet'].map((value) => ({
  value,
  label: value,
}));
const DATE_HINT = 'YYYY, YYYY-MM or YYYY-MM-DD; leave empty if the source does not give it.';
const ID_HINT = 'Short and permanent (letters, digits, - and _). Leave empty to derive it from the name.';

const idField: FieldSpec = { name: 'id', label: 'Id', hint: ID_HINT };
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
function prepareWith<S extends z.ZodType>(
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

function refError(store: Store, field: string, kind: 'organization' | 'person', id: string | null): FieldErrors {
  if (id === null) return {};
  const exists = kind === 'person' ? store.people.findById(id) : store.organizations.findById(id);
  return exists ? {} : { [field]: `No ${kind} with the id “${id}”` };
}

/** Creates or updates a slug-id entity: the id comes from the form (new) or the URL (edit). */
function slugWrite<Row extends { id: string }>(
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

const personForm = z.object({
  id: idSchema,
  name: requiredText(300, 'Enter the person’s full name as sources give it'),
  sort_name: optionalText(300),
});

const organizationForm = z.object({
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
  ocd_id: optionalText(300),
});

const meetingForm = z.object({
  id: idSchema,
  title: requiredText(500, 'Enter the meeting’s title'),
  body_id: optionalRef,
  date: optionalPartialDate,
  location: optionalText(500),
});

const measureForm = z.object({
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

const sourceForm = z
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

const membershipForm = z.object({
  person_id: requiredText(64, 'Choose the person'),
  organization_id: optionalRef,
  role: optionalText(500),
  role_category: optionalChoice(ROLE_CATEGORIES, 'Choose a role category from the list'),
  start_date: optionalPartialDate,
  end_date: optionalPartialDate,
});

export const ENTITY_KINDS: readonly EntityKind[] = [
  {
    type: 'person',
    path: 'people',
    singular: 'person',
    plural: 'People',
    hasSlugId: true,
    fields: () => [
      idField,
      { name: 'name', label: 'Full name', required: true },
      {
        name: 'sort_name',
        label: 'Sort name',
        hint: 'How lists sort the person, e.g. “Avery, Jordan”. Leave empty to derive it.',
      },
    ],
    load: (store, id) => asValues(store.people.findById(id)),
    list: (store, q) => findForCurator(store, 'person', q, LIST_LIMIT),
    prepare: (store, values) =>
      prepareWith(
        personForm,
        values,
        () => ({}),
        (data, existingId) =>
          slugWrite(data.id, data.name, existingId, (id) => store.people.findById(id) !== undefined, store.people.upsert, {
            name: data.name,
            sort_name: data.sort_name ?? sortNameOf(data.name),
          }),
      ),
  },
  {
    type: 'organization',
    path: 'organizations',
    singular: 'organization',
    plural: 'Organizations',
    hasSlugId: true,
    fields: () => [
      idField,
      { name: 'name', label: 'Name', required: true },
      {
        name: 'classification',
        label: 'Classification',
        listId: 'classification-options',
        options: CLASSIFICATION_OPTIONS,
        hint: 'district, board, police, union, school, coalition, outlet, …',
      },
      { name: 'state', label: 'State', hint: 'Two-letter code, e.g. CA.' },
      { name: 'ocd_id', label: 'Open Civic Data id', hint: 'For a district, where known: ocd-division/country:us/…' },
    ],
    load: (store, id) => asValues(store.organizations.findById(id)),
    list: (store, q) => findForCurator(store, 'organization', q, LIST_LIMIT),
    prepare: (store, values) =>
      prepareWith(
        organizationForm,
        values,
        () => ({}),
        (data, existingId) =>
          slugWrite(
            data.id,
            data.name,
            existingId,
            (id) => store.organizations.findById(id) !== undefined,
            store.organizations.upsert,
            { name: data.name, classification: data.classification, state: data.state, ocd_id: data.ocd_id },
          ),
      ),
  },
  {
    type: 'membership',
    path: 'memberships',
    singular: 'membership',
    plural: 'Memberships',
    hasSlugId: false,
    fields: (store) => [
      { name: 'person_id', label: 'Person', control: 'select', required: true, options: entityOptions(store, 'person') },
      { name: 'organization_id', label: 'Organization', control: 'select', options: entityOptions(store, 'organization') },
      { name: 'role', label: 'Role', hint: 'As the source words it, e.g. “principal of Pacific High School”.' },
      { name: 'role_category', label: 'Role category', control: 'select', options: ROLE_CATEGORY_OPTIONS },
      { name: 'start_date', label: 'From', hint: DATE_HINT },
      { name: 'end_date', label: 'Until', hint: DATE_HINT },
    ],
    load: (store, id) =>
      /^\d{1,15}$/.test(id) ? asValues(mapped(store.memberships.findById(Number(id)), toMembershipRow)) : undefined,
    list: (store, q) => findForCurator(store, 'membership', q, LIST_LIMIT),
    prepare: (store, values) =>
      prepareWith(
        membershipForm,
        values,
        (data) => ({
          ...refError(store, 'person_id', 'person', data.person_id),
          ...refError(store, 'organization_id', 'organization', data.organization_id),
        }),
        (data, existingId) => {
          const row = { ...data };
          const twin = store.memberships.findId(row);
          if (twin !== undefined && String(twin) !== existingId) {
            throw new EntityRefusal({ role: `This person already has this role in this organization (membership ${twin})` });
          }
          if (existingId === null) return String(store.memberships.insert(row));
          store.memberships.update(Number(existingId), row);
          return existingId;
        },
      ),
  },
  {
    type: 'meeting',
    path: 'meetings',
    singular: 'meeting',
    plural: 'Meetings',
    hasSlugId: true,
    fields: (store) => [
      idField,
      { name: 'title', label: 'Title', required: true },
      { name: 'body_id', label: 'Body (organization)', control: 'select', options: entityOptions(store, 'organization') },
      { name: 'date', label: 'Date', hint: DATE_HINT },
      { name: 'location', label: 'Location' },
    ],
    load: (store, id) => asValues(mapped(store.meetings.findById(id), toMeetingRow)),
    list: (store, q) => findForCurator(store, 'meeting', q, LIST_LIMIT),
    prepare: (store, values) =>
      prepareWith(
        meetingForm,
        values,
        (data) => refError(store, 'body_id', 'organization', data.body_id),
        (data, existingId) =>
          slugWrite(data.id, data.title, existingId, (id) => store.meetings.findById(id) !== undefined, store.meetings.upsert, {
            title: data.title,
            body_id: data.body_id,
            date: data.date,
            date_precision: precisionOf(data.date),
            location: data.location,
          }),
      ),
  },
  {
    type: 'measure',
    path: 'measures',
    singular: 'measure',
    plural: 'Measures',
    hasSlugId: true,
    fields: (store) => [
      idField,
      { name: 'title', label: 'Title', required: true },
      { name: 'body_id', label: 'Body (organization)', control: 'select', options: entityOptions(store, 'organization') },
      { name: 'description', label: 'Description', control: 'textarea' },
      { name: 'outcome', label: 'Outcome', hint: 'e.g. “Passed 5–2”; leave empty while undecided.' },
      { name: 'decided_on', label: 'Decided on', hint: DATE_HINT },
    ],
    load: (store, id) => asValues(mapped(store.measures.findById(id), toMeasureRow)),
    list: (store, q) => findForCurator(store, 'measure', q, LIST_LIMIT),
    prepare: (store, values) =>
      prepareWith(
        measureForm,
        values,
        (data) => refError(store, 'body_id', 'organization', data.body_id),
        (data, existingId) =>
          slugWrite(data.id, data.title, existingId, (id) => store.measures.findById(id) !== undefined, store.measures.upsert, {
            title: data.title,
            body_id: data.body_id,
            description: data.description,
            outcome: data.outcome,
            decided_on: data.decided_on,
            decided_on_precision: precisionOf(data.decided_on),
          }),
      ),
  },
  {
    type: 'source',
    path: 'sources',
    singular: 'source',
    plural: 'Sources',
    hasSlugId: true,
    fields: () => [
      idField,
      { name: 'type', label: 'Kind of source', control: 'select', required: true, options: SOURCE_TYPE_OPTIONS },
      { name: 'title', label: 'Title' },
      { name: 'outlet', label: 'Outlet' },
      { name: 'author', label: 'Author' },
      { name: 'url', label: 'URL', type: 'url' },
      { name: 'published_on', label: 'Published on', hint: DATE_HINT },
      { name: 'retrieved_on', label: 'Retrieved on', hint: DATE_HINT },
      {
        name: 'text',
        label: 'Stored text',
        control: 'textarea',
        rows: 14,
        hint: 'The passages that carry statements, exactly as published: quotes are checked word for word against this text.',
      },
    ],
    load: (store, id) => asValues(store.sources.findWithText(id)),
    list: (store, q) => findForCurator(store, 'source', q, LIST_LIMIT),
    prepare: (store, values) =>
      prepareWith(
        sourceForm,
        values,
        () => ({}),
        (data, existingId) =>
          slugWrite(
            data.id,
            data.title ?? data.url ?? '',
            existingId,
            (id) => store.sources.findById(id) !== undefined,
            store.sources.upsert,
            {
              type: data.type,
              title: data.title,
              outlet: data.outlet,
              author: data.author,
              url: data.url,
              published_on: data.published_on,
              published_on_precision: precisionOf(data.published_on),
              retrieved_on: data.retrieved_on,
              text: data.text,
            },
          ),
      ),
  },
];
