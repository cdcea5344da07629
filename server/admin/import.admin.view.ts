import type { ImportProblem } from '../../data/import/import.errors.js';
import type { ImportSummary } from '../../data/import/import.plan.js';
import { formatImportSummary } from '../../data/import/import.summary.js';
import { toAdminPageView, type AdminPageView } from './admin.view.js';
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

export function toImportSummaryView(curator: Curator, form: ImportFormValues, summary: ImportSummary): ImportPageView {
  return {
    ...toImportPageView(curator, summary.dryRun ? form : emptyForm),
    outcome: {
      kind: summary.dryRun ? 'dry-run' : 'success',
      heading: summary.dryRun ? 'Dry run: the file is valid, and nothing was written.' : 'Imported.',
      lines: formatImportSummary(summary).map((line) => line.trim()),
    },
  };
}

export function toImportRefusedView(
  curator: Curator,
  form: ImportFormValues,
  problems: ImportProblem[],
  total = problems.length,
): ImportPageView {
  const count = Math.max(total, problems.length);
  const shown = count > problems.length ? ` (the first ${problems.length} are listed)` : '';
  return {
    ...toImportPageView(curator, form),
    outcome: {
      kind: 'refused',
      heading: `The import was refused and nothing was written: ${count} problem${count === 1 ? '' : 's'} to fix${shown}.`,
      lines: [],
    },
    problems: problems.map((p) => ({ row: p.row, field: p.field, message: p.message })),
  };
}
