import type { MeetingJson } from '../api/browse.schema.js';
import type { MeetingPage } from '../services/browse.service.js';
import { toAbsoluteUrl } from '../display/display.format.js';
import { toSourceMetadataJson } from '../sources/sources.json.js';
import { toStatementJson } from '../statements/statement.json.js';
import { meetingPath } from './meetings.view.js';

/** GET /api/meetings/:id: the meeting, the measures debated, its sources, and one page of the testimony in order. */
export function toMeetingJson({
  meeting,
  measures,
  sources,
  total,
  statements,
  paging,
  baseUrl,
}: MeetingPage & { baseUrl: string }): MeetingJson {
  return {
    id: meeting.id,
    url: toAbsoluteUrl(baseUrl, meetingPath(meeting.id)),
    title: meeting.title,
    body: meeting.body,
    date: meeting.date,
    date_precision: meeting.date_precision,
    location: meeting.location,
    measures: measures.map((m) => ({ id: m.id, title: m.name })),
    sources: sources.map((s) => toSourceMetadataJson(s, baseUrl)),
    total,
    page: paging.page,
    per_page: paging.perPage,
    statements: statements.map((s) => toStatementJson(s, baseUrl)),
  };
}
