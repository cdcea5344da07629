import { toDivisionView, type DivisionView } from '../display/division.view.js';
import type { SpeakerPage, SpeakersPage } from '../services/browse.service.js';
import { NOT_GIVEN, pluralize, toAbsoluteUrl } from '../display/display.format.js';
import { pagePath, toPagedListView, type PagedListView } from '../display/pagination.view.js';
import { toTalliedStatementsView, type TalliedStatementsView } from '../charts/tallied-statements.view.js';
import { initialOf, LETTERS, OTHER_INITIAL } from '../../data/domain/names.js';
import { roleCategoryName } from '../../data/domain/labels.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';

/** Speakers per page of the A–Z list. */
export const SPEAKERS_PER_PAGE = 100;

export const speakerPath = (id: string) => `/speakers/${encodeURIComponent(id)}`;

export interface SpeakersPageView {
  title: string;
  canonicalUrl: string;
  countLabel: string;
  list: PagedListView;
  emptyNote: string | null;
  jumpLinks: { letter: string; href: string | null; label: string }[];
  groups: {
    initial: string;
    anchorId: string;
    heading: string;
    speakers: { name: string; url: string; countLabel: string; typeLabel: string | null }[];
  }[];
}

const anchorOf = (initial: string) => (initial === OTHER_INITIAL ? 'initial-other' : `initial-${initial}`);

/**
 * One page of the A–Z list. `initials` (how many speakers each initial has, in list order) says
 * where each letter starts, so the letter links reach names on other pages too.
 */
export function toSpeakersPageView({
  speakers,
  initials,
  total,
  paging,
  baseUrl,
}: SpeakersPage & { baseUrl: string }): SpeakersPageView {
  const { page } = paging;
  const firstPageOf = new Map<string, number>();
  let before = 0;
  for (const row of initials) {
    firstPageOf.set(row.initial, Math.floor(before / SPEAKERS_PER_PAGE) + 1);
    before += row.n;
  }
  // The page is in list order, so each initial's names are one run; one that began on an earlier page says so.
  const groups: SpeakersPageView['groups'] = [];
  for (const speaker of speakers) {
    const initial = initialOf(speaker.sort_name);
    let group = groups[groups.length - 1];
    if (!group || group.initial !== initial) {
      const name = initial === OTHER_INITIAL ? 'Other' : initial;
      group = {
        initial,
        anchorId: anchorOf(initial),
        heading: (firstPageOf.get(initial) ?? page) < page ? `${name} (continued)` : name,
        speakers: [],
      };
      groups.push(group);
    }
    group.speakers.push({
      name: speaker.name,
      url: speakerPath(speaker.id),
      countLabel: pluralize(speaker.statements, 'statement'),
      typeLabel: speaker.type === 'organization' ? 'organization' : null,
    });
  }
  return {
    title: page > 1 ? `Speakers A–Z, page ${page}` : 'Speakers A–Z',
    canonicalUrl: toAbsoluteUrl(baseUrl, pagePath('/speakers', page)),
    countLabel: pluralize(total, 'speaker'),
    list: toPagedListView({
      total,
      page,
      perPage: SPEAKERS_PER_PAGE,
      shown: speakers.length,
      noun: 'speaker',
      urlOf: (n) => pagePath('/speakers', n),
    }),
    emptyNote: total === 0 ? 'No speakers yet.' : null,
    jumpLinks: [...LETTERS, OTHER_INITIAL].map((letter) => {
      const letterPage = firstPageOf.get(letter);
      return {
        letter,
        href:
          letterPage === undefined ? null : `${letterPage === page ? '' : pagePath('/speakers', letterPage)}#${anchorOf(letter)}`,
        label: letter === OTHER_INITIAL ? 'Names that start with another character' : `Names starting with ${letter}`,
      };
    }),
    groups,
  };
}

export interface SpeakerPageView extends TalliedStatementsView {
  title: string;
  canonicalUrl: string;
  name: string;
  kindLabel: string;
  countLabel: string;
  division: DivisionView | null;
  roles: { role: string; category: string | null; organization: string; dates: string }[];
  rolesNote: string | null;
  searchUrl: string;
  apiUrl: string;
}

export function toSpeakerPageView({
  speaker,
  division,
  roles,
  tallies,
  statements,
  paging,
  baseUrl,
}: SpeakerPage & { baseUrl: string }): SpeakerPageView {
  const { page } = paging;
  const isOrganization = speaker.type === 'organization';
  const path = speakerPath(speaker.id);
  return {
    title: page > 1 ? `${speaker.name}, page ${page}` : speaker.name,
    canonicalUrl: toAbsoluteUrl(baseUrl, pagePath(path, page)),
    name: speaker.name,
    kindLabel: isOrganization ? 'Organization speaking collectively' : 'Speaker',
    countLabel: pluralize(tallies.total, 'statement'),
    division: toDivisionView(division),
    roles: roles.map((m) => ({
      role: m.role ?? `Role ${NOT_GIVEN}`,
      category: categoryUnlessRepeated(m.role, m.role_category),
      organization: m.organization?.name ?? `Organization ${NOT_GIVEN}`,
      dates: describeTenure(m.start_date, m.end_date),
    })),
    rolesNote:
      roles.length > 0
        ? null
        : isOrganization
          ? 'An organization speaking in its own name; no individual roles recorded.'
          : `No roles recorded: ${NOT_GIVEN}.`,
    ...toTalliedStatementsView({
      tallies,
      statements,
      page,
      path,
      chartId: 'speaker',
      subject: speaker.name,
      anchor: 'statements-heading',
    }),
    searchUrl: `/search?speaker=${encodeURIComponent(speaker.id)}`,
    apiUrl: `/api${path}`,
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
