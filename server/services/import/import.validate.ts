import { describeForbiddenCharacter, findForbiddenCharacter, stringsIn } from '../../../data/domain/text.js';
import { ImportError, type ImportProblem } from '../../../data/import/import.errors.js';
import type { ImportList, ImportPlan, ImportRecord } from '../../../data/import/import.plan.js';
import {
  archivedStatementInput,
  describeIssue,
  measureInput,
  meetingInput,
  membershipInput,
  organizationInput,
  personInput,
  sourceInput,
  statementInput,
  topicInput,
  type ArchivedStatementInput,
  type MeasureInput,
  type MeetingInput,
  type MembershipInput,
  type OrganizationInput,
  type PersonInput,
  type SourceInput,
  type StatementInput,
  type TopicInput,
} from '../../../data/import/import.schema.js';

/** The most problems one refused import reports: enough to fix a file in a few rounds, not a flood. */
export const MAX_REPORTED_PROBLEMS = 20;

export interface Valid<T> {
  row: number;
  value: T;
}

/** A plan whose every record passed its schema, in the order the lists are written. */
export interface ValidPlan {
  topics: Valid<TopicInput>[];
  organizations: Valid<OrganizationInput>[];
  people: Valid<PersonInput>[];
  memberships: Valid<MembershipInput>[];
  measures: Valid<MeasureInput>[];
  meetings: Valid<MeetingInput>[];
  sources: Valid<SourceInput>[];
  statements: Valid<StatementInput | ArchivedStatementInput>[];
}

export type Schema<T> = {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof describeIssue>[0][] } };
};

/** "speeches.creator_id" where the file's lists share row numbers; the bare field otherwise. */
export function labelled(field: string, label: string | undefined): string {
  if (label === undefined) return field;
  return field === '(record)' ? label : `${label}.${field}`;
}

/** A record's strings that hold a character the archive refuses (controls, U+FFFE/FFFF, lone surrogates). */
export function forbiddenCharacterProblems(value: unknown): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const { path, text } of stringsIn(value)) {
    const found = findForbiddenCharacter(text);
    if (found) problems.push({ field: path || '(record)', message: describeForbiddenCharacter(found) });
  }
  return problems;
}

/** The order a plan's lists are checked and written in: a report follows it. */
export const LIST_ORDER: readonly ImportList[] = [
  'topics',
  'organizations',
  'people',
  'memberships',
  'measures',
  'meetings',
  'sources',
  'statements',
];

/** A problem with the list it was found in, so the report can keep the file's order. */
export type ListedProblem = ImportProblem & { list: number };

/** What checking the plan found: the records that passed, and every problem of those that did not. */
export interface CheckedPlan {
  valid: ValidPlan;
  problems: ProblemSink;
}

/** Where problems are noted: an array, or a ProblemLog (bounded memory). */
export type ProblemSink = { push(problem: ListedProblem): void };

/**
 * Checks every record of the plan against its schema and for refused characters. Records with a
 * problem are left out of `valid`; the write path still resolves the rest, so references and
 * duplicates are reported in the same round (see runImportPlan).
 */
export function checkPlan(plan: ImportPlan, problems: ProblemSink = []): CheckedPlan {
  const labels = plan.labels ?? {};
  const check = <T>(list: ImportList, records: ImportRecord[] | undefined, schema: Schema<T>): Valid<T>[] => {
    const valid: Valid<T>[] = [];
    for (const record of records ?? []) {
      const value = checkRecord(list, record, schema, labels[list], problems);
      if (value !== undefined) valid.push({ row: record.row, value });
    }
    return valid;
  };
  const valid: ValidPlan = {
    topics: check('topics', plan.topics, topicInput),
    organizations: check('organizations', plan.organizations, organizationInput),
    people: check('people', plan.people, personInput),
    memberships: check('memberships', plan.memberships, membershipInput),
    measures: check('measures', plan.measures, measureInput),
    meetings: check('meetings', plan.meetings, meetingInput),
    sources: check('sources', plan.sources, sourceInput),
    statements: check('statements', plan.statements, statementSchemaOf(plan)),
  };
  return { valid, problems };
}

/** The schema a plan's statements are checked with: a whole archive's also carry their state. */
export function statementSchemaOf(plan: Pick<ImportPlan, 'archive'>): Schema<StatementInput | ArchivedStatementInput> {
  return plan.archive ? archivedStatementInput : statementInput;
}

/**
 * Checks one record against its schema and for refused characters: its value when it passes;
 * otherwise undefined, with its problems added to `problems`.
 */
export function checkRecord<T>(
  list: ImportList,
  record: ImportRecord,
  schema: Schema<T>,
  label: string | undefined,
  problems: ProblemSink,
): T | undefined {
  const at = LIST_ORDER.indexOf(list);
  const refused = forbiddenCharacterProblems(record.value);
  const result = schema.safeParse(record.value);
  for (const { field, message } of refused) problems.push({ row: record.row, field: labelled(field, label), message, list: at });
  if (result.success) return refused.length === 0 ? result.data : undefined;
  for (const issue of result.error.issues) {
    const { field, message } = describeIssue(issue);
    // A field refused for its characters is named once.
    if (refused.some((r) => r.field === field)) continue;
    problems.push({ row: record.row, field: labelled(field, label), message, list: at });
  }
  return undefined;
}

/**
 * Checks every record of the plan against its schema; throws one ImportError with every problem
 * (up to MAX_REPORTED_PROBLEMS) so a file is fixed in one round, not one error at a time.
 */
export function validatePlan(plan: ImportPlan): ValidPlan {
  const problems: ListedProblem[] = [];
  const { valid } = checkPlan(plan, problems);
  if (problems.length > 0) throw toImportReport(problems);
  return valid;
}

/**
 * The report of a refused import: every problem once, in the order of the file's lists and, within
 * a list, by row (schema problems and those the write path met, such as an unknown reference or a
 * duplicate id, side by side); at most MAX_REPORTED_PROBLEMS of them, with how many there are.
 */
export function toImportReport(problems: ListedProblem[], uncounted = 0): ImportError {
  const all = sortProblems(problems);
  return new ImportError(
    all.slice(0, MAX_REPORTED_PROBLEMS).map(({ row, field, message }) => ({ row, field, message })),
    all.length + uncounted,
  );
}

/** Every problem once, in the order of the file's lists and, within a list, by row. */
function sortProblems(problems: ListedProblem[]): ListedProblem[] {
  const seen = new Set<string>();
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => a.problem.list - b.problem.list || a.problem.row - b.problem.row || a.order - b.order)
    .map(({ problem }) => problem)
    .filter((p) => {
      const key = `${p.row}\n${p.field}\n${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** How many problems a streamed import keeps in memory; beyond, they are only counted. */
const KEPT_PROBLEMS = 1000;

/**
 * The problems of one import run, in bounded memory: a file where every one of a million rows is
 * bad keeps the first KEPT_PROBLEMS (rows arrive in order, so the report's first ones stay right)
 * and counts the rest.
 */
export class ProblemLog {
  private items: ListedProblem[] = [];
  private uncounted = 0;

  push(problem: ListedProblem): void {
    this.items.push(problem);
    if (this.items.length >= 2 * KEPT_PROBLEMS) {
      const sorted = sortProblems(this.items);
      this.uncounted += Math.max(0, sorted.length - KEPT_PROBLEMS);
      this.items = sorted.slice(0, KEPT_PROBLEMS);
    }
  }

  get size(): number {
    return this.items.length + this.uncounted;
  }

  toReport(): ImportError {
    return toImportReport(this.items, this.uncounted);
  }
}
