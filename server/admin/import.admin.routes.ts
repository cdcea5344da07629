import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { retryWhenBusy } from '../http/busy-retry.js';
import { HttpError } from '../http/http-error.js';
import type { JobsService } from '../services/jobs.service.js';
import { MAX_UPLOAD_MEGABYTES, toImportPageView, toImportRefusedView, type ImportFormValues } from './import.admin.view.js';
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

/**
 * /admin/import: upload JSON, NDJSON or CSV; one bad row imports nothing; a dry run writes nothing.
 * The upload becomes a job (/admin/jobs/:id) that shows its progress, then its outcome.
 */
export function importAdminRouter(jobs: JobsService): Router {
  const router = Router();

  router.get('/admin/import', (_req, res) => {
    res.render('pages/admin/import', toImportPageView(currentCurator(res)!));
  });

  router.post(
    '/admin/import',
    parseUploadBody(),
    requireCsrf(),
    retryWhenBusy(async (req, res) => {
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
      // The file is checked and written by a job in a process of its own; its page shows the outcome.
      const id = await jobs.startImport({
        content: form.content,
        filename: form.filename,
        dryRun: form.dryRun,
        by: `${curator.name} (upload)`,
        curator: curator.name,
      });
      res.redirect(303, `/admin/jobs/${id}`);
    }),
  );

  return router;
}
