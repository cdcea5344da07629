import type { Provenance } from './import.schema.js';

// What every format codec (CSV, JSON/NDJSON, Popolo, the seed, an admin form) hands the import:
// one plan. The write path reads only the plan; nothing else steers it.

export interface ImportRecord {
  /** Where the record stands in its file: line (NDJSON, CSV) or position (JSON array), from 1. */
  row: number;
  value: unknown;
}

export type ImportList =
  'topics' | 'organizations' | 'people' | 'memberships' | 'measures' | 'meetings' | 'sources' | 'statements';

/** Statements, plus entities that no statement refers to yet (a measure before anyone spoke on it). */
export interface ImportPlan {
  topics?: ImportRecord[];
  organizations?: ImportRecord[];
  people?: ImportRecord[];
  memberships?: ImportRecord[];
  measures?: ImportRecord[];
  meetings?: ImportRecord[];
  sources?: ImportRecord[];
  statements: ImportRecord[];
  /** How the file names a field in a problem: a CSV reports its column, not the record's path. */
  fieldName?: (field: string) => string;
  /** What the file calls each list, put before a problem's field ("speeches.creator_id"), where lists share row numbers. */
  labels?: Partial<Record<ImportList, string>>;
  /**
   * The format cannot say everything about a statement (CSV: no further sources, often no
   * positions or language). For a statement already stored, what a record leaves out is kept:
   * its further sources, a position its row leaves empty, and its language.
   */
  flat?: boolean;
  /**
   * A whole archive (the Popolo export): statements also carry their status, corrections and
   * provenance, and memberships are stated on their own, not derived from each speaker's role.
   * A retraction or a correction in the file is applied; one already stored is never undone.
   */
  archive?: { seededAt: string | null };
  /** How new statements entered the archive, and by whom; 'imported' by nobody when not said. */
  provenance?: Provenance;
  /**
   * Write a revision with this action for every statement the plan creates or changes, in the
   * same transaction: by this name, or (left out) by the statement's provenance name. Without
   * it the plan writes no revisions.
   */
  revision?: { action: 'import' | 'create' | 'update'; by?: string | null };
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export const ENTITY_KINDS = ['people', 'organizations', 'memberships', 'measures', 'meetings', 'sources'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface ImportSummary {
  statements: ImportCounts;
  /** The file's top-level `sources` records. */
  sources: ImportCounts;
  /** Every entity the file named, nested or not, counted once per id. */
  entities: Record<EntityKind, ImportCounts>;
  dryRun: boolean;
}

/** How a plan is run, not what it writes. */
export interface ImportRunOptions {
  /** Validate and write everything, then roll it all back: the summary says what would happen. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}
