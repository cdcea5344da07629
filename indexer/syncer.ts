import type { Store } from '../data/store.js';
import { drainOutbox, type SyncTarget } from './outbox.js';

export interface IndexSyncer {
  /** Drain soon (after a write), rather than at the next poll. */
  kick(): void;
  /** Drains now and resolves when the outbox is empty (or rejects if the engine fails). */
  syncNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Keeps the index converging on the store: polls the outbox (writes may come from other
 * processes, such as `onrecord import`), drains it, and backs off while the engine is down.
 */
export function startIndexSyncer(
  store: Store,
  target: SyncTarget,
  options: { pollMs?: number; maxBackoffMs?: number; onError?: (error: unknown) => void } = {},
): IndexSyncer {
  // Edits from other processes (imports, the CLI) wait for the next poll: a short interval keeps
  // edit-to-searchable time close to the engine's own; an idle poll is one cheap count query.
  const pollMs = options.pollMs ?? 50;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let failures = 0;

  const drain = (): Promise<number> => {
    running ??= drainOutbox(store, target).finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    // tick catches its own errors.
    timer = setTimeout(() => void tick(), delay);
    timer.unref();
  };

  async function tick(): Promise<void> {
    timer = null;
    try {
      if (store.outbox.hasPending()) await drain();
      failures = 0;
      schedule(pollMs);
    } catch (error) {
      failures += 1;
      options.onError?.(error);
      schedule(Math.min(maxBackoffMs, pollMs * 2 ** failures));
    }
  }

  schedule(pollMs);
  return {
    kick: () => schedule(0),
    syncNow: drain,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
