import { STANCES } from '../../data/archive.types.js';
import type { BodyOption, StanceCounts } from '../../data/browse-list.repository.js';
import { STANCE_NAMES, STATE_NAMES } from '../../data/domain/labels.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';
import { NOT_GIVEN, pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { BROWSE_PER_PAGE, toPagedListView, type PagedListView } from '../display/pagination.view.js';
import { measurePath } from '../measures/measures.view.js';
import { meetingPath } from '../meetings/meetings.view.js';
import type {
  ListPage,
  MeasuresListPage,
  MeetingsListPage,
  OrganizationsListPage,
  SourcesListPage,
  TopicsListPage,
} from '../services/browse-lists.service.js';
import { describeSource, SOURCE_TYPE_NAMES, sourcePath } from '../sources/sources.view.js';
import { speakerPath } from '../speakers/speakers.view.js';
import { stanceSearchUrl } from '../statements/statement.view.js';
import { topicPath } from '../topics/topics.view.js';

// One view model for every browse index page (views/pages/browse-list.ejs): a filter form, the
// list's status and pages, and items that each have a heading link, fact lines, and optionally a
// stance tally and further links.

interface SelectField {
  id: string;
  name: string;
  label: string;
  options: { value: string; label: string; selected: boolean }[];
}

export interface ListItemView {
  title: string;
  url: string;
  facts: string[];
  /** For a measure: its for/against summary and each stance's count, linking to the search filtered by it. */
  tally: { summary: string; stances: { className: string; label: string; count: number; url: string }[] } | null;
  links: { label: string; url: string }[];
}

export interface BrowseListPageView {
  title: string;
  canonicalUrl: string;
  heading: string;
  lede: string;
  testId: string;
  form: { action: string; label: string; fields: SelectField[]; clearUrl: string | null };
  ignoredParams: string[];
  /** Says when a filter names something the archive does not hold. */
  notice: string | null;
  list: PagedListView;
  emptyNote: string | null;
  items: ListItemView[];
}

type Params = Record<string, string | null>;

/** A list's address with these parameters (nulls and defaults left out), page last. */
function listUrl(path: string, params: Params, page = 1): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null) search.append(key, value);
  if (page > 1) search.append('page', String(page));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

function select(name: string, label: string, current: string | null, choices: { value: string; label: string }[], all: string) {
  return {
    id: `list-${name}`,
    name,
    label,
    options: [{ value: '', label: all }, ...choices].map((c) => ({ ...c, selected: c.value === (current ?? '') })),
  };
}

/** A sort control: its choices only (the first is the default), no "any" entry. */
function sortSelect(current: string, choices: { value: string; label: string }[]) {
  return {
    id: 'list-sort',
    name: 'sort',
    label: 'Sort',
    options: choices.map((c) => ({ ...c, selected: c.value === current })),
  };
}

const bodyChoices = (bodies: BodyOption[]) => bodies.map((b) => ({ value: b.id, label: b.name }));

interface Frame<T> {
  path: string;
  noun: string;
  heading: string;
  lede: string;
  /** The filters and sort as they go in a link; the default sort left out. */
  params: Params;
  fields: SelectField[];
  notice: string | null;
  toItem: (item: T) => ListItemView;
}

function toListView<T, F, S, O>(
  { items, total, paging: { page } }: ListPage<T, F, S, O>,
  frame: Frame<T>,
  ignored: string[],
  baseUrl: string,
): BrowseListPageView {
  const filtered = Object.values(frame.params).some((v) => v !== null);
  return {
    title: page > 1 ? `${frame.heading}, page ${page}` : frame.heading,
    canonicalUrl: toAbsoluteUrl(baseUrl, listUrl(frame.path, frame.params, page)),
    heading: frame.heading,
    lede: frame.lede,
    testId: `${frame.path.slice(1)}-page`,
    form: {
      action: frame.path,
      label: `Filter and sort ${frame.heading.toLowerCase()}`,
      fields: frame.fields,
      clearUrl: filtered ? frame.path : null,
    },
    ignoredParams: ignored,
    notice: frame.notice,
    list: toPagedListView({
      total,
      page,
      perPage: BROWSE_PER_PAGE,
      shown: items.length,
      noun: frame.noun,
      urlOf: (n) => listUrl(frame.path, frame.params, n),
    }),
    emptyNote: total === 0 ? `No ${frame.noun}s${filtered ? ' match these filters' : ' in the archive yet'}.` : null,
    items: items.map(frame.toItem),
  };
}

/** Says a filter names a body no listed item belongs to (a typo, or one that holds none). */
function unknownBodyNotice(body: string | null, bodies: BodyOption[], what: string): string | null {
  return body !== null && !bodies.some((b) => b.id === body) ? `No ${what} belong to a body with the id “${body}”.` : null;
}

/** "12 for · 3 against", and each stance with statements as a link to the search filtered by it. */
export function toMeasureTallyView(measureId: string, stances: StanceCounts): NonNullable<ListItemView['tally']> {
  const others = stances.mixed + stances.neutral + stances.unclear;
  return {
    summary: [`${stances.support.toLocaleString('en-US')} for`, `${stances.oppose.toLocaleString('en-US')} against`]
      .concat(others > 0 ? [`${others.toLocaleString('en-US')} other`] : [])
      .join(' · '),
    stances: STANCES.filter((s) => stances[s] > 0).map((s) => ({
      className: `stance-${s}`,
      label: STANCE_NAMES[s],
      count: stances[s],
      url: stanceSearchUrl(s, measureId),
    })),
  };
}

export function toMeasuresListView(page: MeasuresListPage, ignored: string[], baseUrl: string): BrowseListPageView {
  const { filter, sort, options } = page;
  return toListView(
    page,
    {
      path: '/measures',
      noun: 'measure',
      heading: 'Measures',
      lede: 'The resolutions, plans and proposals people spoke for or against, each with its tally and its debate page.',
      params: { body: filter.body, sort: sort === 'title' ? null : sort },
      fields: [
        select('body', 'Body', filter.body, bodyChoices(options.bodies), 'All bodies'),
        sortSelect(sort, [
          { value: 'title', label: 'Title A–Z' },
          { value: 'decided', label: 'Decided, newest first' },
        ]),
      ],
      notice: unknownBodyNotice(filter.body, options.bodies, 'measures'),
      toItem: (m) => ({
        title: m.title,
        url: measurePath(m.id),
        facts: [
          pluralize(m.total, 'statement'),
          m.body ? m.body.name : `Body ${NOT_GIVEN}`,
          m.outcome ? `Outcome: ${m.outcome}` : `Outcome ${NOT_GIVEN}`,
          ...(m.decided_on ? [`Decided ${formatPartialDate(m.decided_on, m.decided_on_precision) ?? m.decided_on}`] : []),
        ],
        tally: toMeasureTallyView(m.id, m.stances),
        links: [],
      }),
    },
    ignored,
    baseUrl,
  );
}

export function toMeetingsListView(page: MeetingsListPage, ignored: string[], baseUrl: string): BrowseListPageView {
  const { filter, sort, options } = page;
  return toListView(
    page,
    {
      path: '/meetings',
      noun: 'meeting',
      heading: 'Meetings',
      lede: 'Board meetings, hearings and community meetings where testimony was given, by date.',
      params: { body: filter.body, year: filter.year, sort: sort === 'newest' ? null : sort },
      fields: [
        select('body', 'Body', filter.body, bodyChoices(options.bodies), 'All bodies'),
        select(
          'year',
          'Year',
          filter.year,
          options.years.map((y) => ({ value: y, label: y })),
          'Any year',
        ),
        sortSelect(sort, [
          { value: 'newest', label: 'Newest first' },
          { value: 'oldest', label: 'Oldest first' },
        ]),
      ],
      notice: unknownBodyNotice(filter.body, options.bodies, 'meetings'),
      toItem: (m) => ({
        title: m.title,
        url: meetingPath(m.id),
        facts: [
          formatPartialDate(m.date, m.date_precision) ?? `Date ${NOT_GIVEN}`,
          m.body ? m.body.name : `Body ${NOT_GIVEN}`,
          ...(m.location ? [m.location] : []),
          pluralize(m.statements, 'statement'),
        ],
        tally: null,
        links: [],
      }),
    },
    ignored,
    baseUrl,
  );
}

export function toTopicsListView(page: TopicsListPage, ignored: string[], baseUrl: string): BrowseListPageView {
  return toListView(
    page,
    {
      path: '/topics',
      noun: 'topic',
      heading: 'Topics',
      lede: 'The curated topics statements are filed under.',
      params: {},
      fields: [],
      notice: null,
      toItem: (t) => ({
        title: t.label,
        url: topicPath(t.slug),
        facts: [...(t.description ? [t.description] : []), pluralize(t.statements, 'statement')],
        tally: null,
        links: [],
      }),
    },
    ignored,
    baseUrl,
  );
}

export function toSourcesListView(page: SourcesListPage, ignored: string[], baseUrl: string): BrowseListPageView {
  const { filter, sort, options } = page;
  return toListView(
    page,
    {
      path: '/sources',
      noun: 'source',
      heading: 'Sources',
      lede: 'The articles, minutes, transcripts and recordings statements are quoted from.',
      params: { type: filter.type, sort: sort === 'newest' ? null : sort },
      fields: [
        select(
          'type',
          'Type',
          filter.type,
          options.types.map((t) => ({ value: t, label: SOURCE_TYPE_NAMES[t] ?? t })),
          'All types',
        ),
        sortSelect(sort, [
          { value: 'newest', label: 'Newest first' },
          { value: 'oldest', label: 'Oldest first' },
          { value: 'title', label: 'Title A–Z' },
        ]),
      ],
      notice: null,
      toItem: (s) => ({
        title: describeSource(s),
        url: sourcePath(s.id),
        facts: [
          SOURCE_TYPE_NAMES[s.type] ?? s.type,
          formatPartialDate(s.published_on, s.published_on_precision) ?? `Publication date ${NOT_GIVEN}`,
          ...(s.author ? [`By ${s.author}`] : []),
          pluralize(s.statements, 'statement'),
        ],
        tally: null,
        links: [],
      }),
    },
    ignored,
    baseUrl,
  );
}

export function toOrganizationsListView(page: OrganizationsListPage, ignored: string[], baseUrl: string): BrowseListPageView {
  const { filter, options } = page;
  return toListView(
    page,
    {
      path: '/organizations',
      noun: 'organization',
      heading: 'Organizations',
      lede: 'Districts, boards, police departments, unions, schools and coalitions in the archive: the bodies that hold meetings and decide measures, and the groups whose members speak.',
      params: { classification: filter.classification, state: filter.state },
      fields: [
        select(
          'classification',
          'Kind',
          filter.classification,
          options.classifications.map((c) => ({ value: c, label: c })),
          'All kinds',
        ),
        select(
          'state',
          'State',
          filter.state,
          options.states.map((s) => ({ value: s, label: STATE_NAMES[s] ?? s })),
          'All states',
        ),
      ],
      notice: null,
      toItem: (o) => {
        const id = encodeURIComponent(o.id);
        return {
          title: o.name,
          // An organization that spoke as one has a speaker page; any other is found through search.
          url: o.statements > 0 ? speakerPath(o.id) : `/search?org=${id}`,
          facts: [
            o.classification ?? `Kind ${NOT_GIVEN}`,
            o.state ? (STATE_NAMES[o.state] ?? o.state) : `State ${NOT_GIVEN}`,
            ...(o.ocd_id ? [o.ocd_id] : []),
          ],
          tally: null,
          links: [
            ...(o.statements > 0
              ? [{ label: `${pluralize(o.statements, 'statement')} in its own name`, url: speakerPath(o.id) }]
              : []),
            ...(o.meetings > 0 ? [{ label: pluralize(o.meetings, 'meeting') + ' held', url: `/meetings?body=${id}` }] : []),
            ...(o.measures > 0 ? [{ label: pluralize(o.measures, 'measure'), url: `/measures?body=${id}` }] : []),
            { label: 'Statements by its members', url: `/search?org=${id}` },
          ],
        };
      },
    },
    ignored,
    baseUrl,
  );
}
