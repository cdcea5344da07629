import type { EntityRef, Statement } from '../../data/archive.types.js';
import type { Measure, Meeting, Membership, PageWindow, Source, Speaker, Topic } from '../../data/domain/entities.js';
import type { InitialCount, SpeakerWithCount } from '../../data/speaker.repository.js';
import type { StatementTallies } from '../../data/statement-browse.repository.js';
import type { Store } from '../../data/store.js';
import { pageWindow, type Paging } from '../http/paging.js';

// The browse pages (speakers, meetings, measures, topics, sources) and their JSON: SQLite only,
// so they work while the search engine is down. Each use case returns everything its page
// needs as domain objects, or undefined when the entity does not exist.

/** A speaker with how many published statements they made. */
export type ListedSpeaker = SpeakerWithCount;

export interface SpeakersPage {
  speakers: ListedSpeaker[];
  /** How many speakers each initial has, in list order: where each letter starts. */
  initials: InitialCount[];
  total: number;
  paging: Paging;
}

export interface SpeakerPage {
  speaker: Speaker;
  /** An organization's Open Civic Data division id, where known (null for a person). */
  division: string | null;
  roles: Membership[];
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
  /** The body's Open Civic Data division id, where known. */
  bodyDivision: string | null;
  tallies: StatementTallies;
  /** Each stance's first statements (up to the column size asked for). */
  firsts: Statement[];
}

export interface MeasureStatementsPage {
  measure: Measure;
  bodyDivision: string | null;
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

export function createBrowseService({
  store,
}: {
  store: Pick<
    Store,
    'speakers' | 'memberships' | 'meetings' | 'measures' | 'organizations' | 'sources' | 'topics' | 'statements'
  >;
}) {
  const { speakers, memberships, meetings, measures, organizations, sources, topics, statements } = store;
  const divisionOf = (organizationId: string | undefined) =>
    organizationId === undefined ? null : (organizations.findById(organizationId)?.ocd_id ?? null);

  /** One page of a list, loaded in one batch; a page past the end is empty without asking. */
  function statementPage(total: number, paging: Paging, listIds: (window: PageWindow) => string[]): Statement[] {
    const window = pageWindow(paging);
    return window.offset < total ? statements.findManyByIds(listIds(window)) : [];
  }

  return {
    speakersPage(paging: Paging): SpeakersPage {
      const initials = speakers.countByInitial();
      const total = initials.reduce((sum, row) => sum + row.n, 0);
      const window = pageWindow(paging);
      const listed = window.offset < total ? speakers.listPage(window) : [];
      return { speakers: listed, initials, total, paging };
    },

    speakerPage(id: string, paging: Paging): SpeakerPage | undefined {
      const speaker = speakers.findById(id);
      if (!speaker) return undefined;
      const roles = speaker.type === 'person' ? memberships.listOfPerson(speaker.id) : [];
      const tallies = statements.tallyBySpeaker(speaker);
      const found = statementPage(tallies.total, paging, (window) => statements.listIdsBySpeaker(speaker, window));
      const division = speaker.type === 'organization' ? divisionOf(speaker.id) : null;
      return { speaker, division, roles, tallies, statements: found, paging };
    },

    meetingPage(id: string, paging: Paging): MeetingPage | undefined {
      const meeting = meetings.findById(id);
      if (!meeting) return undefined;
      const total = statements.countByMeeting(meeting.id);
      return {
        meeting,
        measures: measures.listAtMeeting(meeting.id),
        sources: sources.listByMeeting(meeting.id),
        total,
        statements: statementPage(total, paging, (window) => statements.listIdsByMeeting(meeting.id, window)),
        paging,
      };
    },

    /** The debate view: each side's first statements; the rest are a search away. */
    measurePage(id: string, columnSize: number): MeasurePage | undefined {
      const measure = measures.findById(id);
      if (!measure) return undefined;
      const firsts = statements.findManyByIds(statements.listFirstIdsPerStance(measure.id, columnSize));
      return { measure, bodyDivision: divisionOf(measure.body?.id), tallies: statements.tallyByMeasure(measure.id), firsts };
    },

    measureStatementsPage(id: string, paging: Paging): MeasureStatementsPage | undefined {
      const measure = measures.findById(id);
      if (!measure) return undefined;
      const tallies = statements.tallyByMeasure(measure.id);
      const found = statementPage(tallies.total, paging, (window) => statements.listIdsByMeasure(measure.id, window));
      return { measure, bodyDivision: divisionOf(measure.body?.id), tallies, statements: found, paging };
    },

    topicPage(slug: string, paging: Paging): TopicPage | undefined {
      const topic = topics.findBySlug(slug);
      if (!topic) return undefined;
      const tallies = statements.tallyByTopic(topic.slug);
      const found = statementPage(tallies.total, paging, (window) => statements.listIdsByTopic(topic.slug, window));
      return { topic, tallies, statements: found, paging };
    },

    sourcePage(id: string, paging: Paging): SourcePage | undefined {
      const source = sources.findById(id);
      if (!source) return undefined;
      const total = statements.countBySource(source.id);
      const found = statementPage(total, paging, (window) => statements.listIdsBySource(source.id, window));
      return { source, total, statements: found, paging };
    },
  };
}

export type BrowseService = ReturnType<typeof createBrowseService>;
