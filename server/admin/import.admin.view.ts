import type { ImportProblem } from '../../data/import/import.errors.js';
import type { ImportSummary } from '../../data/import/import.plan.js';
import { formatImportSummary } from '../../data/import/import.summary.js';
import { toAdminPageView, type AdminPageView } from './admin.view.js';
import type { ImportJobState, JobState } from '../services/jobs.service.js';
import type { Curator } from './session.js';

/** What the curator submitted, shown back so a pasted file can be fixed and sent again. */
export interface ImportFormValues {
  content: string;
  filename: string;
  dryRun: boolean;
}

export interface ImportPageView extends AdminPageView {
  maxMegabytes: number;
  form: ImportFormValues;
  /** A sentence for the outcome (e.g. "Dry run: nothing was written."), or null before a submit. */
  outcome: { kind: 'success' | 'dry-run' | 'refused'; heading: string; lines: string[] } | null;
  problems: { row: number; field: string; message: string }[];
}

export const MAX_UPLOAD_MEGABYTES = 20;
/** Larger submissions are not echoed back into the page: the curator still has the file. */
const MAX_ECHOED_CHARACTERS = 500_000;

const emptyForm: ImportFormValues = { content: '', filename: '', dryRun: true };

function echo(form: ImportFormValues): ImportFormValues {
  return form.content.length > MAX_ECHOED_CHARACTERS ? { ...form, content: '' } : form;
}

export function toImportPageView(curator: Curator, form: ImportFormValues = emptyForm): ImportPageView {
  return {
    ...toAdminPageView(curator, 'Import statements', 'import'),
    maxMegabytes: MAX_UPLOAD_MEGABYTES,
    form: echo(form),
    outcome: null,
    problems: [],
  };
}

type ImportOutcome = NonNullable<ImportPageView['outcome']>;

function summaryOutcome(summary: ImportSummary): ImportOutcome {
  return {
    kind: summary.dryRun ? 'dry-run' : 'success',
    heading: summary.dryRun ? 'Dry run: the file is valid, and nothing was written.' : 'Imported.',
    lines: formatImportSummary(summary).map((line) => line.trim()),
  };
}

function refusedOutcome(problems: ImportProblem[], total: number): ImportOutcome {
  const count = Math.max(total, problems.length);
  const shown = count > problems.length ? ` (the first ${problems.length} are listed)` : '';
  return {
    kind: 'refused',
    heading: `The import was refused and nothing was written: ${count} problem${count === 1 ? '' : 's'} to fix${shown}.`,
    lines: [],
  };
}

const problemRows = (problems: ImportProblem[]) => problems.map((p) => ({ row: p.row, field: p.field, message: p.message }));

export function toImportRefusedView(
  curator: Curator,
  form: ImportFormValues,
  problems: ImportProblem[],
  total = problems.length,
): ImportPageView {
  return { ...toImportPageView(curator, form), outcome: refusedOutcome(problems, total), problems: problemRows(problems) };
}

export interface JobPageView extends AdminPageView {
  /** "Import of FILE", "Extraction from TITLE": what the job does, to what. */
  heading: string;
  /** Where the curator goes to start another job of this kind. */
  again: { href: string; label: string };
  job: { id: string; label: string; createdBy: string; createdAt: string; dryRun: boolean; status: JobState['status'] };
  /** While it runs: what it has done so far, and how often the page reloads itself. */
  running: { progress: string; refreshSeconds: number; note: string } | null;
  outcome: ImportOutcome | { kind: 'failed'; heading: string; lines: string[] } | null;
  problems: { row: number; field: string; message: string }[];
  metaTags?: { attribute: string; key: string; content: string }[];
}

/** What every job's page shows of the job, whatever its kind. */
export function toJobBase(
  curator: Curator,
  job: JobState,
  page: { heading: string; section: string; again: JobPageView['again'] },
): JobPageView {
  return {
    ...toAdminPageView(curator, page.heading, page.section),
    heading: page.heading,
    again: page.again,
    job: {
      id: job.id,
      label: job.label,
      createdBy: job.createdBy,
      createdAt: job.createdAt,
      dryRun: job.dryRun,
      status: job.status,
    },
    running: null,
    outcome: null,
    problems: [],
  };
}

/** While a job runs, its page reloads itself (no script needed). */
export function runningJob(base: JobPageView, progress: string, note: string, refreshSeconds = 2): JobPageView {
  return {
    ...base,
    running: { progress, refreshSeconds, note },
    metaTags: [{ attribute: 'http-equiv', key: 'refresh', content: String(refreshSeconds) }],
  };
}

/** An import job's page: progress while it runs, then its summary or its problems. */
export function toJobPageView(curator: Curator, job: ImportJobState): JobPageView {
  const base = toJobBase(curator, job, {
    heading: `Import of ${job.label}${job.dryRun ? ' (dry run)' : ''}`,
    section: 'import',
    again: { href: '/admin/import', label: 'Import another file' },
  });
  if (job.status === 'running') {
    const p = job.progress;
    const progress = p
      ? `${p.rows.toLocaleString('en-US')} rows read, ${Math.floor((100 * p.bytesRead) / Math.max(1, p.totalBytes))} % of the file`
      : 'Starting (or waiting for another import to finish)…';
    return runningJob(base, progress, 'The archive stays open for reading and editing meanwhile.');
  }
  if (job.status === 'failed')
    return { ...base, outcome: { kind: 'failed', heading: job.error ?? 'The import failed. Nothing was written.', lines: [] } };
  const result = job.result as { summary?: ImportSummary; problems?: ImportProblem[]; total?: number } | null;
  if (job.status === 'done' && result?.summary) return { ...base, outcome: summaryOutcome(result.summary) };
  const problems = result?.problems ?? [];
  return { ...base, outcome: refusedOutcome(problems, result?.total ?? problems.length), problems: problemRows(problems) };
}
