// TEMPORARY import path: deleted with data/legacy-repositories.ts once callers use the entity repositories.
export {
  createReviewRepository, type CandidateRow, type CandidateStatus, type IngestedDocumentRow, type NewCandidateRow,
  type OptionRow, type QueuedSourceRow, type ReviewRepository, type SpokenStatementRow,
} from './legacy-repositories.js';
