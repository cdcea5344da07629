/** One problem in an import file, located by row (1-based record or line number) and field. */
export interface ImportProblem {
  row: number;
  field: string;
  message: string;
}

export function formatProblem(problem: ImportProblem): string {
  return `row ${problem.row}, ${problem.field}: ${problem.message}`;
}

/** An import that was refused as a whole; nothing was written. */
export class ImportError extends Error {
  readonly problems: ImportProblem[];
  /** How many problems the file has; more than `problems` when the report was cut short. */
  readonly total: number;

  constructor(problems: ImportProblem[], total = problems.length) {
    const [first] = problems;
    const more = total > 1 ? ` (and ${total - 1} more problem${total > 2 ? 's' : ''})` : '';
    super(first ? formatProblem(first) + more : 'the import was refused');
    this.name = 'ImportError';
    this.problems = problems;
    this.total = Math.max(total, problems.length);
  }
}
