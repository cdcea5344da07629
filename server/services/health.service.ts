import type { Meilisearch } from 'meilisearch';
import type { Store } from '../../data/store.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: 'ok' | 'error';
  search: 'ok' | 'unavailable';
  statements: number;
  /** Documents in the index; null when the engine did not answer. */
  indexed: number | null;
  /** Outbox entries not yet in the index. */
  pending: number;
}

export interface HealthServiceDeps {
  store: Pick<Store, 'checkHealth' | 'statements' | 'outbox'>;
  /**
   * The server's admin client, held here alone: the key searches go out with may only search,
   * so it cannot read the index's stats.
   */
  engine: Meilisearch;
  indexUid: string;
}

/** Is the store answering, is search up, and has the index caught up with the store? */
export function createHealthService({ store, engine, indexUid }: HealthServiceDeps) {
  return {
    async check(): Promise<HealthReport> {
      const db = store.checkHealth() ? 'ok' : 'error';
      const statements = store.statements.countPublished();
      const pending = store.outbox.countPending();
      const indexed = await engine
        .index(indexUid)
        .getStats()
        .then(
          (stats) => stats.numberOfDocuments,
          () => null,
        );
      const search = indexed === null ? 'unavailable' : 'ok';
      return { status: db === 'ok' && search === 'ok' ? 'ok' : 'degraded', db, search, statements, indexed, pending };
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
