import type { OrganizationRepository } from '../../data/organization.repository.js';
import type { SearchQuery } from '../search/search.query.js';

/** A body id no statement has: the filter of a division that no body of the archive belongs to. */
const NO_BODY = '';

/**
 * A district search (`ocd_id`) as the `body` filter the engine knows: the organizations with that
 * division id, kept to those also given as `body`. The values are ids from the archive, which the
 * filter building quotes like any other; a division no body has finds nothing.
 */
export function narrowToDivision(query: SearchQuery, organizations: Pick<OrganizationRepository, 'findIdsByOcdId'>): SearchQuery {
  if (!query.division) return query;
  const given = query.filters.body;
  const bodies = organizations.findIdsByOcdId(query.division).filter((id) => !given || given.includes(id));
  return { ...query, filters: { ...query.filters, body: bodies.length > 0 ? bodies : [NO_BODY] } };
}
