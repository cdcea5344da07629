// One upload import, in a process of its own (started by server/services/jobs.service.ts): the
// streaming import the CLI runs, holding its own connection, so the web process never waits on
// the file or the transaction. It reports over IPC: progress now and then, then one outcome.
import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseBusy, openDatabase } from '../../data/db.js';
import { ImportError } from '../../data/import/import.errors.js';
import { createStore } from '../../data/store.js';
import { createImportService } from '../services/import/import.service.js';
import type { ImportJobMessage, ImportJobRequest } from '../services/jobs.service.js';

const send = (message: ImportJobMessage) => void process.send?.(message);
const request = JSON.parse(process.argv[2] ?? '{}') as ImportJobRequest;

// The web process is gone: stop, and the open transaction is rolled back with this process.
process.on('disconnect', () => process.exit(2));

async function run(): Promise<ImportJobMessage> {
  const store = createStore(openDatabase(request.databasePath, { migrate: false }));
  try {
    // Another writer (a CLI import) may hold the archive for minutes: wait for it, on a timer.
    for (let attempt = 0; ; attempt += 1) {
      try {
        const summary = await createImportService(store).runFile(
          request.file,
          { provenance: { via: 'imported', by: request.by }, revision: { action: 'import' } },
          { dryRun: request.dryRun, refuseReplacement: true, onProgress: (p) => send({ type: 'progress', ...p }) },
        );
        return { type: 'done', summary };
      } catch (error) {
        if (isDatabaseBusy(error) && attempt < 120) {
          await sleep(1000);
          continue;
        }
        throw error;
      }
    }
  } catch (error) {
    if (error instanceof ImportError) return { type: 'refused', problems: error.problems, total: error.total };
    return { type: 'failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    store.close();
  }
}

const outcome = await run();
// Exit only once the outcome has gone out over the channel.
if (process.send) process.send(outcome, undefined, {}, () => process.exit(0));
