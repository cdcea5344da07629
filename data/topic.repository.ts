import type { Db } from './db.js';
import type { Topic } from './domain/entities.js';
import { idsParam, toLabelMap } from './finding-list.sql.js';
import { prepareUpsert } from './upsert.sql.js';

/** A topic as stored, and as the importer writes one (Topic's own shape). */
export type TopicRow = Topic;

/** Topics: the fixed vocabulary statements are filed under. */
export function createTopicRepository(db: Db) {
  const selectBySlug = db.prepare<[string], TopicRow>('SELECT slug, label, description FROM topics WHERE slug = ?');
  const selectAll = db.prepare<[], TopicRow>('SELECT slug, label, description FROM topics ORDER BY label');
  const selectSlugs = db.prepare<[], string>('SELECT slug FROM topics ORDER BY slug').pluck();
  const selectLabels = db.prepare<[string], { id: string; label: string }>(
    'SELECT slug AS id, label FROM topics WHERE slug IN (SELECT value FROM json_each(?))',
  );

  return {
    upsert: prepareUpsert<TopicRow>(db, 'topics', 'slug', ['label', 'description']),
    findBySlug(slug: string): Topic | undefined {
      return selectBySlug.get(slug);
    },
    /** Every topic, by label. */
    list(): Topic[] {
      return selectAll.all();
    },
    listSlugs(): string[] {
      return selectSlugs.all();
    },
    /** Labels of these topics, by slug. */
    findLabels(slugs: readonly string[]): Map<string, string> {
      return slugs.length === 0 ? new Map<string, string>() : toLabelMap(selectLabels.all(idsParam(slugs)));
    },
  };
}

export type TopicRepository = ReturnType<typeof createTopicRepository>;
