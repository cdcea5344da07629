import type { MeetingPage } from '../services/browse.service.js';
import { NOT_GIVEN, toAbsoluteUrl } from '../display/display.format.js';
import { BROWSE_PER_PAGE, pagePath, toPagedListView, type PagedListView } from '../display/pagination.view.js';
import { measurePath } from '../measures/measures.view.js';
import { describeSource, sourcePath } from '../sources/sources.view.js';
import { toStatementCardView, type StatementCardView } from '../statements/statement.view.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';

export const meetingPath = (id: string) => `/meetings/${encodeURIComponent(id)}`;

export interface MeetingPageView {
  title: string;
  canonicalUrl: string;
  heading: string;
  bodyName: string;
  dateLabel: string;
  place: string;
  measures: { title: string; url: string }[];
  measuresNote: string | null;
  list: PagedListView;
  testimony: StatementCardView[];
  sources: { label: string; url: string }[];
  apiUrl: string;
}

export function toMeetingPageView({
  meeting,
  measures,
  sources,
  total,
  statements,
  paging: { page },
  baseUrl,
}: MeetingPage & { baseUrl: string }): MeetingPageView {
  const path = meetingPath(meeting.id);
  return {
    title: page > 1 ? `${meeting.title}, page ${page}` : meeting.title,
    canonicalUrl: toAbsoluteUrl(baseUrl, pagePath(path, page)),
    heading: meeting.title,
    bodyName: meeting.body?.name ?? NOT_GIVEN,
    dateLabel: formatPartialDate(meeting.date, meeting.date_precision) ?? `date ${NOT_GIVEN}`,
    place: meeting.location ?? NOT_GIVEN,
    measures: measures.map((m) => ({ title: m.name, url: measurePath(m.id) })),
    measuresNote: measures.length === 0 ? 'No statement on record here names a measure.' : null,
    list: toPagedListView({
      total,
      page,
      perPage: BROWSE_PER_PAGE,
      shown: statements.length,
      noun: 'statement',
      urlOf: (n) => `${pagePath(path, n)}#testimony-heading`,
    }),
    testimony: statements.map((s) => toStatementCardView(s)),
    sources: sources.map((s) => ({ label: describeSource(s), url: sourcePath(s.id) })),
    apiUrl: `/api${path}`,
  };
}
