import type { Store } from '../../data/store.js';
import { createReviewQueueService } from './review-queue.service.js';
import { createHistoryService } from './revisions.service.js';
import { createWriteServices } from './write-services.js';

/**
 * What the admin routes call: every write use case, plus the curator pages' reads that compose
 * several repositories (the review queue, the history of changes). Built once, in AppDeps.
 */
export function createAdminServices(store: Store) {
  return {
    ...createWriteServices(store),
    reviewQueue: createReviewQueueService(store),
    history: createHistoryService(store),
  };
}

export type AdminServices = ReturnType<typeof createAdminServices>;
