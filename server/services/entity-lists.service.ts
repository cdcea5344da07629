import type { Measure, Organization, PageWindow } from '../../data/domain/entities.js';
import type { MeasureFilter } from '../../data/measure.repository.js';
import type { MeetingFilter, MeetingWithCount } from '../../data/meeting.repository.js';
import type { OrganizationFilter } from '../../data/organization.repository.js';
import type { SourceFilter, SourceWithCount } from '../../data/source.repository.js';
import type { SpeakerFilter, SpeakerWithCount } from '../../data/speaker.repository.js';
import type { StatementTallies } from '../../data/statement-browse.repository.js';
import type { Store } from '../../data/store.js';
import type { TopicWithCount } from '../../data/topic.repository.js';
import { pageWindow, type Paging } from '../http/paging.js';
import type { ListQuery } from '../api/list.query.js';

// The API's entity lists: one filtered page of an entity, with the total over every page. SQLite
// only, so they work while the search engine is down.

export interface EntityListPage<T> {
  items: T[];
  total: number;
  paging: Paging;
}

export type MeasureWithTallies = { measure: Measure; tallies: StatementTallies };

export function createEntityListService({
  store,
}: {
  store: Pick<Store, 'speakers' | 'organizations' | 'meetings' | 'measures' | 'sources' | 'topics' | 'statements'>;
}) {
  const { speakers, organizations, meetings, measures, sources, topics, statements } = store;

  /** Counts first: a page past the end is empty without asking for it. */
  function listPage<T>(total: number, paging: Paging, load: (window: PageWindow) => T[]): EntityListPage<T> {
    const window = pageWindow(paging);
    return { items: window.offset < total ? load(window) : [], total, paging };
  }

  return {
    speakers({ filter, paging }: ListQuery<SpeakerFilter>): EntityListPage<SpeakerWithCount> {
      return listPage(speakers.countListed(filter), paging, (window) => speakers.listPage(window, filter));
    },
    organizations({ filter, paging }: ListQuery<OrganizationFilter>): EntityListPage<Organization> {
      return listPage(organizations.countListed(filter), paging, (window) => organizations.listPage(filter, window));
    },
    meetings({ filter, paging }: ListQuery<MeetingFilter>): EntityListPage<MeetingWithCount> {
      return listPage(meetings.countListed(filter), paging, (window) => meetings.listPage(filter, window));
    },
    /** Each measure with its stance tally (a page holds at most 100: one indexed count each). */
    measures({ filter, paging }: ListQuery<MeasureFilter>): EntityListPage<MeasureWithTallies> {
      return listPage(measures.countListed(filter), paging, (window) =>
        measures.listPage(filter, window).map((measure) => ({ measure, tallies: statements.tallyByMeasure(measure.id) })),
      );
    },
    sources({ filter, paging }: ListQuery<SourceFilter>): EntityListPage<SourceWithCount> {
      return listPage(sources.countListed(filter), paging, (window) => sources.listPage(filter, window));
    },
    topics({ paging }: ListQuery<null>): EntityListPage<TopicWithCount> {
      return listPage(topics.count(), paging, (window) => topics.listPage(window));
    },
  };
}

export type EntityListService = ReturnType<typeof createEntityListService>;
