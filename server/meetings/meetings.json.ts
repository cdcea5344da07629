import type { EntityRef, Statement } from '../../data/archive.types.js';
import type { MeetingDetailRow, SourceDetailRow } from '../../data/browse.repository.js';
import { toAbsoluteUrl } from '../display/display.format.js';
import { toSourceMetadataJson } from '../sources/sources.json.js';
import { toStatementJson } from '../statements/statement.json.js';
import { meetingPath } from './meetings.view.js';

/** GET /api/meetings/:id: the meeting, the measures debated, its sources, and one page of the testimony in order. */
export function toMeetingJson(
  meeting: MeetingDetailRow,
  measures: readonly EntityRef[],
  sources: readonly SourceDetailRow[],
  total: number,
  statements: readonly Statement[],
  paging: { page: number; perPage: number },
  baseUrl: string,
) {
  return {
    id: meeting.id,
    url: toAbsoluteUrl(baseUrl, meetingPath(meeting.id)),
    title: meeting.title,
    body: meeting.body_id && meeting.body_name ? { id: meeting.body_id, name: meeting.body_name } : null,
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
