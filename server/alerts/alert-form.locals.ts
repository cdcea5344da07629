import type { RequestHandler } from 'express';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { Store } from '../../data/store.js';
import { issueFormToken } from '../http/form-csrf.js';
import { parseSearchPageQuery } from '../search/search.query.js';
import { describeSavedSearch, type SavedSearch } from './alert-search.js';
import { toAlertFormView } from './alerts.view.js';

const only = (filters: SavedSearch['filters']): SavedSearch => ({ q: '', filters, from: null, to: null });

/** The search each followable page stands for: a search's own, or a speaker's, measure's or topic's statements. */
function searchOfPage(path: string, query: Record<string, unknown>): SavedSearch | null {
  if (path === '/search') {
    const { q, filters, from, to } = parseSearchPageQuery(query).query;
    return { q, filters, from, to };
  }
  const [, kind, id, rest] = path.split('/');
  if (rest !== undefined || !id || !ID_PATTERN.test(id)) return null;
  if (kind === 'speakers') return only({ speaker: [id] });
  if (kind === 'measures') return only({ measure: [id] });
  if (kind === 'topics' && /^[a-z0-9-]{1,64}$/.test(id)) return only({ topic: [id] });
  return null;
}

/**
 * Gives the search, speaker, measure and topic pages their "Get alerts" form (res.locals.alertForm),
 * without those routes knowing about alerts. A page whose parameters are bad gets none: its own
 * route answers the 400.
 */
export function alertFormLocals(store: Pick<Store, 'measures' | 'speakers' | 'organizations' | 'topics'>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET') return next();
    let search: SavedSearch | null = null;
    try {
      search = searchOfPage(req.path, req.query);
    } catch {
      search = null;
    }
    if (search) {
      res.locals.alertForm = toAlertFormView({
        search,
        description: describeSavedSearch(search, store),
        csrf: issueFormToken(req, res),
      });
    }
    next();
  };
}
