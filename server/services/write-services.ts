import type { Store } from '../../data/store.js';
import { createCuratorsService } from './curators.service.js';
import { createEntityEditingService } from './entity-editing.service.js';
import { createImportService } from './import/import.service.js';
import { createIngestService } from './ingest.service.js';
import { createReviewService } from './review.service.js';
import { createStatementEditingService } from './statement-editing.service.js';

/**
 * Every write use case, bound to one store: what the admin routes and the CLI call. Routes and
 * commands never write through a repository themselves.
 */
export function createWriteServices(store: Store) {
  return {
    imports: createImportService(store),
    statements: createStatementEditingService(store),
    entities: createEntityEditingService(store),
    review: createReviewService(store),
    ingest: createIngestService(store),
    curators: createCuratorsService(store),
  };
}

export type WriteServices = ReturnType<typeof createWriteServices>;
