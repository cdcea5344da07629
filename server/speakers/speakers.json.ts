import { toAbsoluteUrl } from '../display/display.format.js';
import { toStanceTallyRows } from '../charts/stance-chart.view.js';
import type { SpeakerJson } from '../api/browse.schema.js';
import type { SpeakerPage } from '../services/browse.service.js';
import { toStatementJson } from '../statements/statement.json.js';
import { speakerPath } from './speakers.view.js';

/** GET /api/speakers/:id: roles over time, a stance count per measure (all statements), and one page of statements. */
export function toSpeakerJson({
  speaker,
  division,
  roles,
  tallies,
  statements,
  paging,
  baseUrl,
}: SpeakerPage & { baseUrl: string }): SpeakerJson {
  return {
    id: speaker.id,
    type: speaker.type,
    name: speaker.name,
    sort_name: speaker.sort_name,
    /** An organization's Open Civic Data division id, where known. */
    ocd_id: division,
    url: toAbsoluteUrl(baseUrl, speakerPath(speaker.id)),
    roles: roles.map((m) => ({
      role: m.role,
      role_category: m.role_category,
      organization: m.organization,
      start_date: m.start_date,
      end_date: m.end_date,
    })),
    stances: toStanceTallyRows(tallies.byMeasure).map((row) => ({
      measure: row.measureId ? { id: row.measureId, title: row.label } : null,
      counts: row.counts,
      total: row.total,
    })),
    total: tallies.total,
    page: paging.page,
    per_page: paging.perPage,
    statements: statements.map((s) => toStatementJson(s, baseUrl)),
  };
}
