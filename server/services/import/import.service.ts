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
import { openImportStream } from '../../../data/import/import.stream.js';
import type { ImportRecord } from '../../../data/import/import.plan.js';
import {
  checkPlan,
  checkRecord,
  labelled,
  LIST_ORDER,
  ProblemLog,
  statementSchemaOf,
  type ValidPlan,
} from './import.validate.js';

// The one write path of every import: each record is checked against its schema and written,
// all in one transaction (one bad record imports nothing), and summarised. A plan in memory runs
// in a synchronous transaction; a file streams through the same writer, a record at a time.

export type ImportService = ReturnType<typeof createImportService>;

export function createImportService(store: Store) {
  return {
    /** Validates, writes and summarises the plan; throws ImportError (nothing written) when any record is bad. */
    run(plan: ImportPlan, options: ImportRunOptions = {}): ImportSummary {
      return runImportPlan(store, plan, options);
    },
    /**
     * The same for a file, read as a stream in bounded memory (CSV and NDJSON a record at a time).
     * Holds the connection in one open transaction across awaits: only for a process (the CLI, an
     * import job) that does nothing else with this store meanwhile.
     */
    runFile(path: string, extra: Pick<ImportPlan, 'provenance' | 'revision'>, options: StreamRunOptions = {}) {
      return runImportFile(store, path, extra, options);
    },
  };
}

export interface StreamRunOptions extends Omit<ImportRunOptions, 'onProgress'> {
  /** The file was written from decoded text (an upload): U+FFFD marks bytes that were not UTF-8, refused. */
  refuseReplacement?: boolean;
  /** Now and then (every PROGRESS_EVERY rows, and at the end): rows read, and how far through the file. */
  onProgress?: (progress: StreamProgress) => void;
}

export interface StreamProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

const PROGRESS_EVERY = 500;

class DryRunRollback extends Error {}

const OUTCOME_RANK: Record<UpsertOutcome, number> = { unchanged: 0, updated: 1, created: 2 };
const RANK_OUTCOME: UpsertOutcome[] = ['unchanged', 'updated', 'created'];

export function runImportPlan(store: Store, plan: ImportPlan, options: ImportRunOptions = {}): ImportSummary {
  return renamingProblems(plan, () => {
    const writer = createPlanWriter(store, plan, options);
    const total = plan.statements.length;
    try {
      store.transaction(() => {
        writer.writeLists();
        let done = 0;
        for (const record of plan.statements) {
          writer.writeStatement(record);
          // A plan already refused is only resolved to find more problems: no progress to show.
          if (!writer.refused()) options.onProgress?.((done += 1), total);
        }
        writer.finish();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return writer.summary;
  });
}

async function runImportFile(
  store: Store,
  path: string,
  extra: Pick<ImportPlan, 'provenance' | 'revision'>,
  options: StreamRunOptions,
): Promise<ImportSummary> {
  const stream = await openImportStream(path, { refuseReplacement: options.refuseReplacement });
  const plan: ImportPlan = { ...stream.plan, ...extra, statements: [] };
  const report = (rows: number) => options.onProgress?.({ rows, ...stream.progress() });
  try {
    return await renamingProblemsAsync(plan, async () => {
      const writer = createPlanWriter(store, plan, { dryRun: options.dryRun });
      try {
        await store.transactionAsync(async () => {
          writer.writeLists();
          let rows = 0;
          for await (const record of stream.statements) {
            writer.writeStatement(record);
            if ((rows += 1) % PROGRESS_EVERY === 0) report(rows);
          }
          // A refused file ends with its report, not a finished progress bar.
          if (!writer.refused()) report(rows);
          writer.finish();
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      return writer.summary;
    });
  } finally {
    // Nothing of this run is kept: the next one (on this connection) starts clean, and memory is freed.
    store.importStaging.reset();
  }
}

/** A CSV names a problem by its column, not the record's path. */
function renamingProblems<T>(plan: ImportPlan, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw renamed(plan, error);
  }
}

async function renamingProblemsAsync<T>(plan: ImportPlan, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw renamed(plan, error);
  }
}

function renamed(plan: ImportPlan, error: unknown): unknown {
  const rename = plan.fieldName;
  if (!(error instanceof ImportError) || !rename) return error;
  return new ImportError(
    error.problems.map((p) => ({ ...p, field: rename(p.field) })),
    error.total,
  );
}

/**
 * Writes one plan, inside a transaction its driver opens: the lists other than statements first,
 * then each statement as it comes. A record that fails its schema is left out and the rest are
 * still resolved (the transaction is then undone), so one report names bad values, unknown
 * references and duplicates alike. What the run met is kept in TEMP tables, not in memory.
 */
function createPlanWriter(store: Store, plan: ImportPlan, options: Pick<ImportRunOptions, 'dryRun'>) {
  const summary: ImportSummary = {
    statements: emptyCounts(),
    sources: emptyCounts(),
    entities: Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, emptyCounts()])) as Record<EntityKind, ImportCounts>,
    dryRun: options.dryRun === true,
  };
  const problems = new ProblemLog();
  const labels = plan.labels ?? {};
  const statementSchema = statementSchemaOf(plan);
  let ctx: ResolveContext;
  const each = <T>(list: ImportList, records: { row: number; value: T }[], fn: (value: T, row: number) => void) =>
    records.forEach(({ row, value }) => withRow(row, list, labels[list], problems, () => fn(value, row)));

  return {
    summary,
    refused: () => problems.size > 0,
    writeLists(): void {
      // Inside the transaction: the run's TEMP tables start empty (and a dry run's are rolled back with it).
      store.importStaging.reset();
      ctx = createResolveContext(store, {
        deriveMemberships: plan.archive === undefined,
        // One count per entity: a record created on one row and met again later stays "created".
        onEntity: (kind, id, outcome) => store.importStaging.touch(kind, id, OUTCOME_RANK[outcome]),
      });
      const { valid } = checkPlan({ ...plan, statements: [] }, problems);
      each('topics', valid.topics, (value) => resolveTopic(ctx, value));
      each('organizations', valid.organizations, (value) => resolveOrganization(ctx, value, 'organization'));
      each('people', valid.people, (value) => resolvePerson(ctx, value));
      each('memberships', valid.memberships, (value) => resolveMembership(ctx, value));
      each('measures', valid.measures, (value) => resolveMeasure(ctx, value));
      each('meetings', valid.meetings, (value) => resolveMeeting(ctx, value));
      each('sources', valid.sources, (value) => {
        summary.sources[resolveSource(ctx, value, 'source').outcome] += 1;
      });
    },
    writeStatement(record: ImportRecord): void {
      const value = checkRecord('statements', record, statementSchema, labels.statements, problems);
      if (value === undefined) return;
      withRow(record.row, 'statements', labels.statements, problems, () => {
        const stated = plan.flat ? statedFields(record.value) : undefined;
        summary.statements[writeStatement(ctx, plan, value, record.row, stated)] += 1;
      });
    },
    /** Ends the run inside its transaction: counts the entities, then refuses or (dry run) undoes it. */
    finish(): void {
      // An archive that was seeded must not get the seed again when the app first opens it.
      const seededAt = plan.archive?.seededAt;
      if (seededAt && store.meta.get(SEEDED_AT) === undefined) store.meta.set(SEEDED_AT, seededAt);
      if (problems.size > 0) throw problems.toReport();
      for (const { kind, rank, n } of store.importStaging.touchedCounts())
        summary.entities[kind as EntityKind][RANK_OUTCOME[rank] as UpsertOutcome] += n;
      if (options.dryRun) throw new DryRunRollback();
    },
  };
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
function withRow(row: number, list: ImportList, label: string | undefined, problems: ProblemLog, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof RecordProblem)) throw error;
    problems.push({ row, field: labelled(error.field, label), message: error.message, list: LIST_ORDER.indexOf(list) });
  }
}
