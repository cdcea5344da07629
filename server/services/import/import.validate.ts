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

type Schema<T> = {
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
  problems: ListedProblem[];
}

/**
 * Checks every record of the plan against its schema and for refused characters. Records with a
 * problem are left out of `valid`; the write path still resolves the rest, so references and
 * duplicates are reported in the same round (see runImportPlan).
 */
export function checkPlan(plan: ImportPlan): CheckedPlan {
  const problems: ListedProblem[] = [];
  const labels = plan.labels ?? {};
  const check = <T>(list: ImportList, records: ImportRecord[] | undefined, schema: Schema<T>): Valid<T>[] => {
    const valid: Valid<T>[] = [];
    const at = LIST_ORDER.indexOf(list);
    for (const record of records ?? []) {
      const refused = forbiddenCharacterProblems(record.value);
      const result = schema.safeParse(record.value);
      for (const { field, message } of refused)
        problems.push({ row: record.row, field: labelled(field, labels[list]), message, list: at });
      if (result.success) {
        if (refused.length === 0) valid.push({ row: record.row, value: result.data });
      } else {
        for (const issue of result.error.issues) {
          const { field, message } = describeIssue(issue);
          // A field refused for its characters is named once.
          if (refused.some((r) => r.field === field)) continue;
          problems.push({ row: record.row, field: labelled(field, labels[list]), message, list: at });
        }
      }
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
    statements: plan.archive
      ? check<StatementInput | ArchivedStatementInput>('statements', plan.statements, archivedStatementInput)
      : check<StatementInput | ArchivedStatementInput>('statements', plan.statements, statementInput),
  };
  return { valid, problems };
}

/**
 * Checks every record of the plan against its schema; throws one ImportError with every problem
 * (up to MAX_REPORTED_PROBLEMS) so a file is fixed in one round, not one error at a time.
 */
export function validatePlan(plan: ImportPlan): ValidPlan {
  const { valid, problems } = checkPlan(plan);
  if (problems.length > 0) throw toImportReport(problems);
  return valid;
}

/**
 * The report of a refused import: every problem once, in the order of the file's lists and, within
 * a list, by row (schema problems and those the write path met, such as an unknown reference or a
 * duplicate id, side by side); at most MAX_REPORTED_PROBLEMS of them, with how many there are.
 */
export function toImportReport(problems: ListedProblem[]): ImportError {
  const seen = new Set<string>();
  const all = problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => a.problem.list - b.problem.list || a.problem.row - b.problem.row || a.order - b.order)
    .map(({ problem: { row, field, message } }) => ({ row, field, message }))
    .filter((p) => {
      const key = `${p.row}\n${p.field}\n${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return new ImportError(all.slice(0, MAX_REPORTED_PROBLEMS), all.length);
}
