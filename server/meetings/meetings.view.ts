import type { EntityRef, Statement } from '../../data/archive.types.js';
import type { MeetingDetailRow, SourceDetailRow } from '../../data/browse.repository.js';
import { NOT_GIVEN, pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { measurePath } from '../measures/measures.view.js';
import { describeSource, sourcePath } from '../sources/sources.view.js';
import { formatPartialDate, toStatementCardView, type StatementCardView } from '../statements/statement.view.js';

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
  countLabel: string;
  testimony: StatementCardView[];
  sources: { label: string; url: string }[];
  apiUrl: string;
}

export function toMeetingPageView(
  meeting: MeetingDetailRow,
  measures: readonly EntityRef[],
  sources: readonly SourceDetailRow[],
  statements: readonly Statement[],
  baseUrl: string,
): MeetingPageView {
  return {
    title: meeting.title,
    canonicalUrl: toAbsoluteUrl(baseUrl, meetingPath(meeting.id)),
    heading: meeting.title,
    bodyName: meeting.body_name ?? NOT_GIVEN,
    dateLabel: formatPartialDate(meeting.date, meeting.date_precision) ?? `date ${NOT_GIVEN}`,
    place: meeting.location ?? NOT_GIVEN,
    measures: measures.map((m) => ({ title: m.name, url: measurePath(m.id) })),
    measuresNote: measures.length === 0 ? 'No statement on record here names a measure.' : null,
    countLabel: pluralize(statements.length, 'statement'),
    testimony: statements.map((s) => toStatementCardView(s)),
    sources: sources.map((s) => ({ label: describeSource(s), url: sourcePath(s.id) })),
    apiUrl: `/api${meetingPath(meeting.id)}`,
  };
}
