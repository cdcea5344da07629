import type { Statement } from '../../data/archive.types.js';
import { toStatementJson } from '../statements/statement.json.js';

/** Statement JSON, one per line (NDJSON), for a batch of an export. */
export function toNdjsonChunk(statements: readonly Statement[], baseUrl: string): string {
  return statements.map((s) => JSON.stringify(toStatementJson(s, baseUrl)) + '\n').join('');
}
