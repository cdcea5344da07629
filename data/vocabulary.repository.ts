import type { Db } from './db.js';

/** A published statement's words, as the search index holds them. */
export interface VocabularyTextRow {
  rowid: number;
  text: string;
  context: string | null;
}

/** A name the archive files statements under: a person, an organization, a measure or a meeting. */
export interface VocabularyNameRow {
  rowid: number;
  name: string;
  /** A second name of the same thing: an organization's state (a code), a meeting's location. */
  place: string | null;
}

export type NamedEntity = 'people' | 'organizations' | 'measures' | 'meetings';

/**
 * What "Did you mean" learns the archive's words from, in batches (keyset paging on rowid, so
 * each batch is one short indexed read): published statements' text, and the names of people,
 * organizations, measures and meetings, and topic labels.
 */
export function createVocabularyRepository(db: Db) {
  const selectTexts = db.prepare<{ after: number; limit: number }, VocabularyTextRow>(
    `SELECT rowid, text, context FROM statements
      WHERE rowid > @after AND status = 'published'
      ORDER BY rowid LIMIT @limit`,
  );
  const selectNames: Record<NamedEntity, ReturnType<typeof db.prepare<{ after: number; limit: number }, VocabularyNameRow>>> = {
    people: db.prepare('SELECT rowid, name, NULL AS place FROM people WHERE rowid > @after ORDER BY rowid LIMIT @limit'),
    organizations: db.prepare(
      'SELECT rowid, name, state AS place FROM organizations WHERE rowid > @after ORDER BY rowid LIMIT @limit',
    ),
    measures: db.prepare(
      'SELECT rowid, title AS name, NULL AS place FROM measures WHERE rowid > @after ORDER BY rowid LIMIT @limit',
    ),
    meetings: db.prepare(
      'SELECT rowid, title AS name, location AS place FROM meetings WHERE rowid > @after ORDER BY rowid LIMIT @limit',
    ),
  };
  const selectLastRowid = db.prepare<[], number | null>('SELECT MAX(rowid) FROM statements').pluck();
  const selectTopicLabels = db.prepare<[], string>('SELECT label FROM topics ORDER BY slug').pluck();

  return {
    /** Up to `limit` published statements after `after` (a rowid), in rowid order. */
    listTexts(after: number, limit: number): VocabularyTextRow[] {
      return selectTexts.all({ after, limit });
    },
    /** Up to `limit` names of one kind after `after` (a rowid), in rowid order. */
    listNames(entity: NamedEntity, after: number, limit: number): VocabularyNameRow[] {
      return selectNames[entity].all({ after, limit });
    },
    /** The highest rowid a statement has (0 for none): how far the text batches reach. */
    lastStatementRowid(): number {
      return selectLastRowid.get() ?? 0;
    },
    listTopicLabels(): string[] {
      return selectTopicLabels.all();
    },
  };
}

export type VocabularyRepository = ReturnType<typeof createVocabularyRepository>;
