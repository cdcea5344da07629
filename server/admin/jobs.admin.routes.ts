import { Router } from 'express';
import { notFound } from '../http/http-error.js';
import type { IngestSummary } from '../services/ingest.service.js';
import type { JobsService } from '../services/jobs.service.js';
import { reviewQueueUrl, toIngestJobPageView } from './ingest.admin.view.js';
import { toJobPageView } from './import.admin.view.js';
import { currentCurator } from './session.js';

/**
 * /admin/jobs/:id: the page a job's POST redirects to (an import, or an ingest). It reloads itself
 * while the job runs, then shows the outcome; a finished ingest goes on to its review queue.
 */
export function jobsAdminRouter(jobs: JobsService): Router {
  const router = Router();

  router.get('/admin/jobs/:id', (req, res) => {
    const id = String(req.params.id);
    const job = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? jobs.find(id) : undefined;
    if (!job) throw notFound(`job "${id.slice(0, 80)}"`);
    const curator = currentCurator(res)!;
    if (job.kind === 'import') {
      res.render('pages/admin/job', toJobPageView(curator, job));
      return;
    }
    const summary = job.status === 'done' ? (job.result as { summary?: IngestSummary } | null)?.summary : undefined;
    if (summary) {
      // As the form did when it extracted in the request: on to the document's queue.
      res.redirect(303, reviewQueueUrl(summary));
      return;
    }
    res.render('pages/admin/job', toIngestJobPageView(curator, job));
  });

  return router;
}
