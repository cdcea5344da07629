import { Router, type RequestHandler, type Response } from 'express';
import { retryWhenBusy } from '../http/busy-retry.js';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../http/http-error.js';
import { answerTooManyRequests, RATE_LIMIT_WINDOW } from '../http/set-up-rate-limit.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';
import {
  checkLoginCsrf,
  currentCurator,
  endSession,
  issueLoginCsrf,
  requireCsrf,
  setUpCuratorSession,
  signInAccountKey,
  startSession,
} from './session.js';
import { toAdminHomeView, toLoginView } from './admin.view.js';
import { entitiesAdminRouter } from './entities.admin.routes.js';
import { statementsAdminRouter } from './statements.admin.routes.js';
import { jobsAdminRouter } from './jobs.admin.routes.js';
import { importAdminRouter } from './import.admin.routes.js';
import { reviewAdminRouter } from './review.admin.routes.js';
import { parseFormBody } from '../http/form-body.js';

const loginForm = z.object({
  name: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  next: z.string().optional(),
});

/** Only a path inside /admin may be a place to return to after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&_%-]*)?$/.test(next) ? next : '/admin';
}

function tooManyAttempts(): RequestHandler {
  const options = {
    ...RATE_LIMIT_WINDOW,
    handler: answerTooManyRequests((seconds) => `Too many sign-in attempts. Try again in ${seconds} seconds.`),
  };
  return Router().use(
    // Per address and account: guessing one curator's password is slow...
    rateLimit({
      ...options,
      limit: 5,
      keyGenerator: (req) =>
        `${ipKeyGenerator(req.ip ?? '')}|${signInAccountKey((req.body as { name?: unknown } | undefined)?.name)}`,
    }),
    // ...and so is trying many accounts from one address.
    rateLimit({ ...options, limit: 20, keyGenerator: (req) => ipKeyGenerator(req.ip ?? '') }),
  );
}

/** Without a session: a redirect to sign-in for pages, 401 for JSON. */
function requireCurator(): RequestHandler {
  return (req, res, next) => {
    if (currentCurator(res)) return next();
    if (req.path.startsWith('/api/') || !req.accepts('html')) {
      next(new HttpError(401, 'unauthorized', 'Sign in as a curator first.'));
      return;
    }
    res.redirect(303, `/admin/login?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
  };
}

/** The curator's side: everything under /admin needs a session; every form carries a CSRF token. */
export function adminRouter(deps: AppDeps): Router {
  const router = Router();
  // Sessions are infrastructure, not a use case: the session helpers read and write them directly.
  const { curators } = deps.store;
  const { services } = deps;
  const form = parseFormBody({ limit: '100kb', parameterLimit: 200 });

  router.use('/admin', (_req, res, next) => {
    // Curator pages are private: never cached, never indexed.
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
    next();
  });
  router.use('/admin', setUpCuratorSession(curators));

  router.get('/admin/login', (req, res) => {
    if (currentCurator(res)) return res.redirect(303, safeNext(req.query.next));
    res.render('pages/admin/login', toLoginView(issueLoginCsrf(req, res), safeNext(req.query.next), null));
  });

  router.post(
    '/admin/login',
    form,
    tooManyAttempts(),
    retryWhenBusy(async (req, res) => {
      const parsed = loginForm.safeParse(req.body);
      const next = safeNext(parsed.success ? parsed.data.next : undefined);
      if (!checkLoginCsrf(req)) {
        res
          .status(403)
          .render(
            'pages/admin/login',
            toLoginView(issueLoginCsrf(req, res), next, 'The sign-in form expired. Please try again.'),
          );
        return;
      }
      const user = parsed.success ? curators.findByName(parsed.data.name) : undefined;
      const password = parsed.success ? parsed.data.password : '';
      // Verify against a decoy when the name is unknown, so timing does not reveal which names exist.
      const ok = (await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password)) && user !== undefined;
      if (!ok || !user) {
        deps.logger.warn({ ip: req.ip }, 'failed curator sign-in');
        res.status(401).render('pages/admin/login', toLoginView(issueLoginCsrf(req, res), next, 'Wrong name or password.'));
        return;
      }
      startSession(curators, req, res, user.id);
      deps.logger.info({ curator: user.name }, 'curator signed in');
      res.redirect(303, next);
    }),
  );

  router.use('/admin', requireCurator());
  router.use(importAdminRouter(deps.jobs));
  router.use(jobsAdminRouter(deps.jobs));
  router.use(reviewAdminRouter(deps, services));
  router.post(
    '/admin/logout',
    form,
    requireCsrf(),
    retryWhenBusy((req, res) => {
      endSession(curators, req, res);
      res.redirect(303, '/');
    }),
  );

  // Editing pages sit behind the sign-in check above; their POSTs check the CSRF token.
  router.use(statementsAdminRouter(deps, services), entitiesAdminRouter(deps, services));

  router.get('/admin', (_req, res: Response) => {
    res.render('pages/admin/home', toAdminHomeView(currentCurator(res)!, services.history.recent(20)));
  });

  return router;
}
