import type { Statement } from '../../data/archive.types.js';
import type { MembershipListRow, SpeakerListRow, SpeakerRow } from '../../data/browse.repository.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { NOT_GIVEN, pluralize, roleCategoryName, toAbsoluteUrl } from '../display/display.format.js';
import { tallyStancesByMeasure, toStanceChartView, type StanceChartView } from '../charts/stance-chart.view.js';
import { toTimelineChartView, type TimelineChartView } from '../charts/timeline-chart.view.js';
import { formatPartialDate, toStatementCardView, type StatementCardView } from '../statements/statement.view.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const OTHER_INITIAL = '#';

export const speakerPath = (id: string) => `/speakers/${encodeURIComponent(id)}`;

export interface SpeakersPageView {
  title: string;
  canonicalUrl: string;
  countLabel: string;
  jumpLinks: { letter: string; href: string | null; label: string }[];
  groups: {
    initial: string;
    anchorId: string;
    heading: string;
    speakers: { name: string; url: string; countLabel: string; typeLabel: string | null }[];
  }[];
}

/** The letter a name is filed under: A–Z (accents ignored), or "#" for anything else. */
export function initialOf(sortName: string): string {
  const first = sortName.trim().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').charAt(0).toUpperCase();
  return LETTERS.includes(first) ? first : OTHER_INITIAL;
}

export function toSpeakersPageView(speakers: readonly SpeakerListRow[], baseUrl: string): SpeakersPageView {
  const groups = new Map<string, SpeakersPageView['groups'][number]>();
  for (const speaker of speakers) {
    const initial = initialOf(speaker.sort_name);
    let group = groups.get(initial);
    if (!group) {
      const anchorId = initial === OTHER_INITIAL ? 'initial-other' : `initial-${initial}`;
      group = { initial, anchorId, heading: initial === OTHER_INITIAL ? 'Other' : initial, speakers: [] };
      groups.set(initial, group);
    }
    group.speakers.push({
      name: speaker.name,
      url: speakerPath(speaker.id),
      countLabel: pluralize(speaker.statements, 'statement'),
      typeLabel: speaker.type === 'organization' ? 'organization' : null,
    });
  }
  // A–Z, with names that start with something else after Z.
  const ordered = [...LETTERS, OTHER_INITIAL].flatMap((initial) => groups.get(initial) ?? []);
  return {
    title: 'Speakers A–Z',
    canonicalUrl: toAbsoluteUrl(baseUrl, '/speakers'),
    countLabel: pluralize(speakers.length, 'speaker'),
    jumpLinks: [...LETTERS, OTHER_INITIAL].map((letter) => {
      const group = groups.get(letter);
      return {
        letter: letter === OTHER_INITIAL ? OTHER_INITIAL : letter,
        href: group ? `#${group.anchorId}` : null,
        label: letter === OTHER_INITIAL ? 'Names that start with another character' : `Names starting with ${letter}`,
      };
    }),
    groups: ordered,
  };
}

export interface SpeakerPageView {
  title: string;
  canonicalUrl: string;
  name: string;
  kindLabel: string;
  countLabel: string;
  roles: { role: string; category: string | null; organization: string; dates: string }[];
  rolesNote: string | null;
  stanceChart: StanceChartView;
  timeline: TimelineChartView;
  statements: StatementCardView[];
  apiUrl: string;
}

export function toSpeakerPageView(
  speaker: SpeakerRow,
  memberships: readonly MembershipListRow[],
  statements: readonly Statement[],
  baseUrl: string,
): SpeakerPageView {
  const isOrganization = speaker.type === 'organization';
  return {
    title: speaker.name,
    canonicalUrl: toAbsoluteUrl(baseUrl, speakerPath(speaker.id)),
    name: speaker.name,
    kindLabel: isOrganization ? 'Organization speaking collectively' : 'Speaker',
    countLabel: pluralize(statements.length, 'statement'),
    roles: memberships.map((m) => ({
      role: m.role ?? `Role ${NOT_GIVEN}`,
      category: categoryUnlessRepeated(m.role, m.role_category),
      organization: m.organization_name ?? `Organization ${NOT_GIVEN}`,
      dates: describeTenure(m.start_date, m.end_date),
    })),
    rolesNote: memberships.length > 0 ? null
      : isOrganization ? 'An organization speaking in its own name; no individual roles recorded.'
        : `No roles recorded: ${NOT_GIVEN}.`,
    stanceChart: toStanceChartView(tallyStancesByMeasure(statements), { id: 'speaker-stances', subject: speaker.name }),
    timeline: toTimelineChartView(statements.map(effectiveDate), { id: 'speaker-timeline', subject: speaker.name }),
    statements: statements.map((s) => toStatementCardView(s)),
    apiUrl: `/api${speakerPath(speaker.id)}`,
  };
}

/** The role category, unless the role's own wording already says it ("community member"). */
function categoryUnlessRepeated(role: string | null, category: string | null): string | null {
  const name = roleCategoryName(category);
  return name && role?.trim().toLowerCase() === name.toLowerCase() ? null : name;
}

/** "From March 2021 to June 2023", "From 2021", "Until 2023", or dates not given in source. */
export function describeTenure(start: string | null, end: string | null): string {
  const from = formatPartialDate(start);
  const to = formatPartialDate(end);
  if (from && to) return `From ${from} to ${to}`;
  if (from) return `From ${from}; end ${NOT_GIVEN}`;
  if (to) return `Until ${to}; start ${NOT_GIVEN}`;
  return `Dates ${NOT_GIVEN}`;
}
