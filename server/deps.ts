import type { Logger } from 'pino';
import type { Meilisearch } from 'meilisearch';
import type { Store } from '../data/store.js';
import type { IndexSyncer } from '../indexer/syncer.js';
import type { AlertScheduler } from './alerts/alert-scheduler.js';
import type { AlertsService } from './alerts/alerts.service.js';
import type { Config } from './config.js';
import type { SearchService } from './search/search.service.js';
import type { AdminServices } from './services/admin-services.js';
import { createBrowseListService, type BrowseListService } from './services/browse-lists.service.js';
import type { JobsService } from './services/jobs.service.js';
import { createBrowseService, type BrowseService } from './services/browse.service.js';
import { createEntityListService, type EntityListService } from './services/entity-lists.service.js';
import { createExportService, type ExportService } from './services/export.service.js';
import { createHealthService, type HealthService } from './services/health.service.js';
import { createHomeService, type HomeService } from './services/home.service.js';
import { createSearchPageService, type SearchPageService } from './services/search.service.js';
import { createSitemapService, type SitemapService } from './services/sitemap.service.js';
import { createStatementPageService, type StatementPageService } from './services/statement-page.service.js';
import { createVocabularyService, type VocabularyService } from './services/vocabulary.service.js';

/** The services behind the public pages and the JSON API: routes call these, never a repository. */
export interface ReadServices {
  searchPages: SearchPageService;
  statementPages: StatementPageService;
  browse: BrowseService;
  /** The browse index pages (/measures, /meetings, /topics, /sources, /organizations). */
  browseLists: BrowseListService;
  /** What /sitemap.xml and its paged sitemaps list. */
  sitemaps: SitemapService;
  /** The API's filtered entity lists. */
  lists: EntityListService;
  home: HomeService;
  exports: ExportService;
  health: HealthService;
  /** The archive's words and names for "Did you mean": main.ts builds it at start-up, then it keeps itself fresh. */
  vocabulary: VocabularyService;
}

/** Everything the HTTP app needs, built by main.ts (or by a test) and passed to createApp. */
export interface AppDeps extends ReadServices {
  /** Without rateLimits, the defaults apply (see DEFAULT_RATE_LIMITS). */
  config: Pick<Config, 'baseUrl' | 'indexUid'> &
    Partial<Pick<Config, 'rateLimits' | 'searchConcurrency' | 'exportsPerClient' | 'readOnly' | 'trustProxy'>>;
  logger: Logger;
  /** The curator's use cases (every write, the review queue, the history), built once: createAdminServices(store). */
  services: AdminServices;
  /**
   * Only the admin router reads the store, and no public router: curator sessions (infrastructure,
   * server/admin/session.ts), and the entity kinds' forms, finding lists and loads, which
   * server/admin/entity-kinds.ts describes over the store (the entity routes pass it to them).
   * Every write, and the other curator pages' reads, go through `services`.
   */
  store: Store;
  /** Long work started from the web (an upload import), each in a process of its own. */
  jobs: JobsService;
  syncer?: IndexSyncer;
  /** Email alerts (sign-up, confirm, manage); without them the pages offer no "Get alerts" form. */
  alerts?: { service: AlertsService; scheduler?: AlertScheduler };
  /** Production serves cached templates and terse errors; development shows more. */
  production: boolean;
}

export interface ReadServiceParts {
  store: Store;
  /** The engine search, holding the search-only key. */
  search: SearchService;
  /** The admin client: only the health check uses it (index stats need more than the search key). */
  engine: Meilisearch;
  indexUid: string;
  /** A failed build of the "Did you mean" vocabulary (suggestions then stay as they were). */
  onVocabularyError?: (error: unknown) => void;
}

/** The read services over one store and one engine; main.ts and the tests build them the same way. */
export function createReadServices({ store, search, engine, indexUid, onVocabularyError }: ReadServiceParts): ReadServices {
  const vocabulary = createVocabularyService({ store, onError: onVocabularyError });
  return {
    vocabulary,
    searchPages: createSearchPageService({ search, store, vocabulary }),
    statementPages: createStatementPageService({ store, search }),
    browse: createBrowseService({ store }),
    browseLists: createBrowseListService({ store }),
    sitemaps: createSitemapService({ store }),
    lists: createEntityListService({ store }),
    home: createHomeService({ store }),
    exports: createExportService({ search, store }),
    health: createHealthService({ store, engine, indexUid }),
  };
}
