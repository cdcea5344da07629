// Compatibility only: ingesting moved to server/services/ingest.service.ts. Kept for a browser
// test outside the write side; delete once it imports from there.
export { ingestForReview } from '../services/ingest.service.js';
