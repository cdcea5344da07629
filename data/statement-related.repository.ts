import type { Statement } from './archive.types.js';
import type { Db } from './db.js';
import { idsParam } from './finding-list.sql.js';

export interface RelatedStatements {
  bySpeaker: Statement[];
  byMeeting: Statement[];
  byMeasure: Statement[];
  byTopic: Statement[];
}

// Related statements (the permalink's "more like this"): published, never the statement itself.
// Dated ones first, newest first; a meeting's in the order they were recorded.
const RELATED_ORDER = `ORDER BY coalesce(s.said_on, mt.date) IS NULL, coalesce(s.said_on, mt.date) DESC, s.rowid`;

// By topic: a topic can hold 100,000 statements, so the candidates are a bounded pool per topic
// (read from the topic index, never a scan of the topic), then ranked exactly: most shared
// topics first (counted through the primary key), newest first.
const TOPIC_POOL = 250;

/** The related-statements queries of the statement repository; `findMany` loads the picked ids. */
export function createRelatedStatementQueries(db: Db, findMany: (ids: readonly string[]) => Statement[]) {
  const selectBySpeaker = db
    .prepare<{ id: string; person_id: string | null; org_id: string | null; limit: number }, string>(
      `
    SELECT s.id FROM statements s LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.status = 'published' AND s.id <> @id
       AND (s.speaker_person_id = @person_id OR (s.speaker_person_id IS NULL AND s.speaker_org_id = @org_id))
     ${RELATED_ORDER} LIMIT @limit`,
    )
    .pluck();
  const selectByMeeting = db
    .prepare<{ id: string; meeting_id: string; limit: number }, string>(
      `
    SELECT s.id FROM statements s
     WHERE s.status = 'published' AND s.id <> @id AND s.meeting_id = @meeting_id
     ORDER BY s.rowid LIMIT @limit`,
    )
    .pluck();
  const selectByMeasure = db
    .prepare<{ id: string; measure_id: string; limit: number }, string>(
      `
    SELECT s.id FROM statements s LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.status = 'published' AND s.id <> @id AND s.measure_id = @measure_id
     ${RELATED_ORDER} LIMIT @limit`,
    )
    .pluck();
  const selectTopicPool = db
    .prepare<{ slug: string; id: string }, string>(
      `
    SELECT statement_id FROM statement_topics
     WHERE topic_slug = @slug AND statement_id <> @id
     ORDER BY statement_id DESC LIMIT ${TOPIC_POOL}`,
    )
    .pluck();
  const selectRankedTopicPool = db
    .prepare<{ pool: string; topics: string; limit: number }, string>(
      `
    SELECT s.id FROM json_each(@pool) p
      JOIN statements s ON s.id = p.value
      LEFT JOIN meetings mt ON mt.id = s.meeting_id
     WHERE s.status = 'published'
     ORDER BY (SELECT count(*) FROM statement_topics t
                WHERE t.statement_id = s.id AND t.topic_slug IN (SELECT value FROM json_each(@topics))) DESC,
              coalesce(s.said_on, mt.date) IS NULL, coalesce(s.said_on, mt.date) DESC, s.rowid
     LIMIT @limit`,
    )
    .pluck();

  function selectByTopic(id: string, topics: readonly string[], limit: number): string[] {
    const pool = new Set<string>();
    for (const slug of topics) for (const other of selectTopicPool.all({ slug, id })) pool.add(other);
    if (pool.size === 0) return [];
    return selectRankedTopicPool.all({ pool: idsParam([...pool]), topics: idsParam(topics), limit });
  }

  return {
    /**
     * Up to `limit` published statements in each way one can be related to this one: same speaker,
     * same meeting, same measure, shared topics. Each statement appears once, in the first group
     * that has it, so the groups never repeat each other.
     */
    findRelated(statement: Statement, limit: number): RelatedStatements {
      const seen = new Set<string>([statement.id]);
      // Ask for more than needed: some may already be listed in an earlier group.
      const wanted = limit * 4;
      const pick = (ids: string[]) => {
        const fresh = ids.filter((id) => !seen.has(id)).slice(0, limit);
        for (const id of fresh) seen.add(id);
        return findMany(fresh);
      };
      const { id, speaker, meeting, measure } = statement;
      const bySpeaker = pick(
        selectBySpeaker.all({
          id,
          limit: wanted,
          person_id: speaker.type === 'person' ? speaker.id : null,
          org_id: speaker.type === 'organization' ? speaker.id : null,
        }),
      );
      const byMeeting = meeting ? pick(selectByMeeting.all({ id, meeting_id: meeting.id, limit: wanted })) : [];
      const byMeasure = measure ? pick(selectByMeasure.all({ id, measure_id: measure.id, limit: wanted })) : [];
      const byTopic = pick(selectByTopic(id, statement.topics, wanted));
      return { bySpeaker, byMeeting, byMeasure, byTopic };
    },
  };
}
