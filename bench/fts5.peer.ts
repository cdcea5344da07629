/**
 * The zero-dependency alternative a user might pick: SQLite FTS5 over the very documents we send
 * to Meilisearch, bm25 ranking, filters as WHERE, facet counts by GROUP BY (disjunctive, as ours:
 * an active facet is counted without its own filter). Runs in-process, so its figures carry no
 * HTTP cost; compare them with the raw engine's.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { Store } from '../data/store.js';
import { FACET_NAMES, type FacetName, type SearchDocument } from '../indexer/index-settings.js';
import { topicLabelsOf } from '../indexer/outbox.js';
import { toSearchDocument } from '../indexer/to-search-document.js';
import type { BenchQuery } from './bench.queries.js';

const FTS_COLUMNS = [
  'text',
  'speaker_name',
  'role',
  'organization_name',
  'measure_title',
  'topic_labels',
  'meeting_title',
  'body_name',
  'context',
  'outlet',
  'source_title',
] as const;

// Facet name -> column of `docs` (topic is many-valued and lives in doc_topics).
const FACET_COLUMNS: Record<Exclude<FacetName, 'topic'>, string> = {
  stance: 'stance',
  measure: 'measure_id',
  speaker: 'speaker_id',
  role: 'role_category',
  org: 'organization_id',
  body: 'body_id',
  state: 'state',
  kind: 'kind',
  year: 'year',
};

export function buildFts5Peer(store: Store, path: string, onProgress?: (done: number, total: number) => void): void {
  rmSync(path, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec(`
    CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, stance TEXT, measure_id TEXT, speaker_id TEXT,
      role_category TEXT, organization_id TEXT, body_id TEXT, state TEXT, kind TEXT, year INTEGER, date_start INTEGER);
    CREATE TABLE doc_topics (doc INTEGER NOT NULL, topic TEXT NOT NULL);
    CREATE VIRTUAL TABLE fts USING fts5(${FTS_COLUMNS.join(', ')}, tokenize = 'unicode61 remove_diacritics 2');`);
  const insertDoc = db.prepare(`INSERT INTO docs VALUES (@rowid, @id, @stance, @measure_id, @speaker_id, @role_category,
    @organization_id, @body_id, @state, @kind, @year, @date_start)`);
  const insertTopic = db.prepare('INSERT INTO doc_topics VALUES (?, ?)');
  const insertFts = db.prepare(
    `INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?, ${FTS_COLUMNS.map(() => '?').join(', ')})`,
  );
  const labels = topicLabelsOf(store);
  const total = store.statements.countPublished();
  let cursor = '';
  let rowid = 0;
  for (;;) {
    const ids = store.statements.listPublishedIdsAfter(cursor, 5000);
    if (ids.length === 0) break;
    cursor = ids.at(-1) as string;
    const documents = store.statements.findManyByIds(ids).map((s) => toSearchDocument(s, labels));
    db.transaction((docs: SearchDocument[]) => {
      for (const doc of docs) {
        rowid += 1;
        insertDoc.run({
          rowid,
          id: doc.id,
          stance: doc.stance,
          measure_id: doc.measure_id,
          speaker_id: doc.speaker_id,
          role_category: doc.role_category,
          organization_id: doc.organization_id,
          body_id: doc.body_id,
          state: doc.state,
          kind: doc.kind,
          year: doc.year ?? null,
          date_start: doc.date_start ?? null,
        });
        for (const topic of doc.topics) insertTopic.run(rowid, topic);
        insertFts.run(
          rowid,
          ...FTS_COLUMNS.map((c) => {
            const value = doc[c];
            return Array.isArray(value) ? value.join(' ') : (value ?? null);
          }),
        );
      }
    })(documents);
    onProgress?.(rowid, total);
  }
  // Indexes after the load, as anyone bulk-loading would.
  for (const column of Object.values(FACET_COLUMNS)) db.exec(`CREATE INDEX docs_${column} ON docs (${column})`);
  db.exec('CREATE INDEX doc_topics_topic ON doc_topics (topic, doc); CREATE INDEX doc_topics_doc ON doc_topics (doc)');
  db.exec("INSERT INTO fts (fts) VALUES ('optimize')");
  db.close();
}

/** Query words ORed (bm25 ranks documents with more of them first); quoted phrases kept. */
export function toMatchExpression(q: string): string | null {
  const parts: string[] = [];
  const re = /"([^"]+)"|(\S+)/g;
  for (let m = re.exec(q); m; m = re.exec(q)) {
    const raw = (m[1] ?? m[2] ?? '').replace(/"/g, '');
    const words = raw.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (words.length === 0) continue;
    parts.push(m[1] !== undefined ? `"${words.join(' ')}"` : words.map((w) => `"${w}"`).join(' OR '));
  }
  return parts.length > 0 ? parts.join(' OR ') : null;
}

export interface Fts5Timing {
  totalMs: number;
  facetMs: number;
  total: number;
}

export function openFts5Peer(path: string) {
  const db = new Database(path, { readonly: false });
  db.exec('CREATE TEMP TABLE hits (rowid INTEGER PRIMARY KEY)');
  const clearHits = db.prepare('DELETE FROM temp.hits');
  const fillMatched = db.prepare('INSERT INTO temp.hits SELECT rowid FROM fts WHERE fts MATCH ?');
  const fillAll = db.prepare('INSERT INTO temp.hits SELECT rowid FROM docs');
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  function whereOf(filters: Partial<Record<FacetName, string[]>>, except?: FacetName): { sql: string; params: string[] } {
    const clauses: string[] = [];
    const params: string[] = [];
    for (const facet of FACET_NAMES) {
      const values = filters[facet];
      if (!values || values.length === 0 || facet === except) continue;
      params.push(JSON.stringify(facet === 'year' ? values.map(Number) : values));
      clauses.push(
        facet === 'topic'
          ? 'docs.rowid IN (SELECT doc FROM doc_topics WHERE topic IN (SELECT value FROM json_each(?)))'
          : `docs.${FACET_COLUMNS[facet]} IN (SELECT value FROM json_each(?))`,
      );
    }
    return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
  }

  /** One page of 20 with snippets, and counts for every facet: what our /api/search answers. */
  function search(query: BenchQuery): Fts5Timing {
    const started = performance.now();
    const q = typeof query.q === 'string' ? query.q : '';
    const match = toMatchExpression(q);
    const filters: Partial<Record<FacetName, string[]>> = {};
    for (const facet of FACET_NAMES) {
      const v = query[facet];
      if (v !== undefined) filters[facet] = [...new Set(Array.isArray(v) ? v : [v])];
    }
    const where = whereOf(filters);
    const order = query.sort === 'newest' ? 'docs.date_start DESC' : match ? 'bm25(fts)' : 'docs.date_start DESC';
    if (match) {
      prepared(`SELECT docs.id, snippet(fts, 0, '<mark>', '</mark>', '…', 48) AS snippet
          FROM fts JOIN docs ON docs.rowid = fts.rowid WHERE fts MATCH ? AND ${where.sql} ORDER BY ${order} LIMIT 20`).all(
        match,
        ...where.params,
      );
    } else {
      prepared(`SELECT docs.id FROM docs WHERE ${where.sql} ORDER BY ${order} LIMIT 20`).all(...where.params);
    }
    const facetStarted = performance.now();
    clearHits.run();
    if (match) fillMatched.run(match);
    else fillAll.run();
    let total = 0;
    for (const facet of FACET_NAMES) {
      const w = whereOf(filters, filters[facet] ? facet : undefined);
      const sql =
        facet === 'topic'
          ? `SELECT t.topic AS value, count(*) AS n FROM temp.hits h JOIN docs ON docs.rowid = h.rowid
             JOIN doc_topics t ON t.doc = h.rowid WHERE ${w.sql} GROUP BY t.topic ORDER BY n DESC LIMIT 500`
          : `SELECT docs.${FACET_COLUMNS[facet]} AS value, count(*) AS n FROM temp.hits h JOIN docs ON docs.rowid = h.rowid
             WHERE ${w.sql} AND docs.${FACET_COLUMNS[facet]} IS NOT NULL GROUP BY 1 ORDER BY n DESC LIMIT 500`;
      const rows = prepared(sql).all(...w.params) as { value: string; n: number }[];
      if (facet === 'stance') total = rows.reduce((sum, r) => sum + r.n, 0);
    }
    const ended = performance.now();
    return { totalMs: ended - started, facetMs: ended - facetStarted, total };
  }

  return { search, close: () => db.close() };
}
