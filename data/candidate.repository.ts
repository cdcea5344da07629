import type { SourceType } from './archive.types.js';
import type { Db } from './db.js';

export type CandidateStatus = 'pending' | 'accepted' | 'rejected' | 'merged';

/** A candidate statement as the extractor proposed it, waiting in (or done with) review. */
export interface Candidate {
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
  /** The extractor's confidence in the attribution, 0-1 (null for candidates queued before it was kept). */
  confidence: number | null;
  /** The words the speaker was read from ("Villanueva said"), or null. */
  evidence: string | null;
  status: CandidateStatus;
  statement_id: string | null;
  matched_statement_id: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
}

export type NewCandidate = Pick<
  Candidate,
  | 'source_id'
  | 'text'
  | 'speaker_name'
  | 'role'
  | 'char_start'
  | 'char_end'
  | 'time_start'
  | 'time_end'
  | 'kind'
  | 'confidence'
  | 'evidence'
  | 'matched_statement_id'
>;

/** A document the extractor read: which source, in what format, and the SHA-1 of its text. */
export interface IngestedDocument {
  source_id: string;
  format: string;
  text_sha1: string;
  created_by: string | null;
  created_at: string;
}

/** A document in the queue: the source and how many of its candidates wait for review. */
export interface QueuedSource {
  source_id: string;
  type: SourceType;
  title: string | null;
  outlet: string | null;
  url: string | null;
  pending: number;
}

const CANDIDATE_COLUMNS = `id, source_id, text, speaker_name, role, char_start, char_end, time_start, time_end, kind,
  confidence, evidence, status, statement_id, matched_statement_id, reviewed_by, reviewed_at, created_at`;
const DOCUMENT_COLUMNS = 'source_id, format, text_sha1, created_by, created_at';

/** The review queue: ingested documents and their candidate statements. */
export function createCandidateRepository(db: Db) {
  const insertDocument = db.prepare<Omit<IngestedDocument, 'created_at'>>(
    'INSERT INTO ingested_documents (source_id, format, text_sha1, created_by) VALUES (@source_id, @format, @text_sha1, @created_by)',
  );
  const selectDocument = db.prepare<[string], IngestedDocument>(
    `SELECT ${DOCUMENT_COLUMNS} FROM ingested_documents WHERE source_id = ?`,
  );
  const selectDocumentByText = db.prepare<[string], IngestedDocument>(
    `SELECT ${DOCUMENT_COLUMNS} FROM ingested_documents WHERE text_sha1 = ?`,
  );
  const insertCandidate = db.prepare<NewCandidate>(`
    INSERT INTO candidates (source_id, text, speaker_name, role, char_start, char_end, time_start, time_end, kind,
      confidence, evidence, matched_statement_id)
    VALUES (@source_id, @text, @speaker_name, @role, @char_start, @char_end, @time_start, @time_end, @kind,
      @confidence, @evidence, @matched_statement_id)`);
  const selectCandidate = db.prepare<[number], Candidate>(`SELECT ${CANDIDATE_COLUMNS} FROM candidates WHERE id = ?`);
  const selectPending = db.prepare<{ source_id: string | null; limit: number }, Candidate>(`
    SELECT ${CANDIDATE_COLUMNS} FROM candidates WHERE status = 'pending' AND (@source_id IS NULL OR source_id = @source_id)
     ORDER BY source_id = @source_id DESC, created_at, source_id, char_start LIMIT @limit`);
  const selectBySource = db.prepare<[string], Candidate>(
    `SELECT ${CANDIDATE_COLUMNS} FROM candidates WHERE source_id = ? ORDER BY char_start, id`,
  );
  const countPending = db
    .prepare<{ source_id: string | null }, number>(
      `SELECT count(*) FROM candidates WHERE status = 'pending' AND (@source_id IS NULL OR source_id = @source_id)`,
    )
    .pluck();
  const selectQueuedSources = db.prepare<[], QueuedSource>(`
    SELECT c.source_id, s.type, s.title, s.outlet, s.url, count(*) AS pending
      FROM candidates c JOIN sources s ON s.id = c.source_id
     WHERE c.status = 'pending'
     GROUP BY c.source_id ORDER BY min(c.created_at), c.source_id`);
  // Only a pending candidate can be decided, so a form sent twice changes nothing the second time.
  const decide = db.prepare<{ id: number; status: CandidateStatus; statement_id: string | null; reviewed_by: string }>(`
    UPDATE candidates SET status = @status, statement_id = @statement_id, reviewed_by = @reviewed_by,
           reviewed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = @id AND status = 'pending'`);
  const setMatch = db.prepare<[string | null, number]>('UPDATE candidates SET matched_statement_id = ? WHERE id = ?');

  return {
    recordDocument(document: Omit<IngestedDocument, 'created_at'>): void {
      insertDocument.run({
        source_id: document.source_id,
        format: document.format,
        text_sha1: document.text_sha1,
        created_by: document.created_by,
      });
    },
    findDocument(sourceId: string): IngestedDocument | undefined {
      return selectDocument.get(sourceId);
    },
    /** The document ingested earlier with exactly this stored text (by its SHA-1), if any. */
    findDocumentByText(textSha1: string): IngestedDocument | undefined {
      return selectDocumentByText.get(textSha1);
    },
    add(candidate: NewCandidate): number {
      return Number(insertCandidate.run(candidate).lastInsertRowid);
    },
    findById(id: number): Candidate | undefined {
      return selectCandidate.get(id);
    },
    /** Pending candidates, those of one source first when given (oldest documents first, in reading order). */
    listPending(options: { sourceId?: string | null; limit: number }): Candidate[] {
      return selectPending.all({ source_id: options.sourceId ?? null, limit: options.limit });
    },
    listBySource(sourceId: string): Candidate[] {
      return selectBySource.all(sourceId);
    },
    countPending(sourceId?: string | null): number {
      return countPending.get({ source_id: sourceId ?? null }) ?? 0;
    },
    listQueuedSources(): QueuedSource[] {
      return selectQueuedSources.all();
    },
    /** Accepts, rejects or merges a pending candidate; false when it was no longer pending. */
    decide(id: number, status: Exclude<CandidateStatus, 'pending'>, statementId: string | null, by: string): boolean {
      return decide.run({ id, status, statement_id: statementId, reviewed_by: by }).changes === 1;
    },
    setMatch(id: number, statementId: string | null): void {
      setMatch.run(statementId, id);
    },
  };
}

export type CandidateRepository = ReturnType<typeof createCandidateRepository>;
