// Shapes and helpers shared by the repositories' curator-facing lists (finding lists, select options).

/** One line of a curator's finding list: what to click, and a hint to tell similar entries apart. */
export interface FindingListEntry {
  id: string;
  label: string;
  detail: string | null;
}

/** One choice of a select: an entity's id and how it is shown. */
export interface ListOption {
  id: string;
  label: string;
}

/** The parameters of a finding-list query: a LIKE pattern (null: everything) and how many rows. */
export interface FindingListParams {
  pattern: string | null;
  limit: number;
}

/**
 * What a curator typed, as a LIKE pattern matching it as a substring; null when nothing was typed.
 * `%` and `_` typed by a curator are searched for literally, not as wildcards (queries say ESCAPE '\').
 */
export function likePatternOf(q: string): string | null {
  const typed = q.trim();
  return typed === '' ? null : `%${typed.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** A list of ids bound as one JSON array, so no SQL is ever assembled from values. */
export const idsParam = (ids: readonly string[]): string => JSON.stringify(ids);

/** Display names by id, from rows of a labels query. */
export function toLabelMap(rows: readonly { id: string; label: string }[]): Map<string, string> {
  return new Map(rows.map((row) => [row.id, row.label]));
}
