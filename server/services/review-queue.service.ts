import type { Candidate, QueuedSource } from '../../data/candidate.repository.js';
import type { Topic } from '../../data/domain/entities.js';
import type { ListOption } from '../../data/finding-list.sql.js';
import type { SourceType } from '../../data/archive.types.js';
import type { Store } from '../../data/store.js';
import { findMatchingStatement } from './ingest.service.js';

// What /admin/review shows: the pending candidates (of one document, or all), each with its
// source's stored text and the published statement it may repeat, plus the queue and the
// choices the accept form offers. Reads only; the decisions are review.service.ts.

export interface ReviewItem {
  candidate: Candidate;
  sourceText: string;
  matchedStatement: { id: string; text: string } | null;
}

export interface ReviewSource {
  id: string;
  type: SourceType;
  title: string | null;
  outlet: string | null;
  url: string | null;
}

export interface ReviewChoices {
  measures: ListOption[];
  meetings: ListOption[];
  topics: Topic[];
}

export interface ReviewQueuePage {
  items: ReviewItem[];
  sources: Map<string, ReviewSource & { text: string }>;
  queued: QueuedSource[];
  pending: number;
  choices: ReviewChoices;
}

export function createReviewQueueService(store: Store) {
  return {
    /** Up to `limit` pending candidates, of one source or of all. */
    queuePage(sourceId: string | null, limit: number): ReviewQueuePage {
      const sources = new Map<string, ReviewSource & { text: string }>();
      const items = store.candidates.listPending({ sourceId, limit }).map((candidate): ReviewItem => {
        let source = sources.get(candidate.source_id);
        if (!source) {
          const found = store.sources.findWithText(candidate.source_id);
          source = {
            id: candidate.source_id,
            type: found?.type ?? 'news_article',
            title: found?.title ?? null,
            outlet: found?.outlet ?? null,
            url: found?.url ?? null,
            text: found?.text ?? '',
          };
          sources.set(candidate.source_id, source);
        }
        // A statement archived after this document was ingested may match now: offered, not stored, until merged.
        const matchedId = candidate.matched_statement_id ?? findMatchingStatement(store, candidate);
        const matched = matchedId ? store.statements.findById(matchedId) : undefined;
        return {
          candidate,
          sourceText: source.text,
          matchedStatement: matched && matched.status === 'published' ? { id: matched.id, text: matched.text } : null,
        };
      });
      return {
        items,
        sources,
        queued: store.candidates.listQueuedSources(),
        pending: store.candidates.countPending(),
        choices: { measures: store.measures.listOptions(), meetings: store.meetings.listOptions(), topics: store.topics.list() },
      };
    },
    /** The source a candidate came from: the queue a refused decision is shown in again. */
    sourceOfCandidate(candidateId: number): string | null {
      return store.candidates.findById(candidateId)?.source_id ?? null;
    },
    /** Whether an accepted statement's words were not found verbatim in its stored text. */
    isUnverified(statementId: string): boolean {
      return store.statements.findById(statementId)?.verified === false;
    },
  };
}

export type ReviewQueueService = ReturnType<typeof createReviewQueueService>;
