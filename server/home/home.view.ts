import { STANCES } from '../../data/archive.types.js';
import type { HomePage } from '../services/home.service.js';
import { pluralize } from '../display/display.format.js';
import { measurePath } from '../measures/measures.view.js';
import { stanceSearchUrl, toStatementCardView, type StatementCardView } from '../statements/statement.view.js';
import { STANCE_NAMES } from '../../data/domain/labels.js';

/** The measures with the most statements that the front page shows; the search's measure facet lists all. */
const HOME_MEASURES = 12;

export interface HomePageView {
  title: string;
  counts: { label: string; url: string }[];
  measures: {
    title: string;
    /** The measure's debate page. */
    url: string;
    outcome: string | null;
    totalLabel: string;
    stances: { stance: string; label: string; count: number; percent: number; searchUrl: string }[];
  }[];
  /** "And 1,488 more measures", linking to the list of all measures, when some are not shown. */
  moreMeasures: { label: string; url: string } | null;
  recent: StatementCardView[];
}

export function toHomePageView({ counts, tallies, recent }: HomePage): HomePageView {
  const debated = tallies.filter((m) => m.total > 0);
  // Most debated first, then by title (the tallies come ordered by title; the sort is stable).
  const shown = [...debated].sort((a, b) => b.total - a.total).slice(0, HOME_MEASURES);
  const hidden = debated.length - shown.length;
  return {
    title: 'On Record — what people said at public meetings',
    counts: [
      { label: pluralize(counts.statements, 'statement'), url: '/search' },
      { label: pluralize(counts.speakers, 'speaker'), url: '/speakers' },
      { label: pluralize(counts.measures, 'measure'), url: '/measures' },
      { label: pluralize(counts.meetings, 'meeting'), url: '/meetings' },
      { label: pluralize(counts.sources, 'source'), url: '/sources' },
    ],
    moreMeasures: hidden > 0 ? { label: `And ${pluralize(hidden, 'more measure')}: see every measure`, url: '/measures' } : null,
    measures: shown.map((m) => ({
      title: m.title,
      url: measurePath(m.id),
      outcome: m.outcome,
      totalLabel: pluralize(m.total, 'statement'),
      stances: STANCES.filter((s) => (m.stances[s] ?? 0) > 0).map((s) => ({
        stance: s,
        label: STANCE_NAMES[s],
        count: m.stances[s] ?? 0,
        percent: Math.round(((m.stances[s] ?? 0) / m.total) * 100),
        searchUrl: stanceSearchUrl(s, m.id),
      })),
    })),
    recent: recent.map((s) => toStatementCardView(s)),
  };
}
