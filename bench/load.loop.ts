/**
 * A small closed-loop load generator: `concurrency` workers, each sending its next request as
 * soon as the previous reply is fully read, over keep-alive connections. node:http rather than
 * fetch: on two shared cores every bit of client CPU is taken from the server being measured,
 * and undici's fetch costs several times more per request than a bare http.request.
 */
import { Agent, request } from 'node:http';

export interface BenchRequest {
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  /** Sent at the same time; the request takes until all replies are read (one app search = several engine requests). */
  alongside?: BenchRequest[];
}

export interface LoadTarget {
  /** http://host:port */
  baseUrl: string;
  headers?: Record<string, string>;
}

export interface LatencyFigures {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  rps: number;
  /** Mean reply size, to see what each side sends. */
  bytes: number;
}

export interface LoadFigures extends LatencyFigures {
  /** Replies with a 5xx status (counted among the errors too). */
  serverErrors: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarise(latencies: number[], errors: number, elapsedMs: number, totalBytes: number): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    rps: round((latencies.length / elapsedMs) * 1000),
    bytes: Math.round(totalBytes / Math.max(1, latencies.length)),
  };
}

function send(agent: Agent, target: LoadTarget, url: URL, req: BenchRequest): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...target.headers };
    if (req.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    const r = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: req.path,
        method: req.method ?? 'GET',
        headers,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/**
 * Sends every request `rounds` times (in order, shared by the workers) and measures each from
 * send to last byte. A non-2xx reply counts as an error and is left out of the latencies.
 */
export async function runLoad(
  target: LoadTarget,
  requests: readonly BenchRequest[],
  options: { concurrency: number; rounds?: number; until?: Promise<unknown> },
): Promise<LoadFigures> {
  const url = new URL(target.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  // With `until`, the requests go round and round until it settles (load beside other work).
  let settled = false;
  const settle = () => (settled = true);
  options.until?.then(settle, settle);
  const total = options.until ? Infinity : requests.length * (options.rounds ?? 1);
  const latencies: number[] = [];
  let errors = 0;
  let serverErrors = 0;
  let bytes = 0;
  let next = 0;
  // Assigned inside the workers' callbacks, which narrowing cannot see.
  let firstError = null as string | null;
  const started = performance.now();
  async function worker(): Promise<void> {
    for (;;) {
      const i = next++;
      if (i >= total || settled) return;
      const req = requests[i % requests.length] as BenchRequest;
      const t0 = performance.now();
      try {
        const replies = await Promise.all([req, ...(req.alongside ?? [])].map((r) => send(agent, target, url, r)));
        const reply = {
          status: Math.max(...replies.map((r) => r.status)),
          bytes: replies.reduce((sum, r) => sum + r.bytes, 0),
        };
        if (reply.status >= 200 && reply.status < 300) {
          latencies.push(performance.now() - t0);
          bytes += reply.bytes;
        } else {
          errors += 1;
          if (reply.status >= 500) serverErrors += 1;
          firstError ??= `${reply.status} for ${req.path}`;
        }
      } catch (error) {
        errors += 1;
        firstError ??= `${(error as Error).message} for ${req.path}`;
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  if (firstError) console.warn(`  ${errors} failed requests; first: ${firstError}`);
  return { ...summarise(latencies, errors, elapsed, bytes), serverErrors };
}
