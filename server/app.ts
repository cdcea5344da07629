import express, { type Express } from 'express';
import { staticDir, viewsDir } from '../data/paths.js';
import { adminRouter } from './admin/admin.routes.js';
import { alertFormLocals } from './alerts/alert-form.locals.js';
import { alertsRouter } from './alerts/alerts.routes.js';
import { apiRouter } from './api/api.routes.js';
import { DEFAULT_EXPORTS_PER_CLIENT, DEFAULT_RATE_LIMITS, DEFAULT_SEARCH_CONCURRENCY } from './config.js';
import { crawlRouter } from './crawl/crawl.routes.js';
import type { AppDeps } from './deps.js';
import { healthRouter } from './health/health.routes.js';
import { homeRouter } from './home/home.routes.js';
import { setUpErrorHandler, setUpNotFound } from './http/error-handler.js';
import { setUpExportsPerClient } from './http/set-up-exports-per-client.js';
import { setUpLoadShedding } from './http/set-up-load-shedding.js';
import { setUpRateLimit } from './http/set-up-rate-limit.js';
import { refuseWrites } from './http/read-only.js';
import { setUpRequestLogging } from './http/set-up-request-logging.js';
import { setUpSecurity } from './http/set-up-security.js';
import { exportRouter } from './search/export.routes.js';
import { listsRouter } from './lists/lists.routes.js';
import { measuresRouter } from './measures/measures.routes.js';
import { meetingsRouter } from './meetings/meetings.routes.js';
import { searchRouter } from './search/search.routes.js';
import { sourcesRouter } from './sources/sources.routes.js';
import { speakersRouter } from './speakers/speakers.routes.js';
import { citationRouter } from './statements/citation.routes.js';
import { statementsRouter } from './statements/statements.routes.js';
import { topicsRouter } from './topics/topics.routes.js';

/** The HTTP app: no environment reads and no listen, so tests build it with their own deps. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-* count only from the proxies TRUST_PROXY names (none by default).
  app.set('trust proxy', deps.config.trustProxy ?? false);
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  app.set('json spaces', deps.production ? 0 : 2);

  app.use(setUpRequestLogging(deps.logger));
  app.use(setUpSecurity());
  app.use('/static', express.static(staticDir, { maxAge: deps.production ? '1h' : 0, index: false }));

  app.use(healthRouter(deps));
  app.use(crawlRouter(deps));
  // Per client address; searches and exports are counted apart, and no other page is limited.
  const limits = deps.config.rateLimits ?? DEFAULT_RATE_LIMITS;
  app.use(['/search', '/api/search'], setUpRateLimit(limits.searchPerMinute));
  app.use(['/export', '/feeds'], setUpRateLimit(limits.exportPerMinute));
  // A full export holds the engine and SQLite for a while: a few at once per client, 429 beyond.
  app.use('/export', setUpExportsPerClient(deps.config.exportsPerClient ?? DEFAULT_EXPORTS_PER_CLIENT));
  // After the per-client limits: what reaches the engine is bounded as a whole (503 beyond).
  app.use(
    ['/search', '/api/search', '/export', '/feeds'],
    setUpLoadShedding(deps.config.searchConcurrency ?? DEFAULT_SEARCH_CONCURRENCY),
  );
  // A replica writes nothing: every request that could is refused before any route sees it.
  if (deps.config.readOnly) app.use(refuseWrites());
  app.use('/api', apiRouter(deps));
  if (deps.alerts) {
    app.use(alertFormLocals(deps.store));
    app.use(
      alertsRouter({
        alerts: deps.alerts.service,
        scheduler: deps.alerts.scheduler,
        store: deps.store,
        signupsPerMinute: limits.alertSignupsPerMinute ?? 10,
      }),
    );
  }
  app.use(homeRouter(deps));
  app.use(searchRouter(deps));
  app.use(exportRouter(deps));
  app.use(statementsRouter(deps));
  app.use(listsRouter(deps));
  app.use(speakersRouter(deps));
  app.use(meetingsRouter(deps));
  app.use(measuresRouter(deps));
  app.use(topicsRouter(deps));
  app.use(sourcesRouter(deps));

  app.use(citationRouter(deps));
  // Only curation pages load the admin styles: head.ejs reads this flag (admin templates pass no data to it).
  app.use('/admin', (_req, res, next) => {
    res.locals.adminStyles = true;
    next();
  });
  app.use(adminRouter(deps));

  app.use(setUpNotFound());
  app.use(setUpErrorHandler(deps.logger, { production: deps.production }));
  return app;
}
