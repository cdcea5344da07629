import type { Store } from '../store.js';
import type { Provenance } from './import.schema.js';
import type { ImportPlan, ImportSummary } from './import.plan.js';
import { runImportPlan } from '../../server/services/import/import.service.js';

// Compatibility only: the write path is server/services/import/ (createImportService(store).run(plan)).
// Tests and fixtures of the read side still call importArchive with the old option flags; once
// they are re-pointed at the service, delete this file.

export type { ImportCounts, ImportList, ImportRecord, ImportSummary, EntityKind } from './import.plan.js';
export { ENTITY_KINDS } from './import.plan.js';
export type ImportInput = ImportPlan;

export interface ImportOptions {
  dryRun?: boolean;
  provenance?: Provenance;
  onProgress?: (done: number, total: number) => void;
  /** Now the plan's `revision: { action: 'import' }`. */
  recordRevisions?: boolean;
}

/** @deprecated use createImportService(store).run(plan) from server/services/import/import.service.ts */
export function importArchive(store: Store, input: ImportPlan, options: ImportOptions = {}): ImportSummary {
  const plan: ImportPlan = {
    ...input,
    provenance: options.provenance ?? input.provenance,
    revision: options.recordRevisions ? { action: 'import' } : input.revision,
  };
  return runImportPlan(store, plan, { dryRun: options.dryRun, onProgress: options.onProgress });
}
