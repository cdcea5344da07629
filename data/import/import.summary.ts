import { ENTITY_KINDS, type ImportCounts, type ImportSummary } from './import.plan.js';

const counts = (c: ImportCounts) => `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;

/**
 * The end-of-import report, shared by the CLI and the upload page. The first line keeps the
 * wording scripts and tests already match on ("imported statements: 2 created, ...").
 */
export function formatImportSummary(summary: ImportSummary): string[] {
  const head = summary.dryRun ? 'dry run, nothing written: would import' : 'imported';
  const entities = ENTITY_KINDS.filter(
    (kind) => summary.entities[kind].created + summary.entities[kind].updated + summary.entities[kind].unchanged > 0,
  ).map((kind) => `${kind}: ${counts(summary.entities[kind])}`);
  return [`${head} statements: ${counts(summary.statements)}`, ...entities.map((line) => `  ${line}`)];
}

const BAR_WIDTH = 30;

/** "[#####-----] 45% 450/1000 rows", for a terminal that redraws it in place. */
export function formatProgressBar(done: number, total: number, unit = 'rows'): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${done}/${total} ${unit}`;
}
