import type { Statement } from '../../data/archive.types.js';
import type { MembershipListRow, SpeakerListRow, SpeakerRow } from '../../data/browse.repository.js';
import { toAbsoluteUrl } from '../display/display.format.js';
import { tallyStancesByMeasure } from '../charts/stance-chart.view.js';
import { toStatementJson } from '../statements/statement.json.js';
import { speakerPath } from './speakers.view.js';

/** GET /api/speakers: everyone who spoke, A–Z, with how many published statements. */
export function toSpeakerListJson(speakers: readonly SpeakerListRow[], baseUrl: string) {
  return {
    total: speakers.length,
    items: speakers.map((s) => ({
      id: s.id, type: s.type, name: s.name, sort_name: s.sort_name,
      url: toAbsoluteUrl(baseUrl, speakerPath(s.id)), statements: s.statements,
    })),
  };
}

/** GET /api/speakers/:id: roles over time, a stance count per measure, and every statement. */
export function toSpeakerJson(
  speaker: SpeakerRow,
  memberships: readonly MembershipListRow[],
  statements: readonly Statement[],
  baseUrl: string,
) {
  return {
    id: speaker.id,
    type: speaker.type,
    name: speaker.name,
    sort_name: speaker.sort_name,
    url: toAbsoluteUrl(baseUrl, speakerPath(speaker.id)),
    roles: memberships.map((m) => ({
      role: m.role,
      role_category: m.role_category,
      organization: m.organization_id && m.organization_name ? { id: m.organization_id, name: m.organization_name } : null,
      start_date: m.start_date,
      end_date: m.end_date,
    })),
    stances: tallyStancesByMeasure(statements).map((row) => ({
      measure: row.measureId ? { id: row.measureId, title: row.label } : null,
      counts: row.counts,
      total: row.total,
    })),
    total: statements.length,
    statements: statements.map((s) => toStatementJson(s, baseUrl)),
  };
}
