import type { Db } from './db.js';

export type JobStatus = 'running' | 'done' | 'refused' | 'failed';
export type JobKind = 'import' | 'ingest';

interface JobRow {
  id: string;
  kind: JobKind;
  status: JobStatus;
  label: string;
  created_by: string;
  dry_run: 0 | 1;
  owner_pid: number;
  created_at: string;
  finished_at: string | null;
  result: string | null;
  error: string | null;
}

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  label: string;
  createdBy: string;
  dryRun: boolean;
  ownerPid: number;
  createdAt: string;
  finishedAt: string | null;
  /** The outcome as the job stored it (parsed JSON), or null while it runs. */
  result: unknown;
  error: string | null;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    label: row.label,
    createdBy: row.created_by,
    dryRun: row.dry_run === 1,
    ownerPid: row.owner_pid,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
  };
}

/** Curators' long-running work (jobs): one row each, written when it starts and when it ends. */
export function createJobRepository(db: Db) {
  const insert = db.prepare<{ id: string; kind: string; label: string; created_by: string; dry_run: number; owner_pid: number }>(
    `INSERT INTO jobs (id, kind, label, created_by, dry_run, owner_pid)
     VALUES (@id, @kind, @label, @created_by, @dry_run, @owner_pid)`,
  );
  const finish = db.prepare<{ id: string; status: JobStatus; result: string | null; error: string | null }>(
    `UPDATE jobs SET status = @status, result = @result, error = @error,
       finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = @id AND status = 'running'`,
  );
  const select = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const running = db.prepare<[], JobRow>("SELECT * FROM jobs WHERE status = 'running'");
  return {
    create(job: Pick<Job, 'id' | 'kind' | 'label' | 'createdBy' | 'dryRun' | 'ownerPid'>): void {
      insert.run({
        id: job.id,
        kind: job.kind,
        label: job.label,
        created_by: job.createdBy,
        dry_run: job.dryRun ? 1 : 0,
        owner_pid: job.ownerPid,
      });
    },
    /** Records the outcome of a running job; false when it had already ended. */
    finish(id: string, status: Exclude<JobStatus, 'running'>, outcome: { result?: unknown; error?: string }): boolean {
      return (
        finish.run({
          id,
          status,
          result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
          error: outcome.error ?? null,
        }).changes === 1
      );
    },
    findById(id: string): Job | undefined {
      const row = select.get(id);
      return row && toJob(row);
    },
    listRunning(): Job[] {
      return running.all().map(toJob);
    },
  };
}

export type JobRepository = ReturnType<typeof createJobRepository>;
