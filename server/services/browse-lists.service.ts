import type { SourceType } from '../../data/archive.types.js';
import type {
  BodyOption,
  ListedMeasure,
  ListedMeeting,
  ListedOrganization,
  ListedSource,
  ListedTopic,
  MeasureListFilter,
  MeasureListSort,
  MeetingListFilter,
  MeetingListSort,
  OrganizationListFilter,
  SourceListFilter,
  SourceListSort,
} from '../../data/browse-list.repository.js';
import type { PageWindow } from '../../data/domain/entities.js';
import type { Store } from '../../data/store.js';
import { pageWindow, type Paging } from '../http/paging.js';

// The browse index pages (/measures, /meetings, /topics, /sources, /organizations): SQLite only, so
// they work while the search engine is down. Each returns one page of entities with their counts,
// the total, and the choices its filters offer.

export interface ListPage<T, F, S, O> {
  items: T[];
  total: number;
  filter: F;
  sort: S;
  paging: Paging;
  /** What the page's filters can be set to (from what the archive holds). */
  options: O;
}

export type MeasuresListPage = ListPage<ListedMeasure, MeasureListFilter, MeasureListSort, { bodies: BodyOption[] }>;
export type MeetingsListPage = ListPage<
  ListedMeeting,
  MeetingListFilter,
  MeetingListSort,
  { bodies: BodyOption[]; years: string[] }
>;
export type TopicsListPage = ListPage<ListedTopic, Record<string, never>, 'label', Record<string, never>>;
export type SourcesListPage = ListPage<ListedSource, SourceListFilter, SourceListSort, { types: SourceType[] }>;
export type OrganizationsListPage = ListPage<
  ListedOrganization,
  OrganizationListFilter,
  'name',
  { classifications: string[]; states: string[] }
>;

interface ListRequest<F, S> {
  filter: F;
  sort: S;
  paging: Paging;
}

export function createBrowseListService({ store }: { store: Pick<Store, 'browseLists'> }) {
  const lists = store.browseLists;

  /** The page's rows, counted first: a page past the end is empty without asking for it. */
  function page<T>(total: number, paging: Paging, list: (window: PageWindow) => T[]): T[] {
    const window = pageWindow(paging);
    return window.offset < total ? list(window) : [];
  }

  return {
    measuresPage({ filter, sort, paging }: ListRequest<MeasureListFilter, MeasureListSort>): MeasuresListPage {
      const total = lists.countMeasures(filter);
      const items = page(total, paging, (window) => lists.listMeasures(filter, sort, window));
      return { items, total, filter, sort, paging, options: { bodies: lists.listMeasureBodies() } };
    },

    meetingsPage({ filter, sort, paging }: ListRequest<MeetingListFilter, MeetingListSort>): MeetingsListPage {
      const total = lists.countMeetings(filter);
      const items = page(total, paging, (window) => lists.listMeetings(filter, sort, window));
      return {
        items,
        total,
        filter,
        sort,
        paging,
        options: { bodies: lists.listMeetingBodies(), years: lists.listMeetingYears() },
      };
    },

    topicsPage({ paging }: ListRequest<Record<string, never>, 'label'>): TopicsListPage {
      const total = lists.countTopics();
      const items = page(total, paging, (window) => lists.listTopics(window));
      return { items, total, filter: {}, sort: 'label', paging, options: {} };
    },

    sourcesPage({ filter, sort, paging }: ListRequest<SourceListFilter, SourceListSort>): SourcesListPage {
      const total = lists.countSources(filter);
      const items = page(total, paging, (window) => lists.listSources(filter, sort, window));
      return { items, total, filter, sort, paging, options: { types: lists.listSourceTypes() } };
    },

    organizationsPage({ filter, paging }: ListRequest<OrganizationListFilter, 'name'>): OrganizationsListPage {
      const total = lists.countOrganizations(filter);
      const items = page(total, paging, (window) => lists.listOrganizations(filter, window));
      return {
        items,
        total,
        filter,
        sort: 'name',
        paging,
        options: { classifications: lists.listOrganizationClassifications(), states: lists.listOrganizationStates() },
      };
    },
  };
}

export type BrowseListService = ReturnType<typeof createBrowseListService>;
