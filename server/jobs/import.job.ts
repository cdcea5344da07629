// One upload import, in a process of its own (started by server/services/jobs.service.ts): the
// streaming import the CLI runs, holding its own connection, so the web process never waits on
// the file or the transaction. It reports over IPC: progress now and then, then one outcome.
import { ImportError } from '../../data/import/import.errors.js';
import { createImportService } from '../services/import/import.service.js';
import type { ImportJobMessage, ImportJobRequest } from '../services/jobs.service.js';
import { messageOf, runJobProcess } from './job.process.js';

const send = (message: ImportJobMessage) => void process.send?.(message);

await runJobProcess<ImportJobRequest, ImportJobMessage>(
  async (store, request) => {
    const summary = await createImportService(store).runFile(
      request.file,
      { provenance: { via: 'imported', by: request.by }, revision: { action: 'import' } },
      { dryRun: request.dryRun, refuseReplacement: true, onProgress: (p) => send({ type: 'progress', ...p }) },
    );
    return { type: 'done', summary };
  },
  (error) =>
    error instanceof ImportError
      ? { type: 'refused', problems: error.problems, total: error.total }
      : { type: 'failed', message: messageOf(error) },
);
