import type { StatementRepository } from '../../data/statement.repository.js';
import { toCsvChunk } from './export.csv.js';
import { toNdjsonChunk } from './export.ndjson.js';

export const ARCHIVE_EXPORT_BATCH = 500;

/**
 * Every published statement from SQLite (no engine needed), in id order, as CSV (header first)
 * or NDJSON chunks: the same columns and Statement JSON as /export/search.*, read in batches so
 * an archive of any size exports in constant memory.
 */
export function* archiveExportChunks(
  statements: StatementRepository,
  format: 'csv' | 'ndjson',
  baseUrl: string,
  batchSize = ARCHIVE_EXPORT_BATCH,
): Generator<{ chunk: string; count: number }> {
  let after = '';
  let first = true;
  for (;;) {
    const ids = statements.listPublishedIdsAfter(after, batchSize);
    if (ids.length === 0 && !first) return;
    const batch = statements.findManyByIds(ids);
    yield { chunk: format === 'csv' ? toCsvChunk(batch, baseUrl, first) : toNdjsonChunk(batch, baseUrl), count: batch.length };
    first = false;
    if (ids.length < batchSize) return;
    after = ids[ids.length - 1] as string;
  }
}
