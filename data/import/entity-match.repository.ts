import type { Db } from '../db.js';

/**
 * Finds an existing organization or source for a record that names it without an id: the CSV
 * export carries an organization's name and a source's url and title, not their ids, and
 * re-importing it must reuse those records rather than create look-alikes under new slugs.
 */
export function createEntityMatchRepository(db: Db) {
  const organizationByName = db.prepare(
    'SELECT id FROM organizations WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1').pluck();
  const sourceByUrl = db.prepare('SELECT id FROM sources WHERE url = ? ORDER BY id LIMIT 1').pluck();
  const sourceByTitle = db.prepare(
    'SELECT id FROM sources WHERE title = @title AND outlet IS @outlet ORDER BY id LIMIT 1').pluck();

  return {
    findOrganizationIdByName(name: string): string | undefined {
      return organizationByName.get(name) as string | undefined;
    },
    /** By url when there is one (a url names one document); else by title and outlet. */
    findSourceId(source: { url: string | null; title: string | null; outlet: string | null }): string | undefined {
      if (source.url !== null) return sourceByUrl.get(source.url) as string | undefined;
      if (source.title !== null) return sourceByTitle.get({ title: source.title, outlet: source.outlet }) as string | undefined;
      return undefined;
    },
  };
}
