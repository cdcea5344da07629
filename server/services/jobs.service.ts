import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ImportProblem } from '../../data/import/import.errors.js';
import type { ImportSummary } from '../../data/import/import.plan.js';
import type { Job } from '../../data/job.repository.js';
import { projectRoot } from '../../data/paths.js';
import type { Store } from '../../data/store.js';
import { isAlive } from '../../indexer/engine.js';
import { retryWhileBusy } from '../http/busy-retry.js';
import type { StreamProgress } from './import/import.service.js';

// Long work a curator starts from the web runs as a job: a process of its own (server/jobs/),
// so the request answers at once and the event loop never waits on a file or a transaction.

/** What the web process hands an import job (argv, as JSON). */
export interface ImportJobRequest {
  databasePath: string;
  file: string;
  by: string;
  dryRun: boolean;
}

/** What an import job reports over IPC: progress now and then, then exactly one outcome. */
export type ImportJobMessage =
  | ({ type: 'progress' } & StreamProgress)
  | { type: 'done'; summary: ImportSummary }
  | { type: 'refused'; problems: ImportProblem[]; total: number }
  | { type: 'failed'; message: string };

/** A job as its page shows it: the stored row, with live progress while this process runs it. */
export interface JobState extends Job {
  progress: StreamProgress | null;
}

export interface JobsOptions {
  store: Store;
  databasePath: string;
  /** Where uploads wait for their job (DATA_DIR/jobs); each is removed when its job ends. */
  jobsDir: string;
  logger: Logger;
  /** After a job wrote to the archive: ask the index to catch up. */
  onArchiveChanged?: () => void;
}

export type JobsService = ReturnType<typeof createJobsService>;

// From the sources (tests, tsx) the job is TypeScript and needs the tsx loader; under dist/, it is JavaScript.
const fromSource = import.meta.url.endsWith('.ts');
const IMPORT_JOB = fileURLToPath(new URL(`../jobs/import.job.${fromSource ? 'ts' : 'js'}`, import.meta.url));

export function createJobsService({ store, databasePath, jobsDir, logger, onArchiveChanged }: JobsOptions) {
  const progress = new Map<string, StreamProgress>();
  const children = new Set<ReturnType<typeof fork>>();

  /** Records a job's outcome: waits for the write lock on a timer, never on the event loop. */
  async function finish(id: string, status: 'done' | 'refused' | 'failed', outcome: { result?: unknown; error?: string }) {
    progress.delete(id);
    await retryWhileBusy(() => store.jobs.finish(id, status, outcome), { attempts: 600, delayMs: 500 });
  }

  return {
    /**
     * Starts an import of uploaded text as a job and returns its id at once; the job page shows
     * its progress, then its summary or its problems (row, field, message).
     */
    async startImport(upload: { content: string; filename: string; dryRun: boolean; by: string; curator: string }) {
      const id = randomBytes(9).toString('base64url');
      mkdirSync(jobsDir, { recursive: true });
      // Kept with its extension, so the format is told as for a file on the command line.
      const extension = /\.(csv|json|ndjson|jsonl)$/i.exec(upload.filename)?.[0] ?? '';
      const file = join(jobsDir, `${id}.upload${extension}`);
      await writeFile(file, upload.content);
      try {
        await retryWhileBusy(() =>
          store.jobs.create({
            id,
            kind: 'import',
            label: upload.filename || 'pasted text',
            createdBy: upload.curator,
            dryRun: upload.dryRun,
            ownerPid: process.pid,
          }),
        );
      } catch (error) {
        rmSync(file, { force: true });
        throw error;
      }
      const request: ImportJobRequest = { databasePath, file, by: upload.by, dryRun: upload.dryRun };
      const child = fork(IMPORT_JOB, [JSON.stringify(request)], {
        cwd: projectRoot,
        execArgv: fromSource ? ['--import', 'tsx'] : [],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      children.add(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      let ended = false;
      const end = (status: 'done' | 'refused' | 'failed', outcome: { result?: unknown; error?: string }) => {
        if (ended) return;
        ended = true;
        finish(id, status, outcome).catch((error: unknown) => logger.error({ err: error, job: id }, 'job outcome not recorded'));
      };
      child.on('message', (message: ImportJobMessage) => {
        if (message.type === 'progress') {
          progress.set(id, { rows: message.rows, bytesRead: message.bytesRead, totalBytes: message.totalBytes });
        } else if (message.type === 'done') {
          const s = message.summary.statements;
          if (!message.summary.dryRun && s.created + s.updated > 0) onArchiveChanged?.();
          logger.info(
            { job: id, curator: upload.curator, file: upload.filename || null, summary: message.summary },
            'import job',
          );
          end('done', { result: { summary: message.summary } });
        } else if (message.type === 'refused') {
          end('refused', { result: { problems: message.problems, total: message.total } });
        } else {
          logger.error({ job: id, reason: message.message }, 'import job failed');
          end('failed', { error: `The import stopped: ${message.message}. Nothing was written.` });
        }
      });
      child.on('exit', (code, signal) => {
        children.delete(child);
        rmSync(file, { force: true });
        if (!ended) logger.error({ job: id, code, signal, stderr }, 'import job process exited without an outcome');
        end('failed', { error: `The import process stopped (${signal ?? `exit code ${code}`}). Nothing was written.` });
      });
      return id;
    },

    find(id: string): JobState | undefined {
      const job = store.jobs.findById(id);
      return job && { ...job, progress: progress.get(id) ?? null };
    },

    /**
     * On start-up: a job whose web process is gone never finishes (its import was rolled back
     * with its process), so it is failed, saying so.
     */
    failOrphans(): number {
      let failed = 0;
      for (const job of store.jobs.listRunning()) {
        if (job.ownerPid !== process.pid && isAlive(job.ownerPid)) continue;
        if (store.jobs.finish(job.id, 'failed', { error: 'The app stopped while this job ran. Nothing was written.' }))
          failed += 1;
      }
      return failed;
    },

    /** Ends running jobs (their imports roll back) when the app stops. */
    stop(): void {
      for (const child of children) child.kill('SIGTERM');
    },
  };
}
