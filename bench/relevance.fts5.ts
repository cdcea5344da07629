import Database from 'better-sqlite3';
import type { Statement } from '../data/archive.types.js';

// The baseline the issue measures against: plain SQLite FTS5, bm25, the query's words ORed.
// A throw-away in-memory table for the benchmark, not application SQL (that lives in data/).

export interface Fts5Baseline {
  rank(q: string, stances: readonly string[] | undefined, limit: number): string[];
  close(): void;
}

const COLUMNS = ['text', 'speaker', 'role', 'organization', 'measure', 'meeting', 'topics', 'outlet'] as const;

/** Builds the baseline over the same published statements; `porter` adds English stemming. */
export function createFts5Baseline(
  statements: readonly Statement[],
  topicLabels: ReadonlyMap<string, string>,
  options: { porter?: boolean } = {},
): Fts5Baseline {
  const db = new Database(':memory:');
  const tokenize = options.porter ? 'porter unicode61' : 'unicode61';
  db.exec(
    `CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, stance UNINDEXED, ${COLUMNS.join(', ')}, tokenize = '${tokenize}')`,
  );
  const insert = db.prepare(`INSERT INTO docs VALUES (@id, @stance, ${COLUMNS.map((c) => `@${c}`).join(', ')})`);
  db.transaction(() => {
    for (const s of statements) {
      insert.run({
        id: s.id,
        stance: s.stance,
        text: s.text,
        speaker: s.speaker.name,
        role: s.speaker.role ?? '',
        organization: s.speaker.organization?.name ?? '',
        measure: s.measure?.title ?? '',
        meeting: s.meeting?.title ?? '',
        topics: s.topics.map((slug) => topicLabels.get(slug) ?? slug).join(', '),
        outlet: s.source?.outlet ?? '',
      });
    }
  })();
  const search = db
    .prepare(
      `SELECT id FROM docs WHERE docs MATCH @match
    AND (@stances IS NULL OR stance IN (SELECT value FROM json_each(@stances)))
    ORDER BY bm25(docs) LIMIT @limit`,
    )
    .pluck();

  return {
    rank(q, stances, limit) {
      const match = toFts5Match(q);
      if (match === null) return [];
      return search.all({ match, stances: stances?.length ? JSON.stringify(stances) : null, limit }) as string[];
    },
    close: () => db.close(),
  };
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * A reader's query as an FTS5 expression: "quoted phrases" stay phrases, other words are
 * ORed, and -word excludes. Every term is quoted, so nothing typed becomes FTS5 syntax.
 */
export function toFts5Match(q: string): string | null {
  const positive: string[] = [];
  const negative: string[] = [];
  const rest = q.replace(/(-?)"([^"]*)"/g, (_, minus: string, phrase: string) => {
    if (/[\p{L}\p{N}]/u.test(phrase)) (minus ? negative : positive).push(quote(phrase));
    return ' ';
  });
  for (const word of rest.split(/\s+/)) {
    const minus = word.startsWith('-');
    for (const token of word.match(/[\p{L}\p{N}]+/gu) ?? []) (minus ? negative : positive).push(quote(token));
  }
  if (positive.length === 0) return null;
  const any = positive.join(' OR ');
  return negative.length > 0 ? `(${any}) NOT (${negative.join(' OR ')})` : any;
}
