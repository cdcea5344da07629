import type { Db } from './db.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * An upsert by primary key that touches a row only when a column really changes, so
 * re-importing the same data is a no-op (and enqueues nothing). Table and column names
 * come from the repositories' own constants, never from input.
 */
export function prepareUpsert<Row extends object>(
  db: Db,
  table: string,
  key: keyof Row & string,
  columns: readonly (keyof Row & string)[],
): (row: Row) => UpsertOutcome {
  const all = [key, ...columns];
  const changed = columns.map((c) => `${table}.${c} IS NOT excluded.${c}`).join(' OR ');
  const assignments = columns.map((c) => `${c} = excluded.${c}`).join(', ');
  // Topics have neither timestamps nor a version; every other table's change raises its version
  // (the one an edit form was loaded from: data/version.repository.ts).
  const touchesTimestamps = table !== 'topics';
  const touched = touchesTimestamps ? `, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), version = ${table}.version + 1` : '';
  const insert = db.prepare<Row>(
    `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((c) => '@' + c).join(', ')})
     ON CONFLICT(${key}) DO UPDATE SET ${assignments}${touched}
     WHERE ${changed}`,
  );
  const exists = db.prepare<[Row[typeof key]], number>(`SELECT 1 FROM ${table} WHERE ${key} = ?`).pluck();
  return (row) => {
    const existed = exists.get(row[key]) !== undefined;
    const { changes } = insert.run(row);
    if (!existed) return 'created';
    return changes > 0 ? 'updated' : 'unchanged';
  };
}
