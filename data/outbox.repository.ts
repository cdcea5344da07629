import type { Db } from './db.js';

export interface OutboxEntry {
  id: number;
  statement_id: string;
}

/** The kinds of entity whose names statements carry into their search documents. */
export type EmbeddedEntity = 'person' | 'organization' | 'meeting' | 'measure' | 'source';

/** The index outbox: statements whose search document must be (re)written or removed. */
export function createOutboxRepository(db: Db) {
  const selectBatch = db.prepare<[number], OutboxEntry>('SELECT id, statement_id FROM index_outbox ORDER BY id LIMIT ?');
  const deleteThrough = db.prepare<[number]>('DELETE FROM index_outbox WHERE id <= ?');
  const count = db.prepare<[], number>('SELECT count(*) FROM index_outbox').pluck();
  // The syncer asks this every 50 ms: one row read, where count(*) walks a backlog of millions.
  const anyPending = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM index_outbox)').pluck();
  const maxId = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM index_outbox').pluck();
  // Statements below the first one still waiting are in the index as they are now (alerts read up to here).
  const settledSeq = db
    .prepare<[], number>(
      `SELECT coalesce((SELECT min(s.rowid) - 1 FROM index_outbox o JOIN statements s ON s.id = o.statement_id),
                     (SELECT max(rowid) FROM statements), 0)`,
    )
    .pluck();
  const enqueueAll = db.prepare<[]>('INSERT INTO index_outbox (statement_id) SELECT id FROM statements');
  const enqueueOne = db.prepare<[string]>('INSERT INTO index_outbox (statement_id) VALUES (?)');
  // A statement embeds its speaker, organization, measure, meeting, body (the meeting's or the
  // measure's organization) and its sources' titles and outlets.
  const enqueueOf: Record<EmbeddedEntity, ReturnType<typeof db.prepare<{ id: string }>>> = {
    person: db.prepare(`INSERT INTO index_outbox (statement_id) SELECT id FROM statements WHERE speaker_person_id = @id`),
    organization: db.prepare(`
      INSERT INTO index_outbox (statement_id)
      SELECT s.id FROM statements s
        LEFT JOIN meetings mt ON mt.id = s.meeting_id LEFT JOIN measures ms ON ms.id = s.measure_id
       WHERE s.speaker_org_id = @id OR s.organization_id = @id OR mt.body_id = @id OR ms.body_id = @id`),
    meeting: db.prepare(`INSERT INTO index_outbox (statement_id) SELECT id FROM statements WHERE meeting_id = @id`),
    measure: db.prepare(`INSERT INTO index_outbox (statement_id) SELECT id FROM statements WHERE measure_id = @id`),
    source: db.prepare(
      `INSERT INTO index_outbox (statement_id) SELECT DISTINCT statement_id FROM statement_sources WHERE source_id = @id`,
    ),
  };

  return {
    /** The oldest entries; every entry with an id up to the last one returned is in the batch. */
    takeBatch(limit: number): OutboxEntry[] {
      return selectBatch.all(limit);
    },
    /** Removes entries once their documents are confirmed in the index. */
    acknowledgeThrough(id: number): void {
      deleteThrough.run(id);
    },
    countPending(): number {
      return count.get() ?? 0;
    },
    hasPending(): boolean {
      return anyPending.get() === 1;
    },
    lastId(): number {
      return maxId.get() ?? 0;
    },
    /** The highest statement row number such that no statement at or below it waits to be indexed. */
    settledSeq(): number {
      return settledSeq.get() ?? 0;
    },
    /** Marks a statement as needing (re)indexing. Call inside the write's transaction. */
    enqueue(statementId: string): void {
      enqueueOne.run(statementId);
    },
    /** Queues every statement that carries this entity's name, so search sees the new one. Call inside the edit's transaction. */
    enqueueStatementsOf(kind: EmbeddedEntity, id: string): number {
      return enqueueOf[kind].run({ id }).changes;
    },
    /** Queues every statement, e.g. when the index was lost and must be refilled incrementally. */
    enqueueEverything(): void {
      enqueueAll.run();
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
