import type { Db } from './db.js';

/** One published statement's words and the names it is filed under, as the search index holds them. */
export interface VocabularyRow {
  rowid: number;
  text: string;
  context: string | null;
  speaker: string | null;
  organization: string | null;
  measure: string | null;
  meeting: string | null;
  location: string | null;
  body: string | null;
  state: string | null;
}

/**
 * What "Did you mean" learns the archive's words from: published statements in rowid order, in
 * batches (keyset paging, so each batch is one short indexed read), and the topic labels.
 */
export function createVocabularyRepository(db: Db) {
  const selectBatch = db.prepare<{ after: number; limit: number }, VocabularyRow>(
    `SELECT s.rowid AS rowid, s.text, s.context,
            COALESCE(p.name, so.name) AS speaker, o.name AS organization, m.title AS measure,
            mt.title AS meeting, mt.location AS location,
            COALESCE(tb.name, mb.name) AS body, COALESCE(tb.state, mb.state) AS state
       FROM statements s
       LEFT JOIN people p ON p.id = s.speaker_person_id
       LEFT JOIN organizations so ON so.id = s.speaker_org_id
       LEFT JOIN organizations o ON o.id = s.organization_id
       LEFT JOIN measures m ON m.id = s.measure_id
       LEFT JOIN meetings mt ON mt.id = s.meeting_id
       -- Two joins, not one on COALESCE(...): each is a primary-key look-up.
       LEFT JOIN organizations tb ON tb.id = mt.body_id
       LEFT JOIN organizations mb ON mb.id = m.body_id
      WHERE s.rowid > @after AND s.status = 'published'
      ORDER BY s.rowid
      LIMIT @limit`,
  );
  const selectLastRowid = db.prepare<[], number | null>('SELECT MAX(rowid) FROM statements').pluck();
  const selectTopicLabels = db.prepare<[], string>('SELECT label FROM topics ORDER BY slug').pluck();

  return {
    /** Up to `limit` published statements after `after` (a rowid), in rowid order. */
    listBatch(after: number, limit: number): VocabularyRow[] {
      return selectBatch.all({ after, limit });
    },
    /** The highest rowid a statement has (0 for none): how far the batches reach. */
    lastRowid(): number {
      return selectLastRowid.get() ?? 0;
    },
    listTopicLabels(): string[] {
      return selectTopicLabels.all();
    },
  };
}

export type VocabularyRepository = ReturnType<typeof createVocabularyRepository>;
