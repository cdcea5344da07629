import type { RevisionRow } from '../../data/curation.repository.js';
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

export interface AdminHomeView extends AdminChrome {
  title: string;
  revisions: { when: string; who: string; what: string; url: string | null }[];
}

const ACTION_WORDS: Record<RevisionRow['action'], string> = {
  create: 'added', update: 'edited', correct: 'corrected', retract: 'retracted', import: 'imported',
};

export function toAdminChrome(curator: Curator): AdminChrome {
  return { curatorName: curator.name, csrfToken: curator.csrfToken };
}

export function toAdminHomeView(curator: Curator, revisions: RevisionRow[]): AdminHomeView {
  return {
    ...toAdminChrome(curator),
    title: 'Curation',
    revisions: revisions.map((r) => ({
      when: r.created_at.replace('T', ' ').slice(0, 16),
      who: r.user_name ?? 'system',
      what: `${ACTION_WORDS[r.action]} ${r.entity_type} ${r.entity_id}`,
      url: r.entity_type === 'statement' ? `/statements/${encodeURIComponent(r.entity_id)}` : null,
    })),
  };
}
