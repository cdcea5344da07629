import { STANCES } from '../../data/archive.types.js';
import type { Statement } from '../../data/archive.types.js';
import type { CorpusCounts, MeasureTally } from '../../data/statement.repository.js';
import { pluralize } from '../display/display.format.js';
import { STANCE_NAMES, toStatementCardView, type StatementCardView } from '../statements/statement.view.js';


export interface HomePageView {
  title: string;
  counts: string[];
  measures: {
    title: string;
    searchUrl: string;
    outcome: string | null;
    totalLabel: string;
    stances: { stance: string; label: string; count: number; percent: number; searchUrl: string }[];
  }[];
  recent: StatementCardView[];
}

export function toHomePageView(counts: CorpusCounts, tallies: MeasureTally[], recent: Statement[]): HomePageView {
  return {
    title: 'On Record — what people said at public meetings',
    counts: [
      pluralize(counts.statements, 'statement'), pluralize(counts.speakers, 'speaker'), pluralize(counts.measures, 'measure'),
      pluralize(counts.meetings, 'meeting'), pluralize(counts.sources, 'source'),
    ],
    measures: tallies.filter((m) => m.total > 0).map((m) => ({
      title: m.title,
      searchUrl: `/search?measure=${encodeURIComponent(m.id)}`,
      outcome: m.outcome,
      totalLabel: pluralize(m.total, 'statement'),
      stances: STANCES.filter((s) => (m.stances[s] ?? 0) > 0).map((s) => ({
        stance: s,
        label: STANCE_NAMES[s],
        count: m.stances[s] ?? 0,
        percent: Math.round(((m.stances[s] ?? 0) / m.total) * 100),
        searchUrl: `/search?measure=${encodeURIComponent(m.id)}&stance=${s}`,
      })),
    })),
    recent: recent.map((s) => toStatementCardView(s)),
  };
}
