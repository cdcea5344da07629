import type { MeasureJson } from '../api/browse.schema.js';
import type { MeasureStatementsPage } from '../services/browse.service.js';
import { toAbsoluteUrl } from '../display/display.format.js';
import { sumStances } from '../charts/stance-chart.view.js';
import { toStatementJson } from '../statements/statement.json.js';
import { measurePath } from './measures.view.js';

/** GET /api/measures/:id: the measure, how many statements take each stance (all of them), and one page of statements. */
export function toMeasureJson({
  measure,
  bodyDivision,
  tallies,
  statements,
  paging,
  baseUrl,
}: MeasureStatementsPage & { baseUrl: string }): MeasureJson {
  return {
    id: measure.id,
    url: toAbsoluteUrl(baseUrl, measurePath(measure.id)),
    title: measure.title,
    body: measure.body && { ...measure.body, ocd_id: bodyDivision },
    description: measure.description,
    outcome: measure.outcome,
    decided_on: measure.decided_on,
    decided_on_precision: measure.decided_on_precision,
    tally: sumStances(tallies.byMeasure),
    total: tallies.total,
    page: paging.page,
    per_page: paging.perPage,
    statements: statements.map((s) => toStatementJson(s, baseUrl)),
  };
}
