import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ImportProblem } from '../../data/import/import.errors.js';
import type { ImportSummary } from '../../data/import/import.plan.js';
import type { Job, JobKind } from '../../data/job.repository.js';
import { projectRoot } from '../../data/paths.js';
import type { Store } from '../../data/store.js';
import { isAlive } from '../../indexer/engine.js';
import { retryWhileBusy } from '../http/busy-retry.js';
import type { StreamProgress } from './import/import.service.js';
import type { IngestProgress, IngestRequest, IngestSummary } from './ingest.service.js';

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

/**
 * A job as its page shows it: the stored row, with the last progress its process reported while
 * this web process runs it (kept here, not in the row: it changes several times a second).
 */
export type JobState = ImportJobState | IngestJobState;
export type ImportJobState = Job & { kind: 'import'; progress: StreamProgress | null };
export type IngestJobState = Job & { kind: 'ingest'; progress: IngestProgress | null };

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

/** What the web process hands an ingest job (argv, as JSON): the request itself waits in a file. */
export interface IngestJobRequest {
  databasePath: string;
  /** A JSON file holding the IngestRequest (a document is too large for argv). */
  file: string;
}

/** What an ingest job reports over IPC: how far it is now and then, then exactly one outcome. */
export type IngestJobMessage =
  | ({ type: 'progress' } & IngestProgress)
  | { type: 'done'; summary: IngestSummary }
  | { type: 'refused'; field: string; message: string }
  | { type: 'failed'; message: string };

type JobOutcome = { status: 'done' | 'refused' | 'failed'; result?: unknown; error?: string };

/** One kind of job: its script under server/jobs/, and how its messages become an outcome. */
interface JobSpec<M extends { type: string }> {
  kind: JobKind;
  label: string;
  curator: string;
  dryRun: boolean;
  /** What the job reads, written to DATA_DIR/jobs as <id><suffix> and removed when the job ends. */
  input: { suffix: string; content: string };
  script: string;
  /** The job's argv (JSON), given the input file's path. */
  request: (file: string) => unknown;
  /** The outcome a message (other than progress) stands for. */
  onMessage: (message: Exclude<M, { type: 'progress' }>, id: string) => JobOutcome;
  /** What the curator reads when the process stopped without an outcome. */
  stopped: (how: string) => string;
}

// From the sources (tests, tsx) a job is TypeScript and needs the tsx loader; under dist/, it is JavaScript.
const fromSource = import.meta.url.endsWith('.ts');
const jobScript = (name: string) => fileURLToPath(new URL(`../jobs/${name}.job.${fromSource ? 'ts' : 'js'}`, import.meta.url));
const IMPORT_JOB = jobScript('import');
const INGEST_JOB = jobScript('ingest');

export function createJobsService({ store, databasePath, jobsDir, logger, onArchiveChanged }: JobsOptions) {
  const progress = new Map<string, StreamProgress | IngestProgress>();
  const children = new Set<ReturnType<typeof fork>>();

  /** Records a job's outcome: waits for the write lock on a timer, never on the event loop. */
  async function finish(id: string, { status, ...outcome }: JobOutcome) {
    progress.delete(id);
    await retryWhileBusy(() => store.jobs.finish(id, status, outcome), { attempts: 600, delayMs: 500 });
  }

  /** Writes the job's input, records its row, forks its process, and returns its id at once. */
  async function launch<M extends { type: string }>(spec: JobSpec<M>): Promise<string> {
    const id = randomBytes(9).toString('base64url');
    // A curator's upload or pasted document: readable by the app's own user only.
    mkdirSync(jobsDir, { recursive: true, mode: 0o700 });
    const file = join(jobsDir, `${id}${spec.input.suffix}`);
    await writeFile(file, spec.input.content, { mode: 0o600 });
    try {
      await retryWhileBusy(() =>
        store.jobs.create({
          id,
          kind: spec.kind,
          label: spec.label,
          createdBy: spec.curator,
          dryRun: spec.dryRun,
          ownerPid: process.pid,
        }),
      );
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
    const child = fork(spec.script, [JSON.stringify(spec.request(file))], {
      cwd: projectRoot,
      execArgv: fromSource ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    let ended = false;
    const end = (outcome: JobOutcome) => {
      if (ended) return;
      ended = true;
      finish(id, outcome).catch((error: unknown) => logger.error({ err: error, job: id }, 'job outcome not recorded'));
    };
    child.on('message', (message: M) => {
      if (message.type === 'progress') {
        // The latest figures only, for the job page; they go when the job ends.
        const { type: _type, ...figures } = message as M & (StreamProgress | IngestProgress);
        if (!ended) progress.set(id, figures);
        return;
      }
      end(spec.onMessage(message as Exclude<M, { type: 'progress' }>, id));
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      rmSync(file, { force: true });
      if (!ended) logger.error({ job: id, kind: spec.kind, code, signal, stderr }, 'job process exited without an outcome');
      end({ status: 'failed', error: spec.stopped(signal ?? `exit code ${code}`) });
    });
    // The process could not be started (no memory, too many processes): there is no exit to wait for.
    child.on('error', (error) => {
      children.delete(child);
      rmSync(file, { force: true });
      logger.error({ err: error, job: id, kind: spec.kind }, 'job process could not run');
      end({ status: 'failed', error: spec.stopped(error.message) });
    });
    return id;
  }

  return {
    /**
     * Starts an import of uploaded text as a job and returns its id at once; the job page shows
     * its progress, then its summary or its problems (row, field, message).
     */
    startImport(upload: { content: string; filename: string; dryRun: boolean; by: string; curator: string }) {
      // Kept with its extension, so the format is told as for a file on the command line.
      const extension = /\.(csv|json|ndjson|jsonl)$/i.exec(upload.filename)?.[0] ?? '';
      return launch<ImportJobMessage>({
        kind: 'import',
        label: upload.filename || 'pasted text',
        curator: upload.curator,
        dryRun: upload.dryRun,
        input: { suffix: `.upload${extension}`, content: upload.content },
        script: IMPORT_JOB,
        request: (file): ImportJobRequest => ({ databasePath, file, by: upload.by, dryRun: upload.dryRun }),
        onMessage: (message, id) => {
          if (message.type === 'done') {
            const s = message.summary.statements;
            if (!message.summary.dryRun && s.created + s.updated > 0) onArchiveChanged?.();
            logger.info(
              { job: id, curator: upload.curator, file: upload.filename || null, summary: message.summary },
              'import job',
            );
            return { status: 'done', result: { summary: message.summary } };
          }
          if (message.type === 'refused')
            return { status: 'refused', result: { problems: message.problems, total: message.total } };
          logger.error({ job: id, reason: message.message }, 'import job failed');
          return { status: 'failed', error: `The import stopped: ${message.message}. Nothing was written.` };
        },
        stopped: (how) => `The import process stopped (${how}). Nothing was written.`,
      });
    },

    /**
     * Starts the extraction of candidates from a document (a form already checked) as a job and
     * returns its id at once: extraction of a long transcript takes seconds, which the web
     * process must not spend. The job page sends the curator on to the review queue, or shows
     * the refusal (field, message).
     */
    startIngest(request: IngestRequest, curator: string) {
      return launch<IngestJobMessage>({
        kind: 'ingest',
        label: request.details.title ?? request.fileName ?? 'pasted document',
        curator,
        dryRun: false,
        input: { suffix: '.ingest.json', content: JSON.stringify(request) },
        script: INGEST_JOB,
        request: (file): IngestJobRequest => ({ databasePath, file }),
        onMessage: (message, id) => {
          if (message.type === 'done') {
            logger.info(
              { job: id, curator, source: message.summary.sourceId, queued: message.summary.queued },
              'document ingested',
            );
            return { status: 'done', result: { summary: message.summary } };
          }
          if (message.type === 'refused')
            return { status: 'refused', result: { field: message.field, message: message.message } };
          logger.error({ job: id, reason: message.message }, 'ingest job failed');
          return { status: 'failed', error: `The extraction stopped: ${message.message}. Nothing was written.` };
        },
        stopped: (how) => `The extraction process stopped (${how}). Nothing was written.`,
      });
    },

    find(id: string): JobState | undefined {
      const job = store.jobs.findById(id);
      // Each kind's process reports its own figures (the map is filled from its messages).
      return job && ({ ...job, progress: progress.get(id) ?? null } as JobState);
    },

    /**
     * On start-up: a job whose web process is gone never finishes, so it is failed, saying so (an
     * import rolled back with its process; an extraction may have finished first, so its queue
     * says). Inputs no running job will read (left by a process that was killed) are removed.
     */
    failOrphans(): number {
      let failed = 0;
      for (const job of store.jobs.listRunning()) {
        if (job.ownerPid !== process.pid && isAlive(job.ownerPid)) continue;
        const error =
          job.kind === 'ingest'
            ? 'The app stopped while this extraction ran. If it had finished, its candidates are in the review queue; otherwise nothing was written.'
            : 'The app stopped while this job ran. Nothing was written.';
        if (store.jobs.finish(job.id, 'failed', { error })) failed += 1;
      }
      const running = new Set(store.jobs.listRunning().map((job) => job.id));
      let files: string[] = [];
      try {
        files = readdirSync(jobsDir);
      } catch {
        // No jobs folder yet: nothing to remove.
      }
      // A minute old at least: another process may be writing the input of a job it is about to record.
      const settled = Date.now() - 60_000;
      for (const name of files) {
        const path = join(jobsDir, name);
        if (running.has(name.split('.')[0] ?? '')) continue;
        try {
          if (statSync(path).mtimeMs < settled) rmSync(path, { force: true });
        } catch {
          // Removed meanwhile by its own job.
        }
      }
      return failed;
    },

    /** Ends running jobs (their imports roll back) when the app stops. */
    stop(): void {
      for (const child of children) child.kill('SIGTERM');
    },
  };
}
