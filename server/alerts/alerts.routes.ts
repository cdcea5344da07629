import express, { Router, type Request, type Response } from 'express';
import { retryWhenBusy } from '../http/busy-retry.js';
import { z } from 'zod';
import { ALERT_FREQUENCIES, type AlertFrequency } from '../../data/alert-subscription.repository.js';
import type { Store } from '../../data/store.js';
import { checkFormToken, issueFormToken } from '../http/form-csrf.js';
import { HttpError } from '../http/http-error.js';
import { setUpRateLimit } from '../http/set-up-rate-limit.js';
import { parseSearchQuery } from '../search/search.query.js';
import { describeSavedSearch, SAVED_SEARCH_PARAMS, type SavedSearch } from './alert-search.js';
import type { AlertScheduler } from './alert-scheduler.js';
import { MANAGE_TOKEN_PATTERN } from './alert-tokens.js';
import type { AlertsService, ManageAction } from './alerts.service.js';
import { messagePage, toAlertFormView, toAlertManageView, type FieldProblem } from './alerts.view.js';

export interface AlertsRouteDeps {
  alerts: AlertsService;
  scheduler?: AlertScheduler;
  store: Pick<Store, 'measures' | 'speakers' | 'organizations' | 'topics'>;
  signupsPerMinute: number;
}

const FORM_FIELDS = new Set(['email', 'frequency', '_csrf']);
const emailSchema = z
  .email({ error: 'expected an email address such as reporter@example.org' })
  .max(254, 'expected at most 254 characters');

const toSaved = (params: Record<string, unknown>): SavedSearch => {
  const { q, filters, from, to } = parseSearchQuery(params);
  return { q, filters, from, to };
};

const firstString = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';

/** Reads a sign-up: every problem is named by its field, the form answers again with them. */
function readSignup(body: Record<string, unknown>): {
  email: string;
  frequency: AlertFrequency;
  search: SavedSearch | null;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const email = firstString(body.email).trim();
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success)
    problems.push({
      field: 'email',
      message: email === '' ? 'enter your email address' : (parsedEmail.error.issues[0]?.message ?? 'invalid'),
    });
  const frequency = firstString(body.frequency);
  if (!(ALERT_FREQUENCIES as readonly string[]).includes(frequency)) {
    problems.push({ field: 'frequency', message: `expected one of ${ALERT_FREQUENCIES.join(', ')}` });
  }
  const searchParams: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (FORM_FIELDS.has(key)) continue;
    if (!SAVED_SEARCH_PARAMS.includes(key))
      problems.push({ field: key, message: `not a search parameter (expected ${SAVED_SEARCH_PARAMS.join(', ')})` });
    else searchParams[key] = value;
  }
  let search: SavedSearch | null = null;
  try {
    search = toSaved(searchParams);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    problems.push({ field: error.param ?? 'search', message: error.message });
  }
  return { email, frequency: frequency as AlertFrequency, search, problems };
}

const PROBLEM_TEXT = {
  malformed: 'This confirmation link is not complete. Copy the whole link from the mail, or sign up again.',
  tampered:
    'This confirmation link is not valid: it was changed, or a newer sign-up replaced it. Use the newest mail, or sign up again.',
  expired: 'This confirmation link has expired (links work for 48 hours). Sign up again to get a new one.',
} as const;

/** Alerts: sign up (double opt-in), confirm, manage, one-click unsubscribe. No account needed. */
export function alertsRouter(deps: AlertsRouteDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 200 });
  const signupLimit = setUpRateLimit(deps.signupsPerMinute);
  const describe = (search: SavedSearch | null) => (search ? describeSavedSearch(search, deps.store) : 'this search');

  const renderForm = (
    req: Request,
    res: Response,
    input: Parameters<typeof toAlertFormView>[0] extends infer T ? Omit<T & object, 'csrf'> : never,
  ) =>
    res.render('pages/alert-signup', {
      title: 'Get alerts',
      alertForm: toAlertFormView({ ...input, csrf: issueFormToken(req, res) }),
    });

  router.get('/alerts', (req, res) => {
    const search = toSaved(req.query);
    renderForm(req, res, { search, description: describe(search) });
  });

  router.post(
    '/alerts',
    signupLimit,
    form,
    retryWhenBusy((req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!checkFormToken(req, body._csrf)) {
        throw new HttpError(
          403,
          'csrf_failed',
          'This form has expired or did not come from this site. Reload the page and try again.',
        );
      }
      const signup = readSignup(body);
      if (signup.problems.length > 0 || !signup.search) {
        const hidden = Object.entries(body)
          .filter(([key]) => !FORM_FIELDS.has(key))
          .flatMap(([name, value]) =>
            (Array.isArray(value) ? value : [value])
              .filter((v): v is string => typeof v === 'string')
              .map((v) => ({ name, value: v })),
          );
        res.status(400);
        renderForm(req, res, {
          search: signup.search,
          hidden,
          description: describe(signup.search),
          email: signup.email,
          frequency: signup.frequency,
          problems: signup.problems,
        });
        return;
      }
      deps.alerts.subscribe({ email: signup.email, frequency: signup.frequency, search: signup.search });
      deps.scheduler?.kick();
      // The same answer whether the address is new, pending, already subscribed or over its limit.
      res.render('pages/alert-message', {
        title: 'Check your inbox',
        page: messagePage({
          title: 'Check your inbox',
          testId: 'alert-requested',
          paragraphs: [
            `If ${signup.email} can receive mail, a message with a confirmation link is on its way. Alerts for ${describe(signup.search)} start once you follow it.`,
            'Nothing is sent to the address before then, and an unconfirmed sign-up is forgotten after seven days.',
          ],
        }),
      });
    }),
  );

  router.get('/alerts/confirm/:token', (req, res) => {
    const check = deps.alerts.checkConfirmationToken(req.params.token);
    if (!check.ok) {
      res.status(400).render('pages/alert-message', {
        title: 'Link not valid',
        page: messagePage({
          title: 'This link cannot be used',
          testId: 'alert-link-problem',
          paragraphs: [PROBLEM_TEXT[check.problem]],
        }),
      });
      return;
    }
    // A button, not an automatic confirmation: mail scanners that open links must not sign anyone up.
    res.render('pages/alert-message', {
      title: 'Confirm your alert',
      page: messagePage({
        title: 'Confirm your alert',
        testId: 'alert-confirm',
        paragraphs: ['Start sending alerts to this address?'],
        button: { action: `/alerts/confirm/${req.params.token}`, label: 'Yes, start my alerts', fields: [] },
      }),
    });
  });

  router.post(
    '/alerts/confirm/:token',
    retryWhenBusy<{ token: string }>((req, res) => {
      const outcome = deps.alerts.confirm(req.params.token);
      if (!outcome.ok) {
        res.status(400).render('pages/alert-message', {
          title: 'Link not valid',
          page: messagePage({
            title: 'This link cannot be used',
            testId: 'alert-link-problem',
            paragraphs: [PROBLEM_TEXT[outcome.problem]],
          }),
        });
        return;
      }
      const token = outcome.manage.manageUrl.split('/').pop() as string;
      res.render('pages/alert-manage', {
        title: 'Your alert',
        manage: toAlertManageView(outcome.manage, token, 'Your alert is on. Every alert mail links back to this page.'),
      });
    }),
  );

  const unknownLink = (res: Response) =>
    res.status(404).render('pages/alert-message', {
      title: 'No such alert',
      page: messagePage({
        title: 'No alert with this link',
        testId: 'alert-unknown',
        paragraphs: ['This alert does not exist (any more): it may have been deleted or unsubscribed.'],
      }),
    });

  router.get('/alerts/manage/:token', (req, res) => {
    const managed = MANAGE_TOKEN_PATTERN.test(req.params.token) ? deps.alerts.loadManaged(req.params.token) : null;
    if (!managed) return unknownLink(res);
    res.render('pages/alert-manage', { title: 'Your alert', manage: toAlertManageView(managed, req.params.token) });
  });

  const ACTIONS: readonly ManageAction[] = ['frequency', 'pause', 'resume', 'delete', 'delete-address'];
  router.post(
    '/alerts/manage/:token',
    form,
    retryWhenBusy<{ token: string }>((req, res) => {
      const token = req.params.token;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const action = firstString(body.action) as ManageAction;
      if (!ACTIONS.includes(action))
        throw new HttpError(400, 'invalid_parameter', `action: expected one of ${ACTIONS.join(', ')}`, 'action');
      const frequency = firstString(body.frequency);
      if (action === 'frequency' && !(ALERT_FREQUENCIES as readonly string[]).includes(frequency)) {
        throw new HttpError(400, 'invalid_parameter', `frequency: expected one of ${ALERT_FREQUENCIES.join(', ')}`, 'frequency');
      }
      const done = MANAGE_TOKEN_PATTERN.test(token) ? deps.alerts.manage(token, action, frequency as AlertFrequency) : null;
      if (!done) return unknownLink(res);
      if (action === 'delete' || action === 'delete-address') {
        res.render('pages/alert-message', {
          title: 'Deleted',
          page: messagePage({
            title: action === 'delete' ? 'Alert deleted' : 'Address deleted',
            testId: 'alert-deleted',
            paragraphs: [
              action === 'delete'
                ? 'This alert is deleted; no more mail will be sent for it.'
                : `${done.email} and every alert it followed are deleted from On Record.`,
            ],
          }),
        });
        return;
      }
      const managed = deps.alerts.loadManaged(token);
      if (!managed) return unknownLink(res);
      const notice = {
        frequency: 'Frequency changed.',
        pause: 'Alert paused: nothing is sent until you resume it.',
        resume: 'Alert resumed.',
      }[action];
      res.render('pages/alert-manage', { title: 'Your alert', manage: toAlertManageView(managed, token, notice) });
    }),
  );

  router.get('/alerts/unsubscribe/:token', (req, res) => {
    res.render('pages/alert-message', {
      title: 'Unsubscribe',
      page: messagePage({
        title: 'Unsubscribe',
        testId: 'alert-unsubscribe',
        paragraphs: ['Stop this alert? Other alerts of this address keep going.'],
        button: { action: `/alerts/unsubscribe/${req.params.token}`, label: 'Unsubscribe', fields: [] },
      }),
    });
  });

  // RFC 8058: mail providers POST "List-Unsubscribe=One-Click" here with no cookies; the token is the authority.
  router.post(
    '/alerts/unsubscribe/:token',
    form,
    retryWhenBusy<{ token: string }>((req, res) => {
      const done = MANAGE_TOKEN_PATTERN.test(req.params.token) && deps.alerts.unsubscribe(req.params.token);
      if (!done) return unknownLink(res);
      res.render('pages/alert-message', {
        title: 'Unsubscribed',
        page: messagePage({
          title: 'Unsubscribed',
          testId: 'alert-unsubscribed',
          paragraphs: ['This alert is deleted; no more mail will be sent for it.'],
        }),
      });
    }),
  );

  return router;
}
