import { Router, type Request, type Response } from 'express';
import { retryWhenBusy } from '../http/busy-retry.js';
import { ID_PATTERN } from '../../data/archive.types.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import {
  MISSING_VERSION_MESSAGE,
  readFormValues,
  readFormVersion,
  toFormValues,
  type FieldErrors,
  type FormValues,
} from './admin-form.js';
import { toAdminPageView } from './admin.view.js';
import {
  editUrl,
  toConflictView,
  toEntityFormView,
  toEntityListView,
  toNoticeView,
  publicUrlOf,
  type EditState,
} from './editing.view.js';
import type { AdminServices } from '../services/admin-services.js';
import { ENTITY_KINDS, type EntityKind } from './entity-kinds.js';
import { toHistoryView } from './history.view.js';
import { currentCurator, requireCsrf, type Curator } from './session.js';
import { parseFormBody } from '../http/form-body.js';

const LIST_LIMIT = 200;

/** The label a page gives a stored entity: its name or title, else its id. */
function labelOf(row: Record<string, unknown>, id: string): string {
  const label = row.name ?? row.title ?? row.role;
  return typeof label === 'string' && label ? label : id;
}

/**
 * People, organizations, memberships, meetings, measures and sources under /admin: one set of
 * routes for the kinds described in entity-kinds.ts. Mounted inside adminRouter after its
 * session and sign-in checks; every POST checks the CSRF token first.
 */
export function entitiesAdminRouter(deps: AppDeps, services: Pick<AdminServices, 'entities' | 'history'>): Router {
  const router = Router();
  const { store } = deps;
  const curatorOf = (res: Response): Curator => currentCurator(res) as Curator;

  for (const kind of ENTITY_KINDS) {
    // A source's stored text may be a long transcript (up to 2,000,000 characters, percent-encoded).
    const form = parseFormBody({ limit: kind.type === 'source' ? '8mb' : '100kb', parameterLimit: 100 });
    const fieldNames = kind.fields(store).map((f) => f.name);
    const base = `/admin/${kind.path}`;

    const load = (req: Request): { id: string; row: Record<string, unknown> } => {
      const id = String(req.params.id);
      const row = ID_PATTERN.test(id) ? kind.load(store, id) : undefined;
      if (!row) throw notFound(`${kind.singular} "${id.slice(0, 80)}"`);
      return { id, row };
    };

    const render = (
      res: Response,
      status: number,
      kindOf: EntityKind,
      existing: { id: string; label: string } | null,
      values: FormValues,
      errors: FieldErrors,
      query?: Record<string, unknown>,
      edit?: EditState,
    ) => {
      const notice = query && existing ? toNoticeView(query, kindOf.singular, publicUrlOf(kindOf.type, existing.id)) : null;
      res
        .status(status)
        .render(
          'pages/admin/entity-form',
          toEntityFormView(curatorOf(res), kindOf, kindOf.fields(store), existing, values, errors, notice, edit),
        );
    };

    router.get(base, (req, res) => {
      const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
      res.render('pages/admin/entity-list', toEntityListView(curatorOf(res), kind, q, kind.list(store, q), LIST_LIMIT));
    });

    router.get(`${base}/new`, (_req, res) => {
      render(res, 200, kind, null, {}, {});
    });

    router.post(
      `${base}/new`,
      form,
      requireCsrf(),
      retryWhenBusy((req, res) => {
        const values = readFormValues(req.body, fieldNames);
        const result = services.entities.save(kind, null, values, curatorOf(res).name);
        if (!result.ok) return render(res, 400, kind, null, values, 'errors' in result ? result.errors : {});
        res.redirect(303, `${editUrl(kind.path, result.id)}?notice=created`);
      }),
    );

    router.get(`${base}/:id`, (req, res) => {
      res.redirect(303, editUrl(kind.path, load(req).id));
    });

    router.get(`${base}/:id/edit`, (req, res) => {
      const id = String(req.params.id);
      const loaded = ID_PATTERN.test(id) ? services.entities.findForEdit(kind, id) : undefined;
      if (!loaded) throw notFound(`${kind.singular} "${id.slice(0, 80)}"`);
      render(res, 200, kind, { id, label: labelOf(loaded.row, id) }, toFormValues(loaded.row), {}, req.query, {
        version: loaded.version,
        conflict: null,
      });
    });

    router.post(
      `${base}/:id/edit`,
      form,
      requireCsrf(),
      retryWhenBusy((req, res) => {
        const { id, row } = load(req);
        const values = readFormValues(req.body, fieldNames);
        const version = readFormVersion(req.body);
        const existing = { id, label: labelOf(row, id) };
        if (version === null) return render(res, 400, kind, existing, values, { '': MISSING_VERSION_MESSAGE });
        const result = services.entities.save(kind, { id, version }, values, curatorOf(res).name);
        if (!result.ok && 'conflict' in result) {
          // Nothing was saved: the form now holds what is stored (and its version); theirs is beside it.
          const { current, version: now, changedBy, changedAt } = result.conflict;
          const stored = toFormValues(current);
          return render(res, 409, kind, existing, stored, {}, undefined, {
            version: now,
            conflict: toConflictView(kind.fields(store), values, stored, changedBy, changedAt),
          });
        }
        if (!result.ok) return render(res, 400, kind, existing, values, result.errors, undefined, { version, conflict: null });
        // Statements carrying the new name must be searchable by it within about a second.
        if (result.reindexed > 0 || result.lostVerbatim.length > 0) deps.syncer?.kick();
        const notice = !result.changed
          ? 'unchanged'
          : kind.type === 'source'
            ? `recheck&n=${result.lostVerbatim.length}`
            : 'saved';
        res.redirect(303, `${editUrl(kind.path, id)}?notice=${notice}`);
      }),
    );

    router.get(`${base}/:id/history`, (req, res) => {
      const { id, row } = load(req);
      const label = `${kind.singular} ${labelOf(row, id)}`;
      res.render(
        'pages/admin/history',
        toHistoryView(
          toAdminPageView(curatorOf(res), `History of ${label}`, kind.path),
          { label, editUrl: editUrl(kind.path, id) },
          services.history.of(kind.type, id),
        ),
      );
    });
  }

  return router;
}
