import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { ImportError } from '../../data/import/import.errors.js';
import { parseImportText, refuseReplacementCharacters } from '../../data/import/import.file.js';
import type { AppDeps } from '../deps.js';
import type { WriteServices } from '../services/write-services.js';
import { HttpError } from '../http/http-error.js';
import {
  MAX_UPLOAD_MEGABYTES,
  toImportPageView,
  toImportRefusedView,
  toImportSummaryView,
  type ImportFormValues,
} from './import.admin.view.js';
import { currentCurator, requireCsrf } from './session.js';

const uploadForm = z.object({
  content: z.string().default(''),
  filename: z.string().max(300).default(''),
  dry_run: z.string().optional(),
});

/**
 * The file travels as a form field (no multipart parser is available): a script reads the chosen
 * file into the textarea, and without JavaScript the curator pastes it. Only this route accepts
 * a body this large, and only after sign-in (this router is mounted behind requireCurator).
 * The body is decoded with URLSearchParams rather than express.urlencoded: that parser keeps a
 * field whose bytes are not UTF-8 percent-encoded as it came, where URLSearchParams turns them
 * into U+FFFD, which the import then refuses, naming the line.
 */
function parseUploadBody(): RequestHandler {
  const readBody = express.raw({ type: 'application/x-www-form-urlencoded', limit: `${MAX_UPLOAD_MEGABYTES}mb` });
  return (req, res, next) => {
    readBody(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(
          new HttpError(
            413,
            'payload_too_large',
            `The upload is larger than ${MAX_UPLOAD_MEGABYTES} MB as sent (form encoding makes a file up to three times larger). ` +
              'Split it into smaller files, or import it with `npx onrecord import FILE`. Nothing was imported.',
          ),
        );
        return;
      }
      if (error) return next(error);
      const fields: Record<string, string> = {};
      if (Buffer.isBuffer(req.body)) {
        // A form body is ASCII (everything else is percent-encoded), so latin1 reads it byte for byte.
        for (const [name, value] of new URLSearchParams(req.body.toString('latin1'))) fields[name] ??= value;
      }
      req.body = fields;
      next();
    });
  };
}

/** /admin/import: upload JSON, NDJSON or CSV; one bad row imports nothing; a dry run writes nothing. */
export function importAdminRouter(deps: AppDeps, services: Pick<WriteServices, 'imports'>): Router {
  const router = Router();

  router.get('/admin/import', (_req, res) => {
    res.render('pages/admin/import', toImportPageView(currentCurator(res)!));
  });

  router.post('/admin/import', parseUploadBody(), requireCsrf(), (req, res) => {
    const curator = currentCurator(res)!;
    const parsed = uploadForm.safeParse(req.body ?? {});
    const form: ImportFormValues = parsed.success
      ? { content: parsed.data.content, filename: parsed.data.filename, dryRun: parsed.data.dry_run !== undefined }
      : { content: '', filename: '', dryRun: true };
    if (form.content.trim() === '') {
      res
        .status(400)
        .render(
          'pages/admin/import',
          toImportRefusedView(curator, form, [
            { row: 1, field: '(file)', message: 'is empty: choose a file, or paste its content into the box' },
          ]),
        );
      return;
    }
    try {
      refuseReplacementCharacters(form.content);
      const summary = services.imports.run(
        {
          ...parseImportText(form.content, form.filename),
          provenance: { via: 'imported', by: `${curator.name} (upload)` },
          revision: { action: 'import' },
        },
        { dryRun: form.dryRun },
      );
      const changed = summary.statements.created + summary.statements.updated > 0;
      if (!summary.dryRun && changed) deps.syncer?.kick();
      deps.logger.info(
        { curator: curator.name, file: form.filename || null, summary },
        summary.dryRun ? 'import dry run' : 'import',
      );
      res.render('pages/admin/import', toImportSummaryView(curator, form, summary));
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      res.status(422).render('pages/admin/import', toImportRefusedView(curator, form, error.problems, error.total));
    }
  });

  return router;
}
