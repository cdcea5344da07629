import type { Logger } from 'pino';
import type { Meilisearch } from 'meilisearch';
import type { Store } from '../data/store.js';
import type { IndexSyncer } from '../indexer/syncer.js';
import type { Config } from './config.js';
import type { SearchService } from './search/search.service.js';

/** Everything the HTTP app needs, built by main.ts (or by a test) and passed to createApp. */
export interface AppDeps {
  /** Without rateLimits, the defaults apply (see DEFAULT_RATE_LIMITS). */
  config: Pick<Config, 'baseUrl' | 'indexUid'> & Partial<Pick<Config, 'rateLimits'>>;
  logger: Logger;
  store: Store;
  search: SearchService;
  meili: Meilisearch;
  syncer?: IndexSyncer;
  /** Production serves cached templates and terse errors; development shows more. */
  production: boolean;
}
