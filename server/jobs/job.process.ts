// What every job process does around its own work: read its request from argv, open its own
// connection, wait out another writer on a timer, report exactly one outcome over IPC, then exit.
import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseBusy, openDatabase } from '../../data/db.js';
import { createStore, type Store } from '../../data/store.js';

/** Another writer (a CLI import) may hold the archive for minutes: how many seconds to wait for it. */
const BUSY_ATTEMPTS = 120;

/**
 * Runs `work` in this job process and sends what it returns (or what `onError` makes of a throw)
 * as the job's one outcome. `work` is retried from the start while the archive is locked.
 */
export async function runJobProcess<Request extends { databasePath: string }, Outcome>(
  work: (store: Store, request: Request) => Outcome | Promise<Outcome>,
  onError: (error: unknown) => Outcome,
): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as Request;
  // The web process is gone: stop; an open transaction is rolled back with this process.
  process.on('disconnect', () => process.exit(2));

  let outcome: Outcome;
  const store = createStore(openDatabase(request.databasePath, { migrate: false }));
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        outcome = await work(store, request);
        break;
      } catch (error) {
        if (isDatabaseBusy(error) && attempt < BUSY_ATTEMPTS) {
          await sleep(1000);
          continue;
        }
        throw error;
      }
    }
  } catch (error) {
    outcome = onError(error);
  } finally {
    store.close();
  }
  // Exit only once the outcome has gone out over the channel.
  if (process.send) process.send(outcome, undefined, {}, () => process.exit(0));
}

/** The message of an unexpected error, for the job's page. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
