import type { Revision } from '../../data/revision.repository.js';
import { ENTITY_KINDS } from './entity-kinds.js';
import type { Curator } from './session.js';

export interface LoginView {
  title: string;
  csrfToken: string;
  next: string;
  error: string | null;
}

export function toLoginView(csrfToken: string, next: string, error: string | null): LoginView {
  return { title: 'Curator sign-in', csrfToken, next, error };
}

export interface AdminChrome {
  curatorName: string;
  csrfToken: string;
}

export interface NavLink {
  label: string;
  url: string;
  current: boolean;
}

export interface AdminPageView extends AdminChrome {
  title: string;
  nav: NavLink[];
}

/** Every section of the curator's side, in the order of the navigation bar. */
const ADMIN_SECTIONS = [
  { label: 'Statements', path: 'statements' },
  ...ENTITY_KINDS.map((k) => ({ label: k.plural, path: k.path })),
  { label: 'Import a file', path: 'import' },
  { label: 'Ingest a document', path: 'ingest' },
  { label: 'Review queue', path: 'review' },
];

/** The chrome of an admin page with its navigation; `section` is the path of the current one ('' for none). */
export function toAdminPageView(curator: Curator, title: string, section: string): AdminPageView {
  return {
    ...toAdminChrome(curator),
    title,
    nav: ADMIN_SECTIONS.map((s) => ({ label: s.label, url: `/admin/${s.path}`, current: s.path === section })),
  };
}

export interface AdminHomeView extends AdminPageView {
  revisions: { when: string; who: string; what: string; url: string | null }[];
}

const ACTION_WORDS: Record<Revision['action'], string> = {
  create: 'added',
  update: 'edited',
  correct: 'corrected',
  retract: 'retracted',
  import: 'imported',
};

export function toAdminChrome(curator: Curator): AdminChrome {
  return { curatorName: curator.name, csrfToken: curator.csrfToken };
}

export function toAdminHomeView(curator: Curator, revisions: Revision[]): AdminHomeView {
  return {
    ...toAdminPageView(curator, 'Curation', ''),
    revisions: revisions.map((r) => ({
      when: r.created_at.replace('T', ' ').slice(0, 16),
      who: r.user_name ?? 'system',
      what: `${ACTION_WORDS[r.action]} ${r.entity_type} ${r.entity_id}`,
      url: r.entity_type === 'statement' ? `/statements/${encodeURIComponent(r.entity_id)}` : null,
    })),
  };
}
