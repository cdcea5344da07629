import { ImportError } from '../../../data/import/import.errors.js';
import {
  ENTITY_KINDS,
  type EntityKind,
  type ImportCounts,
  type ImportList,
  type ImportPlan,
  type ImportRunOptions,
  type ImportSummary,
} from '../../../data/import/import.plan.js';
import { SEEDED_AT } from '../../../data/meta.repository.js';
import type { Store } from '../../../data/store.js';
import type { UpsertOutcome } from '../../../data/upsert.sql.js';
import { recordRevision } from '../revisions.service.js';
import {
  createResolveContext,
  RecordProblem,
  resolveMeasure,
  resolveMeeting,
  resolveMembership,
  resolveOrganization,
  resolvePerson,
  resolveSource,
  resolveTopic,
  type ResolveContext,
} from './import.resolve.js';
import { applyArchivedState, resolveStatement } from './import.statement.js';
import { checkPlan, labelled, LIST_ORDER, toImportReport, type ListedProblem, type ValidPlan } from './import.validate.js';

// The one write path of every import: a plan is validated whole, written in one transaction
// (one bad record imports nothing) and summarised.

export type ImportService = ReturnType<typeof createImportService>;

export function createImportService(store: Store) {
  return {
    /** Validates, writes and summarises the plan; throws ImportError (nothing written) when any record is bad. */
    run(plan: ImportPlan, options: ImportRunOptions = {}): ImportSummary {
      return runImportPlan(store, plan, options);
    },
  };
}

class DryRunRollback extends Error {}

const OUTCOME_RANK: Record<UpsertOutcome, number> = { unchanged: 0, updated: 1, created: 2 };

export function runImportPlan(store: Store, plan: ImportPlan, options: ImportRunOptions = {}): ImportSummary {
  const rename = plan.fieldName;
  try {
    // Records that failed their schema are left out, and the rest still resolved (in a transaction
    // that is then undone), so one report names bad values, unknown references and duplicates alike.
    const { valid, problems } = checkPlan(plan);
    return writePlan(store, plan, valid, options, problems);
  } catch (error) {
    if (error instanceof ImportError && rename) {
      throw new ImportError(
        error.problems.map((p) => ({ ...p, field: rename(p.field) })),
        error.total,
      );
    }
    throw error;
  }
}

function writePlan(
  store: Store,
  plan: ImportPlan,
  valid: ValidPlan,
  options: ImportRunOptions,
  problems: ListedProblem[],
): ImportSummary {
  const summary: ImportSummary = {
    statements: emptyCounts(),
    sources: emptyCounts(),
    entities: Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, emptyCounts()])) as Record<EntityKind, ImportCounts>,
    dryRun: options.dryRun === true,
  };
  const touched = new Map<string, UpsertOutcome>();
  const ctx = createResolveContext(store, {
    deriveMemberships: plan.archive === undefined,
    onEntity(kind, id, outcome) {
      // One count per entity: a record created on one row and met again later stays "created".
      const key = `${kind}\n${id}`;
      const before = touched.get(key);
      if (before === undefined || OUTCOME_RANK[outcome] > OUTCOME_RANK[before]) touched.set(key, outcome);
    },
  });
  const labels = plan.labels ?? {};
  const each = <T>(list: ImportList, records: { row: number; value: T }[], fn: (value: T, row: number) => void) =>
    records.forEach(({ row, value }) => withRow(row, list, labels[list], problems, () => fn(value, row)));
  try {
    store.transaction(() => {
      each('topics', valid.topics, (value) => resolveTopic(ctx, value));
      each('organizations', valid.organizations, (value) => resolveOrganization(ctx, value, 'organization'));
      each('people', valid.people, (value) => resolvePerson(ctx, value));
      each('memberships', valid.memberships, (value) => resolveMembership(ctx, value));
      each('measures', valid.measures, (value) => resolveMeasure(ctx, value));
      each('meetings', valid.meetings, (value) => resolveMeeting(ctx, value));
      each('sources', valid.sources, (value) => {
        summary.sources[resolveSource(ctx, value, 'source').outcome] += 1;
      });
      const raw = new Map(plan.statements.map((r) => [r.row, r.value]));
      // A plan already refused by its schema is only resolved to find more problems: no progress to show.
      const onProgress = problems.length === 0 ? options.onProgress : undefined;
      let done = 0;
      each('statements', valid.statements, (value, row) => {
        summary.statements[writeStatement(ctx, plan, value, row, plan.flat ? statedFields(raw.get(row)) : undefined)] += 1;
        onProgress?.((done += 1), valid.statements.length);
      });
      // An archive that was seeded must not get the seed again when the app first opens it.
      const seededAt = plan.archive?.seededAt;
      if (seededAt && store.meta.get(SEEDED_AT) === undefined) store.meta.set(SEEDED_AT, seededAt);
      if (problems.length > 0) throw toImportReport(problems);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  for (const [key, outcome] of touched) summary.entities[key.split('\n')[0] as EntityKind][outcome] += 1;
  return summary;
}

/** One statement with its provenance, archived state and revision; what happened to it. */
function writeStatement(
  ctx: ResolveContext,
  plan: ImportPlan,
  value: ValidPlan['statements'][number]['value'],
  row: number,
  stated: Set<string> | undefined,
): UpsertOutcome {
  const { store } = ctx;
  const saved = resolveStatement(ctx, value, { row, stated, keepBefore: plan.revision !== undefined });
  const { id, before } = saved;
  let { outcome } = saved;
  const archived = 'status' in value ? value : null;
  const provenance = archived?.provenance ?? plan.provenance ?? { via: 'imported', by: null };
  if (outcome === 'created') store.statements.setProvenance(id, provenance.via, provenance.by);
  if (archived && applyArchivedState(store, id, archived) && outcome === 'unchanged') outcome = 'updated';
  if (plan.revision && outcome !== 'unchanged') {
    recordRevision(store, plan.revision.action, plan.revision.by === undefined ? provenance.by : plan.revision.by, {
      entityType: 'statement',
      entityId: id,
      before,
      after: store.statements.findById(id),
    });
  }
  return outcome;
}

function emptyCounts(): ImportCounts {
  return { created: 0, updated: 0, unchanged: 0 };
}

/** The fields a flat record actually filled, before the schema's defaults. */
function statedFields(value: unknown): Set<string> {
  return new Set(value && typeof value === 'object' ? Object.keys(value) : []);
}

/** Runs one record's write; a problem with it is noted for the report and the next record goes on. */
function withRow(row: number, list: ImportList, label: string | undefined, problems: ListedProblem[], fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof RecordProblem)) throw error;
    problems.push({ row, field: labelled(error.field, label), message: error.message, list: LIST_ORDER.indexOf(list) });
  }
}
