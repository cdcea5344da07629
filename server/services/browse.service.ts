import type { EntityRef, RoleCategory, Statement } from '../../data/archive.types.js';
import type {
  InitialCountRow, MeasureDetailRow, MeetingDetailRow, MembershipListRow, SourceDetailRow, SpeakerRow, StatementTallies, TopicDetailRow,
} from '../../data/browse.repository.js';
import type { Measure, Meeting, Membership, PageWindow, Source, Speaker, Topic } from '../../data/domain/entities.js';
import type { Store } from '../../data/store.js';
import { pageWindow, type Paging } from '../http/paging.js';

// The browse pages (speakers, meetings, measures, topics, sources) and their JSON: SQLite only,
// so they work while the search engine is down. Each use case returns everything its page
// needs as domain objects, or undefined when the entity does not exist.

/** A speaker's role as the A–Z list and page show it (the list row carries no membership id). */
export type SpeakerRole = Omit<Membership, 'id'>;

export interface ListedSpeaker extends Speaker {
  /** How many published statements the speaker made. */
  statements: number;
}

export interface SpeakersPage {
  speakers: ListedSpeaker[];
  /** How many speakers each initial has, in list order: where each letter starts. */
  initials: InitialCountRow[];
  total: number;
  paging: Paging;
}

export interface SpeakerPage {
  speaker: Speaker;
  roles: SpeakerRole[];
  tallies: StatementTallies;
  statements: Statement[];
  paging: Paging;
}

export interface MeetingPage {
  meeting: Meeting;
  measures: EntityRef[];
  sources: Source[];
  total: number;
  statements: Statement[];
  paging: Paging;
}

export interface MeasurePage {
  measure: Measure;
  tallies: StatementTallies;
  /** Each stance's first statements (up to the column size asked for). */
  firsts: Statement[];
}

export interface MeasureStatementsPage {
  measure: Measure;
  tallies: StatementTallies;
  statements: Statement[];
  paging: Paging;
}

export interface TopicPage {
  topic: Topic;
  tallies: StatementTallies;
  statements: Statement[];
  paging: Paging;
}

export interface SourcePage {
  source: Source;
  total: number;
  statements: Statement[];
  paging: Paging;
}

// until the entity repositories return domain types
const refOf = (id: string | null, name: string | null): EntityRef | null => (id && name ? { id, name } : null);
const toSpeaker = (row: SpeakerRow): Speaker => ({ id: row.id, type: row.type, name: row.name, sort_name: row.sort_name });
const toSpeakerRole = (personId: string, row: MembershipListRow): SpeakerRole => ({
  person_id: personId,
  organization: refOf(row.organization_id, row.organization_name),
  role: row.role,
  role_category: row.role_category as RoleCategory | null,
  start_date: row.start_date,
  end_date: row.end_date,
});
const toMeeting = (row: MeetingDetailRow): Meeting => ({
  id: row.id, title: row.title, body: refOf(row.body_id, row.body_name), date: row.date, date_precision: row.date_precision, location: row.location,
});
const toMeasure = (row: MeasureDetailRow): Measure => ({
  id: row.id, title: row.title, body: refOf(row.body_id, row.body_name), description: row.description,
  outcome: row.outcome, decided_on: row.decided_on, decided_on_precision: row.decided_on_precision,
});
const toSource = (row: SourceDetailRow): Source => ({
  id: row.id, type: row.type, title: row.title, outlet: row.outlet, author: row.author, url: row.url,
  published_on: row.published_on, published_on_precision: row.published_on_precision, retrieved_on: row.retrieved_on,
});
const toTopic = (row: TopicDetailRow): Topic => ({ slug: row.slug, label: row.label, description: row.description });

export function createBrowseService({ store }: { store: Pick<Store, 'browse' | 'statements'> }) {
  const { browse, statements } = store;

  /** One page of a list, loaded in one batch; a page past the end is empty without asking. */
  function statementPage(total: number, paging: Paging, listIds: (window: PageWindow) => string[]): Statement[] {
    const window = pageWindow(paging);
    return window.offset < total ? statements.findManyByIds(listIds(window)) : [];
  }

  return {
    speakersPage(paging: Paging): SpeakersPage {
      const initials = browse.countSpeakersByInitial();
      const total = initials.reduce((sum, row) => sum + row.n, 0);
      const window = pageWindow(paging);
      const speakers = window.offset < total ? browse.listSpeakers(window).map((row) => ({ ...toSpeaker(row), statements: row.statements })) : [];
      return { speakers, initials, total, paging };
    },

    speakerPage(id: string, paging: Paging): SpeakerPage | undefined {
      const row = browse.findSpeakerById(id);
      if (!row) return undefined;
      const roles = row.type === 'person' ? browse.listMembershipsOfPerson(row.id).map((m) => toSpeakerRole(row.id, m)) : [];
      const tallies = browse.tallyStatementsBySpeaker(row);
      const found = statementPage(tallies.total, paging, (window) => browse.listStatementIdsBySpeaker(row, window));
      return { speaker: toSpeaker(row), roles, tallies, statements: found, paging };
    },

    meetingPage(id: string, paging: Paging): MeetingPage | undefined {
      const row = browse.findMeetingById(id);
      if (!row) return undefined;
      const total = browse.countStatementsByMeeting(row.id);
      return {
        meeting: toMeeting(row),
        measures: browse.listMeasuresAtMeeting(row.id),
        sources: browse.listSourcesOfMeeting(row.id).map(toSource),
        total,
        statements: statementPage(total, paging, (window) => browse.listStatementIdsByMeeting(row.id, window)),
        paging,
      };
    },

    /** The debate view: each side's first statements; the rest are a search away. */
    measurePage(id: string, columnSize: number): MeasurePage | undefined {
      const row = browse.findMeasureById(id);
      if (!row) return undefined;
      const firsts = statements.findManyByIds(browse.listFirstStatementIdsPerStance(row.id, columnSize));
      return { measure: toMeasure(row), tallies: browse.tallyStatementsByMeasure(row.id), firsts };
    },

    measureStatementsPage(id: string, paging: Paging): MeasureStatementsPage | undefined {
      const row = browse.findMeasureById(id);
      if (!row) return undefined;
      const tallies = browse.tallyStatementsByMeasure(row.id);
      const found = statementPage(tallies.total, paging, (window) => browse.listStatementIdsByMeasure(row.id, window));
      return { measure: toMeasure(row), tallies, statements: found, paging };
    },

    topicPage(slug: string, paging: Paging): TopicPage | undefined {
      const row = browse.findTopicBySlug(slug);
      if (!row) return undefined;
      const tallies = browse.tallyStatementsByTopic(row.slug);
      const found = statementPage(tallies.total, paging, (window) => browse.listStatementIdsByTopic(row.slug, window));
      return { topic: toTopic(row), tallies, statements: found, paging };
    },

    sourcePage(id: string, paging: Paging): SourcePage | undefined {
      const row = browse.findSourceById(id);
      if (!row) return undefined;
      const total = browse.countStatementsBySource(row.id);
      const found = statementPage(total, paging, (window) => browse.listStatementIdsBySource(row.id, window));
      return { source: toSource(row), total, statements: found, paging };
    },
  };
}

export type BrowseService = ReturnType<typeof createBrowseService>;
