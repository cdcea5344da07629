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

/**
 * Checks every record of the plan against its schema; throws one ImportError with every problem
 * (up to MAX_REPORTED_PROBLEMS) so a file is fixed in one round, not one error at a time.
 */
export function validatePlan(plan: ImportPlan): ValidPlan {
  const problems: ImportProblem[] = [];
  const labels = plan.labels ?? {};
  const check = <T>(list: ImportList, records: ImportRecord[] | undefined, schema: Schema<T>): Valid<T>[] => {
    const valid: Valid<T>[] = [];
    for (const record of records ?? []) {
      const result = schema.safeParse(record.value);
      if (result.success) valid.push({ row: record.row, value: result.data });
      else {
        for (const issue of result.error.issues) {
          const { field, message } = describeIssue(issue);
          problems.push({ row: record.row, field: labelled(field, labels[list]), message });
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
  if (problems.length > 0) throw new ImportError(problems.slice(0, MAX_REPORTED_PROBLEMS));
  return valid;
}
