// One document's extraction for review, in a process of its own (started by
// server/services/jobs.service.ts): the ingest the CLI runs, on its own connection, so the web
// process never spends the seconds a long transcript takes. It reports one outcome over IPC.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseBusy, openDatabase } from '../../data/db.js';
import { createStore } from '../../data/store.js';
import { createIngestService, IngestRefusal, type IngestRequest } from '../services/ingest.service.js';
import type { IngestJobMessage, IngestJobRequest } from '../services/jobs.service.js';

const request = JSON.parse(process.argv[2] ?? '{}') as IngestJobRequest;

// The web process is gone: stop; the transaction, if one is open, is rolled back with this process.
process.on('disconnect', () => process.exit(2));

async function run(): Promise<IngestJobMessage> {
  const store = createStore(openDatabase(request.databasePath, { migrate: false }));
  try {
    const ingest = JSON.parse(readFileSync(request.file, 'utf8')) as IngestRequest;
    // Another writer (a CLI import) may hold the archive for a while: wait for it, on a timer.
    for (let attempt = 0; ; attempt += 1) {
      try {
        return { type: 'done', summary: createIngestService(store).ingest(ingest) };
      } catch (error) {
        if (isDatabaseBusy(error) && attempt < 120) {
          await sleep(1000);
          continue;
        }
        throw error;
      }
    }
  } catch (error) {
    if (error instanceof IngestRefusal) return { type: 'refused', field: error.field, message: error.message };
    return { type: 'failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    store.close();
  }
}

const outcome = await run();
// Exit only once the outcome has gone out over the channel.
if (process.send) process.send(outcome, undefined, {}, () => process.exit(0));
