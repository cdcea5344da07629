import type { FindingListEntry } from '../../data/finding-list.sql.js';
import { toMeasureRow } from '../../data/measure.repository.js';
import { toMeetingRow } from '../../data/meeting.repository.js';
import { toMembershipRow } from '../../data/membership.repository.js';
import type { EmbeddedEntity } from '../../data/outbox.repository.js';
import type { Store } from '../../data/store.js';
import { type FieldSpec, type FormValues } from './admin-form.js';
import { precisionOf } from '../../data/domain/partial-date.js';
import { sortNameOf } from '../../data/domain/names.js';

import {
  CLASSIFICATION_OPTIONS,
  DATE_HINT,
  EntityRefusal,
  idField,
  measureForm,
  meetingForm,
  membershipForm,
  organizationForm,
  personForm,
  prepareWith,
  refError,
  ROLE_CATEGORY_OPTIONS,
  slugWrite,
  SOURCE_TYPE_OPTIONS,
  sourceForm,
  type PreparedWrite,
} from './entity-forms.js';
export type { PreparedWrite } from './entity-forms.js';

// The six kinds of entity a statement refers to, described once: their fields, how a form
// is validated, how a row is read and written, and which statements carry their names into
// search. One set of routes, views and a service serve all of them.

export type EntityType = EmbeddedEntity | 'membership';

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
      {
        name: 'ocd_id',
        label: 'Open Civic Data id',
        hint:
          'For a district, where known, as the official list has it, e.g. ' +
          'ocd-division/country:us/state:ca/county:san_joaquin/school_district:stockton_unified.',
      },
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
