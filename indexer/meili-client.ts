import { Meilisearch, type EnqueuedTaskPromise, type Task } from 'meilisearch';

export interface EngineConnection {
  url: string;
  apiKey: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * A Meilisearch client. To a local engine it asks for uncompressed replies: gzip over
 * loopback with keep-alive stalls ~40 ms per request (Nagle meets delayed ACK; SPEC §2).
 */
export function createMeiliClient(connection: EngineConnection): Meilisearch {
  const local = LOOPBACK.has(new URL(connection.url).hostname);
  return new Meilisearch({
    host: connection.url,
    apiKey: connection.apiKey,
    requestInit: local ? { headers: { 'Accept-Encoding': 'identity' } } : undefined,
  });
}

export class IndexTaskFailedError extends Error {
  constructor(readonly task: Task) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no reason given'}`);
    this.name = 'IndexTaskFailedError';
  }
}

/** Waits for a write to be processed and insists it succeeded: a failed task changes nothing. */
export async function waitForSuccess(pending: EnqueuedTaskPromise, timeoutMs = 120_000): Promise<Task> {
  const task = await pending.waitTask({ timeout: timeoutMs, interval: 10 });
  if (task.status !== 'succeeded') throw new IndexTaskFailedError(task);
  return task;
}
