import type { Db } from './db.js';
import type { PageWindow, Topic } from './domain/entities.js';
import { idsParam, toLabelMap } from './finding-list.sql.js';
import { prepareUpsert } from './upsert.sql.js';

/** A topic as stored, and as the importer writes one (Topic's own shape). */
export type TopicRow = Topic;

/** A topic with how many published statements are filed under it. */
export type TopicWithCount = Topic & { statements: number };

/** Topics: the fixed vocabulary statements are filed under. */
export function createTopicRepository(db: Db) {
  const selectBySlug = db.prepare<[string], TopicRow>('SELECT slug, label, description FROM topics WHERE slug = ?');
  const selectAll = db.prepare<[], TopicRow>('SELECT slug, label, description FROM topics ORDER BY label');
  const selectSlugs = db.prepare<[], string>('SELECT slug FROM topics ORDER BY slug').pluck();
  const selectLabels = db.prepare<[string], { id: string; label: string }>(
    'SELECT slug AS id, label FROM topics WHERE slug IN (SELECT value FROM json_each(?))',
  );

  const selectPage = db.prepare<PageWindow, TopicWithCount>(`
    SELECT t.slug, t.label, t.description,
           (SELECT count(*) FROM statement_topics st JOIN statements s ON s.id = st.statement_id
             WHERE st.topic_slug = t.slug AND s.status = 'published') AS statements
      FROM topics t ORDER BY t.label, t.slug LIMIT @limit OFFSET @offset`);
  const countAll = db.prepare<[], number>('SELECT count(*) FROM topics').pluck();

  return {
    /** One page of the topics, by label, with how many statements each has. */
    listPage(window: PageWindow): TopicWithCount[] {
      return selectPage.all(window);
    },
    count(): number {
      return countAll.get() ?? 0;
    },
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
