// One document's extraction for review, in a process of its own (started by
// server/services/jobs.service.ts): the ingest the CLI runs, on its own connection, so the web
// process never spends the seconds a long transcript takes. It reports over IPC: how far it is
// now and then, then one outcome.
import { readFileSync, rmSync } from 'node:fs';
import { createIngestService, IngestRefusal, type IngestProgress, type IngestRequest } from '../services/ingest.service.js';
import type { IngestJobMessage, IngestJobRequest } from '../services/jobs.service.js';
import { messageOf, runJobProcess } from './job.process.js';

/** The extractor reports every paragraph; the job page needs a figure a few times a second at most. */
const PROGRESS_EVERY_MS = 200;

let lastStep = '';
let lastSent = 0;
function report(progress: IngestProgress): void {
  const now = Date.now();
  if (progress.step === lastStep && now - lastSent < PROGRESS_EVERY_MS) return;
  lastStep = progress.step;
  lastSent = now;
  // Sent while the extraction runs synchronously: the IPC write goes out at once when the channel is idle.
  process.send?.({ type: 'progress', ...progress } satisfies IngestJobMessage);
}

let ingest: IngestRequest | undefined;
await runJobProcess<IngestJobRequest, IngestJobMessage>(
  (store, request) => {
    if (!ingest) {
      ingest = JSON.parse(readFileSync(request.file, 'utf8')) as IngestRequest;
      // Read once: the pasted document does not wait on disk while the extraction runs.
      rmSync(request.file, { force: true });
    }
    return { type: 'done', summary: createIngestService(store).ingest(ingest, report) };
  },
  (error) =>
    error instanceof IngestRefusal
      ? { type: 'refused', field: error.field, message: error.message }
      : { type: 'failed', message: messageOf(error) },
);
