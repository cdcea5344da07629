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

  constructor(problems: ImportProblem[]) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(first ? formatProblem(first) + more : 'the import was refused');
    this.name = 'ImportError';
    this.problems = problems;
  }
}
