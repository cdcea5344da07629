import { slugify, sortNameOf } from '../../../data/domain/names.js';
import { precisionOf } from '../../../data/domain/partial-date.js';
import type { EntityKind } from '../../../data/import/import.plan.js';
import type {
  MeasureInput,
  MeetingInput,
  MembershipInput,
  OrganizationInput,
  PersonInput,
  SourceInput,
  StatementInput,
  TopicInput,
} from '../../../data/import/import.schema.js';
import { toMeasureRow } from '../../../data/measure.repository.js';
import { toMeetingRow } from '../../../data/meeting.repository.js';
import type { OrganizationRow } from '../../../data/organization.repository.js';
import { SOURCE_COLUMNS, type SourceRow } from '../../../data/source.repository.js';
import type { Store } from '../../../data/store.js';
import type { UpsertOutcome } from '../../../data/upsert.sql.js';

// Entity resolution: one function per kind, each finding or writing one record the plan names
// (by id, or by the name a file gives it) and reporting what it did to the context's counter.

/** What every resolver reads and reports to, for one run of a plan. */
export interface ResolveContext {
  store: Store;
  /** Topic slugs known so far: stored ones, and those the plan adds. */
  knownTopics: Set<string>;
  /** Derive a membership from each speaker's role (every format but a whole archive, which states them). */
  deriveMemberships: boolean;
  /** Statement ids the plan met so far, with the row that gave each: a second one is a duplicate. */
  seenIds: { get(id: string): number | undefined; set(id: string, row: number): void };
  onEntity: (kind: EntityKind, id: string, outcome: UpsertOutcome) => void;
}

export function createResolveContext(
  store: Store,
  options: Pick<ResolveContext, 'deriveMemberships' | 'onEntity'>,
): ResolveContext {
  return {
    store,
    knownTopics: new Set(store.topics.listSlugs()),
    // In a TEMP table, not a Map: a million ids would not fit the memory an import may use.
    seenIds: {
      get: (id) => store.importStaging.rowOfId(id),
      set: (id, row) => store.importStaging.seeId(id, row),
    },
    ...options,
  };
}

/** A record the plan names that cannot be written: reported at the record's row and this field. */
export class RecordProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Keeps what is stored where the input says nothing, so a partial mention never erases a fact. */
function merge<T extends object>(existing: T | undefined, given: T): T {
  if (!existing) return given;
  const merged = { ...existing } as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) if (value !== null && value !== undefined) merged[key] = value;
  return merged as T;
}

function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = row[key];
  return out;
}

export function resolveTopic(ctx: ResolveContext, input: TopicInput): void {
  ctx.store.topics.upsert({ slug: input.slug, label: input.label, description: input.description });
  ctx.knownTopics.add(input.slug);
}

export function resolvePerson(ctx: ResolveContext, input: PersonInput): void {
  const { people } = ctx.store;
  const existing = people.findById(input.id);
  ctx.onEntity(
    'people',
    input.id,
    people.upsert({
      id: input.id,
      name: input.name,
      sort_name: input.sort_name ?? existing?.sort_name ?? sortNameOf(input.name),
    }),
  );
}

/** A membership is one person, organization and role wording; the file states its dates and category. */
export function resolveMembership(ctx: ResolveContext, input: MembershipInput): void {
  const { people, organizations, memberships } = ctx.store;
  if (!people.findById(input.person_id)) throw new RecordProblem('person_id', `unknown person "${input.person_id}"`);
  if (input.organization_id !== null && !organizations.findById(input.organization_id)) {
    throw new RecordProblem('organization_id', `unknown organization "${input.organization_id}"`);
  }
  const key = `${input.person_id}\n${input.organization_id ?? ''}\n${input.role ?? ''}`;
  const storedId = memberships.findId(input);
  if (storedId === undefined) {
    memberships.insert(input);
    ctx.onEntity('memberships', key, 'created');
    return;
  }
  const stored = memberships.findById(storedId);
  const same =
    stored !== undefined &&
    stored.role_category === input.role_category &&
    stored.start_date === input.start_date &&
    stored.end_date === input.end_date;
  if (!same) memberships.update(storedId, input);
  ctx.onEntity('memberships', key, same ? 'unchanged' : 'updated');
}

/** The organization's id; `field` names where the record mentions it, for a problem. */
export function resolveOrganization(ctx: ResolveContext, input: OrganizationInput, field: string): string {
  const { store } = ctx;
  const id = input.id ?? ctx.store.organizations.findIdByName(input.name as string) ?? slugify(input.name as string);
  const existing = store.organizations.findById(id);
  if (input.name === undefined) {
    if (!existing) throw new RecordProblem(`${field}.id`, `unknown organization "${id}"`);
    ctx.onEntity('organizations', id, 'unchanged');
    return id;
  }
  const given: OrganizationRow = {
    id,
    name: input.name,
    classification: input.classification,
    state: input.state,
    ocd_id: input.ocd_id,
  };
  ctx.onEntity(
    'organizations',
    id,
    store.organizations.upsert(pick(merge(existing, given), ['id', 'name', 'classification', 'state', 'ocd_id'])),
  );
  return id;
}

/** The source's id and what writing it did; a mention by id alone must name a stored source. */
export function resolveSource(ctx: ResolveContext, input: SourceInput, field: string): { id: string; outcome: UpsertOutcome } {
  const { store } = ctx;
  const id = input.id ?? ctx.store.sources.findIdByCitation(input) ?? slugify(input.title ?? input.url ?? '');
  const existing = store.sources.findWithText(id);
  const onlyReference = input.type === undefined && input.title === null && input.url === null && input.text === null;
  if (onlyReference) {
    if (!existing) throw new RecordProblem(`${field}.id`, `unknown source "${id}"`);
    ctx.onEntity('sources', id, 'unchanged');
    return { id, outcome: 'unchanged' };
  }
  const type = input.type ?? existing?.type;
  if (!type) throw new RecordProblem(`${field}.type`, 'is required for a new source');
  const given: SourceRow = {
    id,
    type,
    title: input.title,
    outlet: input.outlet,
    author: input.author,
    url: input.url,
    published_on: input.published_on,
    published_on_precision: precisionOf(input.published_on),
    retrieved_on: input.retrieved_on,
    text: input.text,
  };
  const row = merge(existing, given);
  row.published_on_precision = precisionOf(row.published_on);
  const outcome = store.sources.upsert(pick(row, SOURCE_COLUMNS));
  ctx.onEntity('sources', id, outcome);
  return { id, outcome };
}

export interface ResolvedSpeaker {
  personId: string | null;
  orgId: string | null;
  /** The organization the speaker spoke for. */
  organizationId: string | null;
}

export function resolveSpeaker(ctx: ResolveContext, input: StatementInput['speaker']): ResolvedSpeaker {
  const { store } = ctx;
  const organizationId = input.organization ? resolveOrganization(ctx, input.organization, 'speaker.organization') : null;
  // Speaker ids name a person or an organization (facets list both together). The CSV export
  // has no speaker type, so an id that is only an organization's is that organization.
  const isOrganization =
    input.type === 'organization' ||
    (input.id !== undefined &&
      store.people.findById(input.id) === undefined &&
      store.organizations.findById(input.id) !== undefined);
  if (isOrganization) {
    const orgId = resolveOrganization(
      ctx,
      { id: input.id, name: input.name, classification: null, state: null, ocd_id: null },
      'speaker',
    );
    return { personId: null, orgId, organizationId };
  }
  const id = input.id ?? slugify(input.name as string);
  const existing = store.people.findById(id);
  if (input.name === undefined) {
    if (!existing) throw new RecordProblem('speaker.id', `unknown speaker "${id}"`);
    ctx.onEntity('people', id, 'unchanged');
  } else {
    ctx.onEntity(
      'people',
      id,
      store.people.upsert({ id, name: input.name, sort_name: input.sort_name ?? existing?.sort_name ?? sortNameOf(input.name) }),
    );
  }
  if (ctx.deriveMemberships && (input.role !== null || organizationId !== null)) {
    store.memberships.ensure({
      person_id: id,
      organization_id: organizationId,
      role: input.role,
      role_category: input.role_category,
      start_date: null,
      end_date: null,
    });
  }
  return { personId: id, orgId: null, organizationId };
}

export function resolveMeasure(ctx: ResolveContext, input: MeasureInput): string {
  const { store } = ctx;
  const id = input.id ?? slugify(input.title as string);
  const found = store.measures.findById(id);
  const existing = found && toMeasureRow(found);
  if (input.title === undefined) {
    if (!existing) throw new RecordProblem('measure.id', `unknown measure "${id}"`);
    ctx.onEntity('measures', id, 'unchanged');
    return id;
  }
  const bodyId = input.body ? resolveOrganization(ctx, input.body, 'measure.body') : null;
  const row = merge(existing, {
    id,
    title: input.title,
    body_id: bodyId,
    description: input.description,
    outcome: input.outcome,
    decided_on: input.decided_on,
    decided_on_precision: precisionOf(input.decided_on),
  });
  row.decided_on_precision = precisionOf(row.decided_on);
  ctx.onEntity(
    'measures',
    id,
    store.measures.upsert(pick(row, ['id', 'title', 'body_id', 'description', 'outcome', 'decided_on', 'decided_on_precision'])),
  );
  return id;
}

export function resolveMeeting(ctx: ResolveContext, input: MeetingInput): string {
  const { store } = ctx;
  const id = input.id ?? slugify(input.title as string);
  const found = store.meetings.findById(id);
  const existing = found && toMeetingRow(found);
  if (input.title === undefined) {
    if (!existing) throw new RecordProblem('meeting.id', `unknown meeting "${id}"`);
    ctx.onEntity('meetings', id, 'unchanged');
    return id;
  }
  const bodyId = input.body ? resolveOrganization(ctx, input.body, 'meeting.body') : null;
  const row = merge(existing, {
    id,
    title: input.title,
    body_id: bodyId,
    date: input.date,
    date_precision: precisionOf(input.date),
    location: input.location,
  });
  row.date_precision = precisionOf(row.date);
  ctx.onEntity(
    'meetings',
    id,
    store.meetings.upsert(pick(row, ['id', 'title', 'body_id', 'date', 'date_precision', 'location'])),
  );
  return id;
}
