import { Router, type Request, type Response } from 'express';
import { retryWhenBusy } from '../http/busy-retry.js';
import { ID_PATTERN, type Statement } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import {
  MISSING_VERSION_MESSAGE,
  readFormValues,
  readFormVersion,
  today,
  toFieldErrors,
  type FieldErrors,
  type FormValues,
} from './admin-form.js';
import { toAdminPageView } from './admin.view.js';
import {
  editUrl,
  statementFieldSpecs,
  toConflictView,
  toNoticeView,
  toStatementEditView,
  toStatementListView,
  type EditState,
  type NoticeKey,
  type StatementChoices,
} from './editing.view.js';
import { toHistoryView } from './history.view.js';
import { currentCurator, requireCsrf, type Curator } from './session.js';
import { STATEMENT_ENTITY } from '../services/revisions.service.js';
import type { AdminServices } from '../services/admin-services.js';
import { STATEMENT_FIELDS, statementForm, statementToFormValues } from './statement.form.js';
import { parseFormBody } from '../http/form-body.js';

const LIST_LIMIT = 100;

/**
 * Statements under /admin: find, add, edit, correct, retract, and their history. Mounted inside
 * adminRouter after its session and sign-in checks; every POST checks the CSRF token first.
 */
export function statementsAdminRouter(deps: AppDeps, services: Pick<AdminServices, 'statements' | 'history'>): Router {
  const router = Router();
  // Statements are at most 20,000 characters (plus context); the body limit leaves room for encoding.
  const form = parseFormBody({ limit: '300kb', parameterLimit: 200 });

  const curatorOf = (res: Response): Curator => currentCurator(res) as Curator;

  const loadStatement = (req: Request): Statement => {
    const id = String(req.params.id);
    const statement = ID_PATTERN.test(id) ? services.statements.find(id) : undefined;
    if (!statement) throw notFound(`statement "${id.slice(0, 80)}"`);
    return statement;
  };

  const loadChoices = (): StatementChoices => services.statements.formChoices();

  const afterChange = (res: Response, url: string, notice: NoticeKey) => {
    // Searchable within about a second: drain the outbox now rather than at the next poll.
    deps.syncer?.kick();
    res.redirect(303, `${url}?notice=${notice}`);
  };

  function renderEdit(
    res: Response,
    status: number,
    statement: Statement | null,
    values: FormValues,
    errors: FieldErrors,
    extra: {
      correction?: { values: FormValues; errors: FieldErrors };
      retraction?: { values: FormValues; errors: FieldErrors };
      query?: Record<string, unknown>;
      edit?: EditState;
    } = {},
  ) {
    const publicUrl = statement && statement.status === 'published' ? `/statements/${encodeURIComponent(statement.id)}` : null;
    res.status(status).render(
      'pages/admin/statement-edit',
      toStatementEditView({
        curator: curatorOf(res),
        statement,
        choices: loadChoices(),
        values,
        errors,
        notice: extra.query ? toNoticeView(extra.query, 'statement', publicUrl) : null,
        correction: extra.correction,
        retraction: extra.retraction,
        // Every render of an existing statement's form carries a version: the one it was loaded from.
        edit: extra.edit ?? {
          version: statement ? (services.statements.findForEdit(statement.id)?.version ?? null) : null,
          conflict: null,
        },
      }),
    );
  }
  /** The statement's form as stored, with one of its side forms (correction, retraction) refused. */
  function renderSideFormError(
    res: Response,
    status: number,
    statement: Statement,
    side: 'correction' | 'retraction',
    values: FormValues,
    errors: FieldErrors,
  ) {
    renderEdit(res, status, statement, statementToFormValues(statement), {}, { [side]: { values, errors } });
  }

  router.get('/admin/statements', function showStatementList(req, res) {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    res.render(
      'pages/admin/entity-list',
      toStatementListView(curatorOf(res), q, services.statements.findForCurator(q, LIST_LIMIT), LIST_LIMIT),
    );
  });

  router.get('/admin/statements/new', function showNewStatement(_req, res) {
    renderEdit(res, 200, null, { kind: 'quote', stance: 'unclear', speaker_type: 'person' }, {});
  });

  router.post(
    '/admin/statements/new',
    form,
    requireCsrf(),
    retryWhenBusy(function addStatement(req, res) {
      const values = readFormValues(req.body, STATEMENT_FIELDS);
      const parsed = statementForm.safeParse(values);
      const result = parsed.success
        ? services.statements.create(parsed.data, curatorOf(res).name)
        : { ok: false as const, errors: toFieldErrors(parsed.error) };
      if (!result.ok) return renderEdit(res, 400, null, values, 'errors' in result ? result.errors : {});
      deps.logger.info({ curator: curatorOf(res).name, statement: result.id }, 'statement added');
      afterChange(res, editUrl('statements', result.id), 'created');
    }),
  );

  router.get('/admin/statements/:id', (req, res) => {
    res.redirect(303, editUrl('statements', loadStatement(req).id));
  });

  router.get('/admin/statements/:id/edit', function showEditStatement(req, res) {
    const id = String(req.params.id);
    const loaded = ID_PATTERN.test(id) ? services.statements.findForEdit(id) : undefined;
    if (!loaded) throw notFound(`statement "${id.slice(0, 80)}"`);
    renderEdit(
      res,
      200,
      loaded.statement,
      statementToFormValues(loaded.statement),
      {},
      {
        query: req.query,
        edit: { version: loaded.version, conflict: null },
      },
    );
  });

  router.post(
    '/admin/statements/:id/edit',
    form,
    requireCsrf(),
    retryWhenBusy(function saveStatement(req, res) {
      const statement = loadStatement(req);
      const values = readFormValues(req.body, STATEMENT_FIELDS);
      const version = readFormVersion(req.body);
      if (statement.status === 'retracted') {
        return renderEdit(res, 409, statement, values, { '': 'A retracted statement cannot be edited.' });
      }
      const keep = { edit: { version, conflict: null } };
      if (version === null) return renderEdit(res, 400, statement, values, { '': MISSING_VERSION_MESSAGE }, keep);
      const parsed = statementForm.safeParse(values);
      const result = parsed.success
        ? services.statements.update(statement, parsed.data, curatorOf(res).name, version)
        : { ok: false as const, errors: toFieldErrors(parsed.error) };
      if (!result.ok && 'conflict' in result) {
        // Nothing was saved: the form now holds what is stored (and its version); theirs is beside it.
        const { current, version: now, changedBy, changedAt } = result.conflict;
        const stored = statementToFormValues(current);
        return renderEdit(
          res,
          409,
          current,
          stored,
          {},
          {
            edit: {
              version: now,
              conflict: toConflictView(statementFieldSpecs(loadChoices()), values, stored, changedBy, changedAt),
            },
          },
        );
      }
      if (!result.ok) return renderEdit(res, 400, statement, values, result.errors, keep);
      afterChange(
        res,
        editUrl('statements', statement.id),
        !result.changed ? 'unchanged' : result.lostVerbatim ? 'unverified' : 'saved',
      );
    }),
  );

  router.post(
    '/admin/statements/:id/corrections',
    form,
    requireCsrf(),
    retryWhenBusy(function addCorrection(req, res) {
      const statement = loadStatement(req);
      const values = readFormValues(req.body, ['corrected_on', 'note']);
      if (statement.status === 'retracted') {
        return renderSideFormError(res, 409, statement, 'correction', values, {
          note: 'A retracted statement cannot be corrected.',
        });
      }
      const result = services.statements.correct(statement, values, curatorOf(res).name);
      if (!result.ok) return renderSideFormError(res, 400, statement, 'correction', values, result.errors);
      afterChange(res, editUrl('statements', statement.id), 'corrected');
    }),
  );

  router.post(
    '/admin/statements/:id/retract',
    form,
    requireCsrf(),
    retryWhenBusy(function retract(req, res) {
      const statement = loadStatement(req);
      const values = readFormValues(req.body, ['reason']);
      const result = services.statements.retract(statement, values, curatorOf(res).name, today());
      if (!result.ok) return renderSideFormError(res, 400, statement, 'retraction', values, result.errors);
      afterChange(res, editUrl('statements', statement.id), 'retracted');
    }),
  );

  router.get('/admin/statements/:id/history', function showStatementHistory(req, res) {
    const statement = loadStatement(req);
    const curator = curatorOf(res);
    res.render(
      'pages/admin/history',
      toHistoryView(
        toAdminPageView(curator, `History of statement ${statement.id}`, 'statements'),
        { label: `statement ${statement.id}`, editUrl: editUrl('statements', statement.id) },
        services.history.of(STATEMENT_ENTITY, statement.id),
      ),
    );
  });

  return router;
}
