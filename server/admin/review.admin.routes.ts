import { Router, type Request, type Response } from 'express';
import { retryWhenBusy } from '../http/busy-retry.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import { checkIngestRequest, documentDetails, SOURCE_FORMATS, type IngestRequest } from '../services/ingest.service.js';
import { readFormValues, toFieldErrors, type FieldErrors, type FormValues } from './admin-form.js';
import { ACCEPT_FIELDS, type ReviewOutcome } from '../services/review.service.js';
import type { AdminServices } from '../services/admin-services.js';
import { INGEST_FIELDS, toIngestPageView } from './ingest.admin.view.js';
import { toReviewNotice, toReviewPageView, type ReviewFormState } from './review.admin.view.js';
import { currentCurator, requireCsrf, type Curator } from './session.js';
import { ENTITY_KINDS, type EntityKind } from './entity-kinds.js';
import { parseFormBody } from '../http/form-body.js';

const MEASURE_KIND = ENTITY_KINDS.find((kind) => kind.type === 'measure') as EntityKind;
const MEASURE_FIELDS = ['title', 'description', 'source'];

/** How many candidates one page of the queue shows (each carries its own form). */
const PAGE_SIZE = 40;

const isSourceFormat = (value: unknown): value is (typeof SOURCE_FORMATS)[number] =>
  typeof value === 'string' && (SOURCE_FORMATS as readonly string[]).includes(value);

/**
 * /admin/ingest (a document in, candidates out) and /admin/review (accept, reject or merge each
 * candidate). Mounted inside adminRouter after its sign-in check; every POST checks CSRF first.
 */
export function reviewAdminRouter(deps: AppDeps, services: Pick<AdminServices, 'review' | 'reviewQueue' | 'entities'>): Router {
  const router = Router();
  // A pasted transcript can be long; only this signed-in form accepts a body this large.
  const documentForm = parseFormBody({ limit: '8mb', parameterLimit: 50 });
  const decisionForm = parseFormBody({ limit: '50kb', parameterLimit: 100 });
  const curatorOf = (res: Response): Curator => currentCurator(res) as Curator;

  router.get('/admin/ingest', (_req, res) => {
    res.render('pages/admin/ingest', toIngestPageView(curatorOf(res), { format: '' }));
  });

  router.post(
    '/admin/ingest',
    documentForm,
    requireCsrf(),
    retryWhenBusy(async (req, res) => {
      const curator = curatorOf(res);
      const values = readFormValues(req.body, INGEST_FIELDS);
      const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
      const errors: FieldErrors = {};
      const details = documentDetails.safeParse(values);
      if (!details.success) Object.assign(errors, toFieldErrors(details.error));
      if (text('title').trim() === '') errors.title ??= 'Enter the headline, or the meeting’s name';
      if (text('content').trim() === '') errors.content = 'Paste the document’s text, or choose a file';
      const format = text('format');
      if (format !== '' && !isSourceFormat(format)) errors.format = 'Choose a kind of document from the list';
      const request: IngestRequest | undefined =
        Object.keys(errors).length === 0 && details.success
          ? {
              content: text('content'),
              fileName: text('filename') || undefined,
              format: isSourceFormat(format) ? format : undefined,
              details: details.data,
              by: curator.name,
            }
          : undefined;
      // The quick checks (size, binary, forbidden characters) come back on the form at once.
      const refused = request && checkIngestRequest(request);
      if (refused) errors[refused.field] = refused.message;
      if (!request || refused) {
        res.status(422).render('pages/admin/ingest', toIngestPageView(curator, values, errors));
        return;
      }
      // Extraction takes seconds for a long transcript: a job does it, in a process of its own.
      const id = await deps.jobs.startIngest(request, curator.name);
      res.redirect(303, `/admin/jobs/${id}`);
    }),
  );

  function renderQueue(req: Request, res: Response, status: number, sourceId: string | null, state?: ReviewFormState): void {
    const page = services.reviewQueue.queuePage(sourceId, PAGE_SIZE);
    res.status(status).render(
      'pages/admin/review',
      toReviewPageView({
        curator: curatorOf(res),
        sourceId,
        ...page,
        notice: state ? null : toReviewNotice(req.query),
        state,
      }),
    );
  }

  const sourceParam = (value: unknown): string | null =>
    typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;

  router.get('/admin/review', (req, res) => {
    renderQueue(req, res, 200, sourceParam(req.query.source));
  });

  const candidateIdOf = (req: Request): number => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound('candidate');
    return id;
  };

  /** After a decision: back to the same document's queue, saying what happened; or the form again. */
  function answer(
    req: Request,
    res: Response,
    outcome: ReviewOutcome,
    done: 'accepted' | 'merged' | 'rejected',
    values: FormValues,
  ): void {
    const candidateId = candidateIdOf(req);
    if (!outcome.ok) {
      if (outcome.status === 404) throw notFound('candidate');
      const errors = Object.keys(outcome.errors).length > 0 ? outcome.errors : { '': outcome.message };
      renderQueue(req, res, outcome.status, services.reviewQueue.sourceOfCandidate(candidateId), { candidateId, values, errors });
      return;
    }
    // Searchable within about a second: drain the outbox now rather than at the next poll.
    if (done !== 'rejected') deps.syncer?.kick();
    const query = new URLSearchParams({ source: outcome.sourceId, done });
    if (outcome.statementId) query.set('statement', outcome.statementId);
    // The curator should know at once when the words were not found verbatim in the stored text.
    if (done === 'accepted' && outcome.statementId && services.reviewQueue.isUnverified(outcome.statementId))
      query.set('unverified', '1');
    res.redirect(303, `/admin/review?${query}`);
  }

  // A measure the candidates argue about but the archive lacks, created without leaving the queue.
  router.post(
    '/admin/review/measures',
    decisionForm,
    requireCsrf(),
    retryWhenBusy((req, res) => {
      const curator = curatorOf(res);
      const values = readFormValues(req.body, MEASURE_FIELDS);
      const source = typeof values.source === 'string' && /^[A-Za-z0-9_-]{1,80}$/.test(values.source) ? values.source : null;
      const back = (query: Record<string, string>) =>
        res.redirect(303, `/admin/review?${new URLSearchParams({ ...(source ? { source } : {}), ...query })}`);
      const result = services.entities.save(
        MEASURE_KIND,
        null,
        { title: values.title ?? '', description: values.description ?? '' },
        curator.name,
      );
      if (!result.ok) {
        back({ done: 'measure-refused' });
        return;
      }
      deps.logger.info({ curator: curator.name, measure: result.id }, 'measure created from the review queue');
      back({ done: 'measure-created', measure: result.id });
    }),
  );

  router.post(
    '/admin/review/:id/accept',
    decisionForm,
    requireCsrf(),
    retryWhenBusy((req, res) => {
      const outcome = services.review.accept(candidateIdOf(req), req.body, curatorOf(res).name);
      answer(req, res, outcome, 'accepted', readFormValues(req.body, ACCEPT_FIELDS));
    }),
  );

  router.post(
    '/admin/review/:id/merge',
    decisionForm,
    requireCsrf(),
    retryWhenBusy((req, res) => {
      answer(req, res, services.review.merge(candidateIdOf(req), req.body, curatorOf(res).name), 'merged', {});
    }),
  );

  router.post(
    '/admin/review/:id/reject',
    decisionForm,
    requireCsrf(),
    retryWhenBusy((req, res) => {
      answer(req, res, services.review.reject(candidateIdOf(req), curatorOf(res).name), 'rejected', {});
    }),
  );

  return router;
}
