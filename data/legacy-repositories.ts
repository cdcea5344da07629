// TEMPORARY: deleted once services call the entity repositories (issue 11). The repositories as
// they were grouped by caller (catalog, browse, admin, curation, review, entity match), kept as
// thin facades over the entity repositories so callers keep working meanwhile. No SQL here; where
// an old method handed out a row shape that differs from the domain type, the facade converts.
// The old -> new table is in the hand-off note (notes/r-repos.md).
import type { EntityRef } from './archive.types.js';
import type { Db } from './db.js';
import type { Meeting, Measure, Membership, Source, Speaker, Topic } from './domain/entities.js';
import { createEntityRepositories, type EntityRepositories } from './entity-repositories.js';
import type { FindingListEntry, ListOption } from './finding-list.sql.js';
import { createMeasureRepository, type MeasureRow } from './measure.repository.js';
import { createMeetingRepository, type MeetingRow } from './meeting.repository.js';
import { createMembershipRepository, type MembershipKey, type MembershipRow } from './membership.repository.js';
import { createOrganizationRepository } from './organization.repository.js';
import type { EmbeddedEntity } from './outbox.repository.js';
import { createSourceRepository, type SourceRow } from './source.repository.js';
import { createSpeakerRepository, type InitialCount, type SpeakerWithCount } from './speaker.repository.js';
import type { Provenance } from './statement.repository.js';
import {
  createStatementBrowseQueries, type StanceByMeasure, type StatementBrowseQueries, type StatementTallies, type YearCount,
} from './statement-browse.repository.js';
import type { CuratorStatementEntry } from './statement-lists.repository.js';
import { createTopicRepository } from './topic.repository.js';

export type { PersonRow } from './person.repository.js';
export type { OrganizationRow } from './organization.repository.js';
export type { MembershipRow, MeetingRow, MeasureRow, SourceRow, EmbeddedEntity, StatementTallies };
export type { TopicRow } from './topic.repository.js';
export type { PageWindow } from './domain/entities.js';
export type { Curator as UserRow, CuratorSession as SessionRow } from './curator.repository.js';
export type { Revision as RevisionRow } from './revision.repository.js';
export type {
  Candidate as CandidateRow, CandidateStatus, IngestedDocument as IngestedDocumentRow, NewCandidate as NewCandidateRow,
  QueuedSource as QueuedSourceRow,
} from './candidate.repository.js';
export type StanceByMeasureRow = StanceByMeasure;
export type YearCountRow = YearCount;
export type InitialCountRow = InitialCount;
export type SpeakerRow = Speaker;
export type SpeakerListRow = SpeakerWithCount;
export type SourceDetailRow = Source;
export type TopicDetailRow = Topic;
export type AdminListRow = FindingListEntry;
export type AdminStatementRow = CuratorStatementEntry;
export type OptionRow = ListOption;
export interface SpokenStatementRow { id: string; text: string }
export interface StoredMembershipRow extends MembershipRow { id: number }
export interface MembershipListRow {
  role: string | null;
  role_category: string | null;
  organization_id: string | null;
  organization_name: string | null;
  start_date: string | null;
  end_date: string | null;
}
export interface MeetingDetailRow extends MeetingRow { body_name: string | null }
export interface MeasureDetailRow extends MeasureRow { body_name: string | null }

// Column order as the tables have them: a curator's form and a revision's JSON show them in it.
const toMeetingRow = (m: Meeting): MeetingRow => ({
  id: m.id, title: m.title, body_id: m.body?.id ?? null, date: m.date, date_precision: m.date_precision, location: m.location,
});
const toMeetingDetailRow = (m: Meeting): MeetingDetailRow => ({
  id: m.id, title: m.title, body_id: m.body?.id ?? null, body_name: m.body?.name ?? null,
  date: m.date, date_precision: m.date_precision, location: m.location,
});
const toMeasureRow = (m: Measure): MeasureRow => ({
  id: m.id, title: m.title, body_id: m.body?.id ?? null, description: m.description, outcome: m.outcome,
  decided_on: m.decided_on, decided_on_precision: m.decided_on_precision,
});
const toMeasureDetailRow = (m: Measure): MeasureDetailRow => ({
  id: m.id, title: m.title, body_id: m.body?.id ?? null, body_name: m.body?.name ?? null, description: m.description,
  outcome: m.outcome, decided_on: m.decided_on, decided_on_precision: m.decided_on_precision,
});
const toStoredMembershipRow = (m: Membership): StoredMembershipRow => ({
  id: m.id, person_id: m.person_id, organization_id: m.organization?.id ?? null, role: m.role,
  role_category: m.role_category, start_date: m.start_date, end_date: m.end_date,
});
const toMembershipListRow = (m: Membership): MembershipListRow => ({
  role: m.role, role_category: m.role_category, organization_id: m.organization?.id ?? null,
  organization_name: m.organization?.name ?? null, start_date: m.start_date, end_date: m.end_date,
});
const maybe = <T, U>(value: T | undefined, map: (value: T) => U): U | undefined => (value === undefined ? undefined : map(value));

export function createCatalogFacade(r: EntityRepositories) {
  return {
    upsertPerson: r.people.upsert,
    upsertOrganization: r.organizations.upsert,
    upsertMeeting: r.meetings.upsert,
    upsertMeasure: r.measures.upsert,
    upsertSource: r.sources.upsert,
    upsertTopic: r.topics.upsert,
    ensureMembership: r.memberships.ensure,
    findPerson: r.people.findById,
    findOrganization: r.organizations.findById,
    findMeeting: (id: string): MeetingRow | undefined => maybe(r.meetings.findById(id), toMeetingRow),
    findMeasure: (id: string): MeasureRow | undefined => maybe(r.measures.findById(id), toMeasureRow),
    findSource: (id: string): SourceRow | undefined => r.sources.findWithText(id),
    findLabels(kind: 'measure' | 'speaker' | 'organization' | 'topic', ids: readonly string[]): Map<string, string> {
      const byKind = { measure: r.measures, speaker: r.speakers, organization: r.organizations, topic: r.topics };
      return byKind[kind].findLabels(ids);
    },
    listTopics: r.topics.list,
    listTopicSlugs: r.topics.listSlugs,
  };
}

/** What the browse pages read: the entities they show and the statement lists of statement-browse.repository.ts. */
type BrowseSources = Pick<EntityRepositories, 'speakers' | 'memberships' | 'meetings' | 'measures' | 'sources' | 'topics'>
  & { statements: StatementBrowseQueries };

export function createBrowseFacade(r: BrowseSources) {
  const s = r.statements;
  return {
    listSpeakers: r.speakers.listPage,
    countSpeakersByInitial: r.speakers.countByInitial,
    findSpeakerById: r.speakers.findById,
    listMembershipsOfPerson: (personId: string): MembershipListRow[] => r.memberships.listOfPerson(personId).map(toMembershipListRow),
    listStatementIdsBySpeaker: s.listIdsBySpeaker,
    tallyStatementsBySpeaker: s.tallyBySpeaker,
    findMeetingById: (id: string): MeetingDetailRow | undefined => maybe(r.meetings.findById(id), toMeetingDetailRow),
    listStatementIdsByMeeting: s.listIdsByMeeting,
    countStatementsByMeeting: s.countByMeeting,
    listMeasuresAtMeeting: (id: string): EntityRef[] => r.measures.listAtMeeting(id),
    listSourcesOfMeeting: (id: string): SourceDetailRow[] => r.sources.listByMeeting(id),
    findMeasureById: (id: string): MeasureDetailRow | undefined => maybe(r.measures.findById(id), toMeasureDetailRow),
    listStatementIdsByMeasure: s.listIdsByMeasure,
    tallyStatementsByMeasure: s.tallyByMeasure,
    listFirstStatementIdsPerStance: s.listFirstIdsPerStance,
    findTopicBySlug: r.topics.findBySlug,
    listStatementIdsByTopic: s.listIdsByTopic,
    tallyStatementsByTopic: s.tallyByTopic,
    findSourceById: r.sources.findById,
    listStatementIdsBySource: s.listIdsBySource,
    countStatementsBySource: s.countBySource,
  };
}

export function createAdminFacade(r: EntityRepositories) {
  const finders = {
    person: r.people, organization: r.organizations, meeting: r.meetings, measure: r.measures, source: r.sources,
    membership: r.memberships,
  };
  return {
    findStatements: r.statements.findForCurator,
    findEntities: (kind: EmbeddedEntity | 'membership', q: string, limit: number): AdminListRow[] => finders[kind].findForCurator(q, limit),
    findMembership: (id: number): StoredMembershipRow | undefined => maybe(r.memberships.findById(id), toStoredMembershipRow),
    findMembershipId: (key: MembershipKey): number | undefined => r.memberships.findId(key),
    insertMembership: r.memberships.insert,
    updateMembership: r.memberships.update,
    enqueueStatementsOf: r.outbox.enqueueStatementsOf,
    listStatementsCiting: r.statements.listIdsCitingSource,
    addCorrection: r.statements.addCorrection,
    retractStatement: r.statements.retract,
  };
}

export function createCurationFacade(r: EntityRepositories) {
  return {
    saveUser: r.curators.save,
    findUserByName: r.curators.findByName,
    createSession: r.curators.createSession,
    findSession: r.curators.findSession,
    deleteSession: r.curators.deleteSession,
    recordRevision: r.revisions.record,
    listRevisions: r.revisions.listOf,
    listRecentRevisions: r.revisions.listRecent,
    setProvenance: (statementId: string, via: Provenance, by: string | null): void => r.statements.setProvenance(statementId, via, by),
  };
}

export function createReviewFacade(r: EntityRepositories) {
  const c = r.candidates;
  return {
    recordDocument: c.recordDocument,
    findDocument: c.findDocument,
    findDocumentByText: c.findDocumentByText,
    addCandidate: c.add,
    findCandidate: c.findById,
    listPending: c.listPending,
    listBySource: c.listBySource,
    countPending: c.countPending,
    listQueuedSources: c.listQueuedSources,
    decide: c.decide,
    setMatch: c.setMatch,
    findPersonIdsByName: r.people.findIdsByName,
    listStatementsBySpeakers: (personIds: readonly string[]): SpokenStatementRow[] => r.statements.listTextsBySpeakers(personIds),
    listSourceIdsOf: r.statements.listSourceIds,
    addFurtherSource: r.statements.addFurtherSource,
    listMeasureOptions: r.measures.listOptions,
    listMeetingOptions: r.meetings.listOptions,
  };
}

export type CatalogRepository = ReturnType<typeof createCatalogFacade>;
export type BrowseRepository = ReturnType<typeof createBrowseFacade>;
export type AdminRepository = ReturnType<typeof createAdminFacade>;
export type CurationRepository = ReturnType<typeof createCurationFacade>;
export type ReviewRepository = ReturnType<typeof createReviewFacade>;

// The old factories on a bare database handle (each prepares the entity repositories afresh).
export const createCatalogRepository = (db: Db) => createCatalogFacade(createEntityRepositories(db));
// Only what the browse pages read, so a test can check each of these queries' plans.
export const createBrowseRepository = (db: Db) => createBrowseFacade({
  speakers: createSpeakerRepository(db), memberships: createMembershipRepository(db), meetings: createMeetingRepository(db),
  measures: createMeasureRepository(db), sources: createSourceRepository(db), topics: createTopicRepository(db),
  statements: createStatementBrowseQueries(db),
});
export const createAdminRepository = (db: Db) => createAdminFacade(createEntityRepositories(db));
export const createCurationRepository = (db: Db) => createCurationFacade(createEntityRepositories(db));
export const createReviewRepository = (db: Db) => createReviewFacade(createEntityRepositories(db));

/** Finds an existing organization (by name) or source (by url, else title and outlet) for a record naming it without an id. */
export function createEntityMatchRepository(db: Db) {
  const organizations = createOrganizationRepository(db);
  const sources = createSourceRepository(db);
  return {
    findOrganizationIdByName: organizations.findIdByName,
    findSourceId: sources.findIdByCitation,
  };
}

