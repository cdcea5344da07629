import type { Db } from './db.js';
import type { SourceType } from './archive.types.js';

export type CandidateStatus = 'pending' | 'accepted' | 'rejected' | 'merged';

/** A candidate statement as the extractor proposed it, waiting in (or done with) review. */
export interface CandidateRow {
  id: number;
  source_id: string;
  text: string;
  speaker_name: string | null;
  role: string | null;
  char_start: number;
  char_end: number;
  time_start: number | null;
  time_end: number | null;
  kind: 'quote' | 'paraphrase';
  status: CandidateStatus;
  statement_id: string | null;
  matched_statement_id: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
}

export type NewCandidateRow = Pick<CandidateRow,
  'source_id' | 'text' | 'speaker_name' | 'role' | 'char_start' | 'char_end' | 'time_start' | 'time_end' | 'kind' | 'matched_statement_id'>;

export interface IngestedDocumentRow {
  source_id: string;
  format: string;
  text_sha1: string;
  created_by: string | null;
  created_at: string;
}

/** A document in the queue: the source and how many of its candidates wait for review. */
export interface QueuedSourceRow {
  source_id: string;
  type: SourceType;
  title: string | null;
  outlet: string | null;
  url: string | null;
  pending: number;
}

export interface OptionRow {
  id: string;
  label: string;
}

export interface SpokenStatementRow {
  id: string;
  text: string;
}

/** The review queue: ingested documents and their candidate statements. */
export function createReviewRepository(db: Db) {
  const insertDocument = db.prepare(
    'INSERT INTO ingested_documents (source_id, format, text_sha1, created_by) VALUES (@source_id, @format, @text_sha1, @created_by)');
  const selectDocument = db.prepare('SELECT * FROM ingested_documents WHERE source_id = ?');
  const selectDocumentByText = db.prepare('SELECT * FROM ingested_documents WHERE text_sha1 = ?');
  const insertCandidate = db.prepare(`
    INSERT INTO candidates (source_id, text, speaker_name, role, char_start, char_end, time_start, time_end, kind, matched_statement_id)
    VALUES (@source_id, @text, @speaker_name, @role, @char_start, @char_end, @time_start, @time_end, @kind, @matched_statement_id)`);
  const selectCandidate = db.prepare('SELECT * FROM candidates WHERE id = ?');
  const selectPending = db.prepare(`
    SELECT * FROM candidates WHERE status = 'pending' AND (@source_id IS NULL OR source_id = @source_id)
     ORDER BY source_id = @source_id DESC, created_at, source_id, char_start LIMIT @limit`);
  const selectBySource = db.prepare('SELECT * FROM candidates WHERE source_id = ? ORDER BY char_start, id');
  const countPending = db.prepare(
    `SELECT count(*) FROM candidates WHERE status = 'pending' AND (@source_id IS NULL OR source_id = @source_id)`).pluck();
  const selectQueuedSources = db.prepare(`
    SELECT c.source_id, s.type, s.title, s.outlet, s.url, count(*) AS pending
      FROM candidates c JOIN sources s ON s.id = c.source_id
     WHERE c.status = 'pending'
     GROUP BY c.source_id ORDER BY min(c.created_at), c.source_id`);
  // Only a pending candidate can be decided, so a form sent twice changes nothing the second time.
  const decide = db.prepare(`
    UPDATE candidates SET status = @status, statement_id = @statement_id, reviewed_by = @reviewed_by,
           reviewed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = @id AND status = 'pending'`);
  const setMatch = db.prepare('UPDATE candidates SET matched_statement_id = ? WHERE id = ?');
  const selectPeopleByName = db.prepare('SELECT id FROM people WHERE name = ? COLLATE NOCASE ORDER BY id').pluck();
  const selectStatementsBySpeakers = db.prepare(`
    SELECT id, text FROM statements
     WHERE status = 'published' AND speaker_person_id IN (SELECT value FROM json_each(?))
     ORDER BY rowid`);
  const selectSourceIdsOf = db.prepare(
    'SELECT source_id FROM statement_sources WHERE statement_id = ? ORDER BY ordinal').pluck();
  const insertFurtherSource = db.prepare(`
    INSERT INTO statement_sources (statement_id, source_id, ordinal, char_start, char_end, time_start, time_end)
    SELECT @statement_id, @source_id, coalesce(max(ordinal), -1) + 1, @char_start, @char_end, @time_start, @time_end
      FROM statement_sources WHERE statement_id = @statement_id`);
  const touchStatement = db.prepare(
    `UPDATE statements SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`);
  const measureOptions = db.prepare('SELECT id, title AS label FROM measures ORDER BY title, id');
  const meetingOptions = db.prepare(`
    SELECT id, CASE WHEN date IS NULL THEN title ELSE title || ' (' || date || ')' END AS label
      FROM meetings ORDER BY date IS NULL, date DESC, title, id`);

  return {
    recordDocument(row: Omit<IngestedDocumentRow, 'created_at'>): void {
      insertDocument.run(row);
    },
    findDocument(sourceId: string): IngestedDocumentRow | undefined {
      return selectDocument.get(sourceId) as IngestedDocumentRow | undefined;
    },
    /** The document ingested earlier with exactly this stored text (by its SHA-1), if any. */
    findDocumentByText(textSha1: string): IngestedDocumentRow | undefined {
      return selectDocumentByText.get(textSha1) as IngestedDocumentRow | undefined;
    },
    addCandidate(row: NewCandidateRow): number {
      return Number(insertCandidate.run(row).lastInsertRowid);
    },
    findCandidate(id: number): CandidateRow | undefined {
      return selectCandidate.get(id) as CandidateRow | undefined;
    },
    /** Pending candidates, those of one source first when given (oldest documents first, in reading order). */
    listPending(options: { sourceId?: string | null; limit: number }): CandidateRow[] {
      return selectPending.all({ source_id: options.sourceId ?? null, limit: options.limit }) as CandidateRow[];
    },
    listBySource(sourceId: string): CandidateRow[] {
      return selectBySource.all(sourceId) as CandidateRow[];
    },
    countPending(sourceId?: string | null): number {
      return countPending.get({ source_id: sourceId ?? null }) as number;
    },
    listQueuedSources(): QueuedSourceRow[] {
      return selectQueuedSources.all() as QueuedSourceRow[];
    },
    /** Accepts, rejects or merges a pending candidate; false when it was no longer pending. */
    decide(id: number, status: Exclude<CandidateStatus, 'pending'>, statementId: string | null, by: string): boolean {
      return decide.run({ id, status, statement_id: statementId, reviewed_by: by }).changes === 1;
    },
    setMatch(id: number, statementId: string | null): void {
      setMatch.run(statementId, id);
    },
    /** People whose name is this one, ignoring case: the same speaker for matching quotes. */
    findPersonIdsByName(name: string): string[] {
      return selectPeopleByName.all(name.trim()) as string[];
    },
    listStatementsBySpeakers(personIds: readonly string[]): SpokenStatementRow[] {
      if (personIds.length === 0) return [];
      return selectStatementsBySpeakers.all(JSON.stringify(personIds)) as SpokenStatementRow[];
    },
    listSourceIdsOf(statementId: string): string[] {
      return selectSourceIdsOf.all(statementId) as string[];
    },
    /**
     * Adds a source that carries a statement's words after its others (the next ordinal) and marks
     * the statement changed. The caller enqueues it for the index in the same transaction.
     */
    addFurtherSource(statementId: string, link: {
      source_id: string; char_start: number | null; char_end: number | null; time_start: number | null; time_end: number | null;
    }): void {
      insertFurtherSource.run({ statement_id: statementId, ...link });
      touchStatement.run(statementId);
    },
    listMeasureOptions(): OptionRow[] {
      return measureOptions.all() as OptionRow[];
    },
    listMeetingOptions(): OptionRow[] {
      return meetingOptions.all() as OptionRow[];
    },
  };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;
