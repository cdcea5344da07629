import type { Store } from '../store.js';
import type { Statement } from '../archive.types.js';
import { snapshotStatement } from '../statement.snapshot.js';
import type { OrganizationRow, SourceRow } from '../catalog.repository.js';
import type { StatementRow, StatementSourceRow } from '../statement.repository.js';
import type { UpsertOutcome } from '../upsert.sql.js';
import { findVerbatim, isVerbatimAt } from '../verbatim.js';
import { createEntityMatchRepository } from './entity-match.repository.js';
import { SEEDED_AT } from '../meta.repository.js';
import {
  archivedStatementInput, describeIssue, measureInput, meetingInput, membershipInput, organizationInput, personInput,
  sourceInput, statementInput, topicInput,
  type ArchivedStatementInput, type MeasureInput, type MeetingInput, type MembershipInput, type OrganizationInput,
  type PersonInput, type SourceInput, type StatementInput, type TopicInput,
} from './import.schema.js';
import { ImportError, type ImportProblem } from './import.errors.js';
import { precisionOf } from '../domain/partial-date.js';
import { slugify, sortNameOf } from '../domain/names.js';
import { deriveStatementId } from '../domain/statement-id.js';

export interface ImportRecord {
  /** Where the record stands in its file: line (NDJSON, CSV) or position (JSON array), from 1. */
  row: number;
  value: unknown;
}

/** Statements, plus entities that no statement refers to yet (a measure before anyone spoke on it). */
export interface ImportInput {
  topics?: ImportRecord[];
  organizations?: ImportRecord[];
  people?: ImportRecord[];
  memberships?: ImportRecord[];
  measures?: ImportRecord[];
  meetings?: ImportRecord[];
  sources?: ImportRecord[];
  statements: ImportRecord[];
  /** How the file names a field in a problem: a CSV reports its column, not the record's path. */
  fieldName?: (field: string) => string;
  /** What the file calls each list, put before a problem's field ("speeches.creator_id"), where lists share row numbers. */
  labels?: Partial<Record<ImportList, string>>;
  /**
   * The format cannot say everything about a statement (CSV: no further sources, often no
   * positions or language). For a statement already stored, what a record leaves out is kept:
   * its further sources, a position its row leaves empty, and its language.
   */
  flat?: boolean;
  /**
   * A whole archive (the Popolo export): statements also carry their status, corrections and
   * provenance, and memberships are stated on their own, not derived from each speaker's role.
   * A retraction or a correction in the file is applied; one already stored is never undone.
   */
  archive?: { seededAt: string | null };
}

export type ImportList = 'topics' | 'organizations' | 'people' | 'memberships' | 'measures' | 'meetings' | 'sources' | 'statements';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export const ENTITY_KINDS = ['people', 'organizations', 'memberships', 'measures', 'meetings', 'sources'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface ImportSummary {
  statements: ImportCounts;
  /** The file's top-level `sources` records. */
  sources: ImportCounts;
  /** Every entity the file named, nested or not, counted once per id. */
  entities: Record<EntityKind, ImportCounts>;
  dryRun: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** How new statements entered the archive, and by whom (a curator's name or the file's). */
  provenance?: { via: 'seed' | 'typed' | 'imported' | 'extracted'; by: string | null };
  onProgress?: (done: number, total: number) => void;
  /**
   * Write a revision ('import', by the provenance's name, before and after) for every statement
   * the file creates or changes, in the same transaction. Callers that record their own
   * revision (the editing forms, the review queue) leave this off.
   */
  recordRevisions?: boolean;
}

const MAX_REPORTED_PROBLEMS = 20;

class DryRunRollback extends Error {}

/**
 * Imports statements (and, optionally, sources with their stored text) as one transaction:
 * every record is validated first, and one bad record imports nothing.
 */
export function importArchive(
  store: Store,
  input: ImportInput,
  options: ImportOptions = {},
): ImportSummary {
  const rename = input.fieldName;
  try {
    return runImport(store, input, options);
  } catch (error) {
    if (error instanceof ImportError && rename) {
      throw new ImportError(error.problems.map((p) => ({ ...p, field: rename(p.field) })));
    }
    throw error;
  }
}

function runImport(store: Store, input: ImportInput, options: ImportOptions): ImportSummary {
  const problems: ImportProblem[] = [];
  const archive = input.archive;
  const labels = input.labels ?? {};
  const topics = validate(input.topics ?? [], topicInput, problems, labels.topics);
  const organizations = validate(input.organizations ?? [], organizationInput, problems, labels.organizations);
  const people = validate(input.people ?? [], personInput, problems, labels.people);
  const memberships = validate(input.memberships ?? [], membershipInput, problems, labels.memberships);
  const measures = validate(input.measures ?? [], measureInput, problems, labels.measures);
  const meetings = validate(input.meetings ?? [], meetingInput, problems, labels.meetings);
  const sources = validate(input.sources ?? [], sourceInput, problems, labels.sources);
  const statements: { row: number; value: StatementInput | ArchivedStatementInput }[] = archive
    ? validate(input.statements, archivedStatementInput, problems, labels.statements)
    : validate(input.statements, statementInput, problems, labels.statements);
  const raw = new Map(input.statements.map((r) => [r.row, r.value]));
  if (problems.length > 0) throw new ImportError(problems.slice(0, MAX_REPORTED_PROBLEMS));

  const summary: ImportSummary = {
    statements: { created: 0, updated: 0, unchanged: 0 },
    sources: { created: 0, updated: 0, unchanged: 0 },
    entities: emptyEntityCounts(),
    dryRun: options.dryRun === true,
  };
  const touched = new Map<string, UpsertOutcome>();
  const resolver = createResolver(store, { deriveMemberships: archive === undefined }, (kind, id, outcome) => {
    // One count per entity: a record created on one row and met again later stays "created".
    const key = `${kind}\n${id}`;
    const before = touched.get(key);
    if (before === undefined || OUTCOME_RANK[outcome] > OUTCOME_RANK[before]) touched.set(key, outcome);
  });
  const seenIds = new Map<string, number>();
  try {
    store.transaction(() => {
      for (const { row, value } of topics) withRow(row, () => resolver.topic(value), labels.topics);
      for (const { row, value } of organizations) withRow(row, () => resolver.organization(value, 'organization'), labels.organizations);
      for (const { row, value } of people) withRow(row, () => resolver.person(value), labels.people);
      for (const { row, value } of memberships) withRow(row, () => resolver.membership(value), labels.memberships);
      for (const { row, value } of measures) withRow(row, () => resolver.measure(value), labels.measures);
      for (const { row, value } of meetings) withRow(row, () => resolver.meeting(value), labels.meetings);
      for (const { row, value } of sources) {
        withRow(row, () => count(summary.sources, resolver.source(value, 'source')), labels.sources);
      }
      statements.forEach(({ row, value }, index) => {
        withRow(row, () => {
          const given = input.flat ? statedFields(raw.get(row)) : undefined;
          const saved = resolver.statement(value, seenIds, row, given, options.recordRevisions === true);
          const { id, before } = saved;
          let { outcome } = saved;
          const archived = 'status' in value ? value : null;
          const provenance = archived?.provenance ?? options.provenance ?? { via: 'imported', by: null };
          if (outcome === 'created') store.curation.setProvenance(id, provenance.via, provenance.by);
          if (archived && applyArchivedState(store, id, archived) && outcome === 'unchanged') outcome = 'updated';
          if (options.recordRevisions && outcome !== 'unchanged') {
            const after = store.statements.findById(id);
            store.curation.recordRevision({
              entity_type: 'statement', entity_id: id, action: 'import', user_name: provenance.by,
              before_json: before ? JSON.stringify(snapshotStatement(before)) : null,
              after_json: after ? JSON.stringify(snapshotStatement(after)) : null,
            });
          }
          count(summary.statements, outcome);
        }, labels.statements);
        options.onProgress?.(index + 1, statements.length);
      });
      // An archive that was seeded must not get the seed again when the app first opens it.
      if (archive?.seededAt && store.meta.get(SEEDED_AT) === undefined) store.meta.set(SEEDED_AT, archive.seededAt);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  for (const [key, outcome] of touched) summary.entities[key.split('\n')[0] as EntityKind][outcome] += 1;
  return summary;
}

/**
 * A statement's retraction and corrections as the archive file states them. Applies a retraction
 * and adds the corrections not yet stored; never un-retracts or removes a correction (a curator's
 * act stands). True when it changed anything.
 */
function applyArchivedState(store: Store, id: string, archived: ArchivedStatementInput): boolean {
  let changed = false;
  if (archived.status === 'retracted') {
    changed = store.admin.retractStatement(id, archived.retraction_reason as string, archived.retracted_on as string);
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
      store.admin.addCorrection(id, correction.date, correction.note);
      changed = true;
    }
  }
  return changed;
}

const OUTCOME_RANK: Record<UpsertOutcome, number> = { unchanged: 0, updated: 1, created: 2 };

function emptyEntityCounts(): Record<EntityKind, ImportCounts> {
  return Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, { created: 0, updated: 0, unchanged: 0 }])) as Record<EntityKind, ImportCounts>;
}

/** The fields a flat record actually filled, before the schema's defaults. */
function statedFields(value: unknown): Set<string> {
  return new Set(value && typeof value === 'object' ? Object.keys(value) : []);
}

function validate<T>(
  records: ImportRecord[],
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof describeIssue>[0][] } } },
  problems: ImportProblem[],
  label?: string,
): { row: number; value: T }[] {
  const valid: { row: number; value: T }[] = [];
  for (const record of records) {
    const result = schema.safeParse(record.value);
    if (result.success) valid.push({ row: record.row, value: result.data });
    else {
      for (const issue of result.error.issues) {
        const { field, message } = describeIssue(issue);
        problems.push({ row: record.row, field: labelled(field, label), message });
      }
    }
  }
  return valid;
}

class RecordProblem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** "speeches.creator_id" where the file's lists share row numbers; the bare field otherwise. */
function labelled(field: string, label: string | undefined): string {
  if (label === undefined) return field;
  return field === '(record)' ? label : `${label}.${field}`;
}

function withRow(row: number, fn: () => void, label?: string): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof RecordProblem) throw new ImportError([{ row, field: labelled(error.field, label), message: error.message }]);
    throw error;
  }
}

function count(counts: ImportCounts, outcome: UpsertOutcome): void {
  counts[outcome] += 1;
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

type OnEntity = (kind: EntityKind, id: string, outcome: UpsertOutcome) => void;

function createResolver(store: Store, options: { deriveMemberships: boolean }, onEntity: OnEntity) {
  const { catalog, statements } = store;
  const match = createEntityMatchRepository(store.db);
  const knownTopics = new Set(catalog.listTopicSlugs());

  function topic(input: TopicInput): void {
    catalog.upsertTopic({ slug: input.slug, label: input.label, description: input.description });
    knownTopics.add(input.slug);
  }

  function person(input: PersonInput): void {
    const existing = catalog.findPerson(input.id);
    onEntity('people', input.id, catalog.upsertPerson({
      id: input.id, name: input.name, sort_name: input.sort_name ?? existing?.sort_name ?? sortNameOf(input.name),
    }));
  }

  /** A membership is one person, organization and role wording; the file states its dates and category. */
  function membership(input: MembershipInput): void {
    if (!catalog.findPerson(input.person_id)) throw new RecordProblem('person_id', `unknown person "${input.person_id}"`);
    if (input.organization_id !== null && !catalog.findOrganization(input.organization_id)) {
      throw new RecordProblem('organization_id', `unknown organization "${input.organization_id}"`);
    }
    const key = `${input.person_id}\n${input.organization_id ?? ''}\n${input.role ?? ''}`;
    const storedId = store.admin.findMembershipId(input);
    if (storedId === undefined) {
      store.admin.insertMembership(input);
      onEntity('memberships', key, 'created');
      return;
    }
    const stored = store.admin.findMembership(storedId);
    const same = stored !== undefined && stored.role_category === input.role_category
      && stored.start_date === input.start_date && stored.end_date === input.end_date;
    if (!same) store.admin.updateMembership(storedId, input);
    onEntity('memberships', key, same ? 'unchanged' : 'updated');
  }

  function organization(input: OrganizationInput, field: string): string {
    const id = input.id ?? match.findOrganizationIdByName(input.name as string) ?? slugify(input.name as string);
    const existing = catalog.findOrganization(id);
    if (input.name === undefined) {
      if (!existing) throw new RecordProblem(`${field}.id`, `unknown organization "${id}"`);
      onEntity('organizations', id, 'unchanged');
      return id;
    }
    const given: OrganizationRow = {
      id, name: input.name, classification: input.classification, state: input.state, ocd_id: input.ocd_id,
    };
    onEntity('organizations', id, catalog.upsertOrganization(pick(merge(existing, given), ['id', 'name', 'classification', 'state', 'ocd_id'])));
    return id;
  }

  function source(input: SourceInput, field: string): UpsertOutcome {
    return upsertSource(input, field).outcome;
  }

  function upsertSource(input: SourceInput, field: string): { id: string; outcome: UpsertOutcome } {
    const id = input.id ?? match.findSourceId(input) ?? slugify(input.title ?? input.url ?? '');
    const existing = catalog.findSource(id);
    const onlyReference = input.type === undefined && input.title === null && input.url === null && input.text === null;
    if (onlyReference) {
      if (!existing) throw new RecordProblem(`${field}.id`, `unknown source "${id}"`);
      onEntity('sources', id, 'unchanged');
      return { id, outcome: 'unchanged' };
    }
    const type = input.type ?? existing?.type;
    if (!type) throw new RecordProblem(`${field}.type`, 'is required for a new source');
    const given: SourceRow = {
      id, type, title: input.title, outlet: input.outlet, author: input.author, url: input.url,
      published_on: input.published_on, published_on_precision: precisionOf(input.published_on),
      retrieved_on: input.retrieved_on, text: input.text,
    };
    const row = merge(existing, given);
    row.published_on_precision = precisionOf(row.published_on);
    const outcome = catalog.upsertSource(pick(row, [
      'id', 'type', 'title', 'outlet', 'author', 'url', 'published_on', 'published_on_precision', 'retrieved_on', 'text',
    ]));
    onEntity('sources', id, outcome);
    return { id, outcome };
  }

  function speaker(input: StatementInput['speaker']): { personId: string | null; orgId: string | null; organizationId: string | null } {
    const organizationId = input.organization ? organization(input.organization, 'speaker.organization') : null;
    // Speaker ids name a person or an organization (facets list both together). The CSV export
    // has no speaker type, so an id that is only an organization's is that organization.
    const isOrganization = input.type === 'organization' || (input.id !== undefined
      && catalog.findPerson(input.id) === undefined && catalog.findOrganization(input.id) !== undefined);
    if (isOrganization) {
      const orgId = organization({ id: input.id, name: input.name, classification: null, state: null, ocd_id: null }, 'speaker');
      return { personId: null, orgId, organizationId };
    }
    const id = input.id ?? slugify(input.name as string);
    const existing = catalog.findPerson(id);
    if (input.name === undefined) {
      if (!existing) throw new RecordProblem('speaker.id', `unknown speaker "${id}"`);
      onEntity('people', id, 'unchanged');
    } else {
      onEntity('people', id, catalog.upsertPerson({ id, name: input.name, sort_name: input.sort_name ?? existing?.sort_name ?? sortNameOf(input.name) }));
    }
    if (options.deriveMemberships && (input.role !== null || organizationId !== null)) {
      catalog.ensureMembership({
        person_id: id, organization_id: organizationId, role: input.role, role_category: input.role_category,
        start_date: null, end_date: null,
      });
    }
    return { personId: id, orgId: null, organizationId };
  }

  function measure(input: MeasureInput): string {
    const id = input.id ?? slugify(input.title as string);
    const existing = catalog.findMeasure(id);
    if (input.title === undefined) {
      if (!existing) throw new RecordProblem('measure.id', `unknown measure "${id}"`);
      onEntity('measures', id, 'unchanged');
      return id;
    }
    const bodyId = input.body ? organization(input.body, 'measure.body') : null;
    const row = merge(existing, {
      id, title: input.title, body_id: bodyId, description: input.description, outcome: input.outcome,
      decided_on: input.decided_on, decided_on_precision: precisionOf(input.decided_on),
    });
    row.decided_on_precision = precisionOf(row.decided_on);
    onEntity('measures', id, catalog.upsertMeasure(pick(row, ['id', 'title', 'body_id', 'description', 'outcome', 'decided_on', 'decided_on_precision'])));
    return id;
  }

  function meeting(input: MeetingInput): string {
    const id = input.id ?? slugify(input.title as string);
    const existing = catalog.findMeeting(id);
    if (input.title === undefined) {
      if (!existing) throw new RecordProblem('meeting.id', `unknown meeting "${id}"`);
      onEntity('meetings', id, 'unchanged');
      return id;
    }
    const bodyId = input.body ? organization(input.body, 'meeting.body') : null;
    const row = merge(existing, {
      id, title: input.title, body_id: bodyId, date: input.date, date_precision: precisionOf(input.date),
      location: input.location,
    });
    row.date_precision = precisionOf(row.date);
    onEntity('meetings', id, catalog.upsertMeeting(pick(row, ['id', 'title', 'body_id', 'date', 'date_precision', 'location'])));
    return id;
  }

  /** Locates the words in the source's stored text; a quote found there is verified. */
  function locate(text: string, sourceId: string, given: StatementInput['position']): { link: StatementSourceRow; found: boolean } {
    const sourceText = catalog.findSource(sourceId)?.text ?? null;
    const base: StatementSourceRow = {
      source_id: sourceId, char_start: given?.char_start ?? null, char_end: given?.char_end ?? null,
      time_start: given?.time_start ?? null, time_end: given?.time_end ?? null,
    };
    if (sourceText === null) return { link: base, found: false };
    if (base.char_start !== null && base.char_end !== null
      && isVerbatimAt(text, sourceText, { char_start: base.char_start, char_end: base.char_end })) {
      return { link: base, found: true };
    }
    const span = findVerbatim(text, sourceText, base.char_start ?? undefined);
    if (!span) return { link: base, found: false };
    return { link: { ...base, ...span }, found: true };
  }

  function statement(
    input: StatementInput, seenIds: Map<string, number>, row: number, stated?: Set<string>, keepBefore = false,
  ): { id: string; outcome: UpsertOutcome; before: Statement | undefined } {
    const who = speaker(input.speaker);
    const sourceId = input.source ? upsertSource(input.source, 'source').id : null;
    const id = input.id ?? deriveStatementId({ speakerId: (who.personId ?? who.orgId) as string, text: input.text, sourceId });
    const firstRow = seenIds.get(id);
    if (firstRow !== undefined) throw new RecordProblem('id', `duplicate id "${id}" (also on row ${firstRow})`);
    seenIds.set(id, row);

    for (const slug of input.topics) {
      if (!knownTopics.has(slug)) throw new RecordProblem('topics', `unknown topic "${slug}" (see data/topics.json)`);
    }
    const previous = stated || keepBefore ? statements.findById(id) : undefined;
    // Only a flat record (CSV) keeps what it leaves out; other formats say everything.
    const stored = stated ? previous : undefined;
    const links: StatementSourceRow[] = [];
    let verified = false;
    if (sourceId) {
      const keptPosition = stored && !stated?.has('position') && stored.source?.id === sourceId ? stored.position : null;
      const primary = locate(input.text, sourceId, input.position ?? keptPosition);
      links.push(primary.link);
      verified = primary.found;
    }
    input.also_in.forEach((other, i) => {
      const otherId = upsertSource(other.source, `also_in.${i}.source`).id;
      if (otherId === sourceId || links.some((l) => l.source_id === otherId)) return;
      links.push(locate(input.text, otherId, other.position).link);
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
      measure_id: input.measure ? measure(input.measure) : null,
      stance: input.stance,
      meeting_id: input.meeting ? meeting(input.meeting) : null,
      said_on: input.said_on,
      said_on_precision: precisionOf(input.said_on),
      context: input.context,
      language: stored && !stated?.has('language') ? stored.language : input.language,
      verified: verified ? 1 : 0,
    };
    return { id, outcome: statements.saveStatement(statementRow, links, input.topics), before: previous };
  }

  return { statement, source, organization, measure, meeting, topic, person, membership };
}
