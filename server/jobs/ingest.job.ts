// One document's extraction for review, in a process of its own (started by
// server/services/jobs.service.ts): the ingest the CLI runs, on its own connection, so the web
// process never spends the seconds a long transcript takes. It reports one outcome over IPC.
import { readFileSync, rmSync } from 'node:fs';
import { createIngestService, IngestRefusal, type IngestRequest } from '../services/ingest.service.js';
import type { IngestJobMessage, IngestJobRequest } from '../services/jobs.service.js';
import { messageOf, runJobProcess } from './job.process.js';

let ingest: IngestRequest | undefined;
await runJobProcess<IngestJobRequest, IngestJobMessage>(
  (store, request) => {
    if (!ingest) {
      ingest = JSON.parse(readFileSync(request.file, 'utf8')) as IngestRequest;
      // Read once: the pasted document does not wait on disk while the extraction runs.
      rmSync(request.file, { force: true });
    }
    return { type: 'done', summary: createIngestService(store).ingest(ingest) };
  },
  (error) =>
    error instanceof IngestRefusal
      ? { type: 'refused', field: error.field, message: error.message }
      : { type: 'failed', message: messageOf(error) },
);
