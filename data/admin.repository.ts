import type { Db } from './db.js';
import type { MembershipRow } from './catalog.repository.js';

/** One line of a curator's finding list: what to click, and a hint to tell similar entries apart. */
export interface AdminListRow {
  id: string;
  label: string;
  detail: string | null;
}

export interface AdminStatementRow {
  id: string;
  text: string;
  speaker_name: string;
  status: 'published' | 'retracted';
  updated_at: string;
}

export interface StoredMembershipRow extends MembershipRow {
  id: number;
}

/** The kinds of entity whose names statements carry into their search documents. */
export type EmbeddedEntity = 'person' | 'organization' | 'meeting' | 'measure' | 'source';

/** `%` and `_` typed by a curator are searched for literally, not as wildcards. */
function toLikePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * The curator's side of the store: finding lists, memberships by id, corrections, retractions,
 * and enqueueing the statements an edited entity appears in. Every value is a bound parameter.
 */
export function createAdminRepository(db: Db) {
  const listRecentStatements = db.prepare(`
    SELECT s.id, s.text, COALESCE(p.name, o.name) AS speaker_name, s.status, s.updated_at
      FROM statements s
      LEFT JOIN people p ON p.id = s.speaker_person_id
      LEFT JOIN organizations o ON o.id = s.speaker_org_id
     WHERE @pattern IS NULL OR s.text LIKE @pattern ESCAPE '\\' OR COALESCE(p.name, o.name) LIKE @pattern ESCAPE '\\'
           OR s.id = @q
     ORDER BY s.updated_at DESC, s.id
     LIMIT @limit`);
  const lists = {
    person: db.prepare(`
      SELECT id, name AS label, sort_name AS detail FROM people
       WHERE @pattern IS NULL OR name LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
       ORDER BY sort_name, id LIMIT @limit`),
    organization: db.prepare(`
      SELECT id, name AS label, trim(COALESCE(classification, '') || ' ' || COALESCE(state, '')) AS detail FROM organizations
       WHERE @pattern IS NULL OR name LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
       ORDER BY name, id LIMIT @limit`),
    meeting: db.prepare(`
      SELECT id, title AS label, date AS detail FROM meetings
       WHERE @pattern IS NULL OR title LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
       ORDER BY date IS NULL, date DESC, title LIMIT @limit`),
    measure: db.prepare(`
      SELECT id, title AS label, decided_on AS detail FROM measures
       WHERE @pattern IS NULL OR title LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
       ORDER BY title, id LIMIT @limit`),
    source: db.prepare(`
      SELECT id, COALESCE(title, url, id) AS label, trim(COALESCE(outlet, '') || ' ' || COALESCE(published_on, '')) AS detail FROM sources
       WHERE @pattern IS NULL OR title LIKE @pattern ESCAPE '\\' OR outlet LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
       ORDER BY published_on IS NULL, published_on DESC, title LIMIT @limit`),
  } as const;
  const listMemberships = db.prepare(`
    SELECT CAST(m.id AS TEXT) AS id, p.name || COALESCE(', ' || m.role, '') AS label, o.name AS detail
      FROM memberships m JOIN people p ON p.id = m.person_id LEFT JOIN organizations o ON o.id = m.organization_id
     WHERE @pattern IS NULL OR p.name LIKE @pattern ESCAPE '\\' OR m.role LIKE @pattern ESCAPE '\\' OR o.name LIKE @pattern ESCAPE '\\'
     ORDER BY p.sort_name, m.id LIMIT @limit`);
  const selectMembership = db.prepare(
    'SELECT id, person_id, organization_id, role, role_category, start_date, end_date FROM memberships WHERE id = ?');
  const insertMembership = db.prepare(`
    INSERT INTO memberships (person_id, organization_id, role, role_category, start_date, end_date)
    VALUES (@person_id, @organization_id, @role, @role_category, @start_date, @end_date)`);
  const updateMembership = db.prepare(`
    UPDATE memberships SET person_id = @person_id, organization_id = @organization_id, role = @role,
           role_category = @role_category, start_date = @start_date, end_date = @end_date
     WHERE id = @id`);
  const findMembershipByKey = db.prepare(`
    SELECT id FROM memberships WHERE person_id = @person_id AND organization_id IS @organization_id AND role IS @role`).pluck();

  // A statement embeds its speaker, organization, measure, meeting, body (the meeting's or the
  // measure's organization) and its sources' titles and outlets.
  const enqueueOf: Record<EmbeddedEntity, ReturnType<Db['prepare']>> = {
    person: db.prepare(`INSERT INTO index_outbox (statement_id) SELECT id FROM statements WHERE speaker_person_id = @id`),
    organization: db.prepare(`
      INSERT INTO index_outbox (statement_id)
      SELECT s.id FROM statements s
        LEFT JOIN meetings mt ON mt.id = s.meeting_id LEFT JOIN measures ms ON ms.id = s.measure_id
       WHERE s.speaker_org_id = @id OR s.organization_id = @id OR mt.body_id = @id OR ms.body_id = @id`),
    meeting: db.prepare(`INSERT INTO index_outbox (statement_id) SELECT id FROM statements WHERE meeting_id = @id`),
    measure: db.prepare(`INSERT INTO index_outbox (statement_id) SELECT id FROM statements WHERE measure_id = @id`),
    source: db.prepare(`INSERT INTO index_outbox (statement_id) SELECT DISTINCT statement_id FROM statement_sources WHERE source_id = @id`),
  };
  const selectStatementsCiting = db.prepare(
    'SELECT DISTINCT statement_id FROM statement_sources WHERE source_id = ? ORDER BY statement_id').pluck();
  const insertCorrection = db.prepare('INSERT INTO corrections (statement_id, corrected_on, note) VALUES (?, ?, ?)');
  const touchStatement = db.prepare(`UPDATE statements SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`);
  const retract = db.prepare(`
    UPDATE statements SET status = 'retracted', retraction_reason = @reason, retracted_on = @retracted_on,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = @id AND status = 'published'`);
  const enqueue = db.prepare('INSERT INTO index_outbox (statement_id) VALUES (?)');

  const pattern = (q: string) => (q.trim() === '' ? null : toLikePattern(q.trim()));

  return {
    /** Newest edits first; `q` is matched (as a substring) against the words and the speaker's name, or as an exact id. */
    findStatements(q: string, limit: number): AdminStatementRow[] {
      return listRecentStatements.all({ pattern: pattern(q), q: q.trim(), limit }) as AdminStatementRow[];
    },
    findEntities(kind: EmbeddedEntity | 'membership', q: string, limit: number): AdminListRow[] {
      const statement = kind === 'membership' ? listMemberships : lists[kind];
      return statement.all({ pattern: pattern(q), limit }) as AdminListRow[];
    },

    findMembership(id: number): StoredMembershipRow | undefined {
      return selectMembership.get(id) as StoredMembershipRow | undefined;
    },
    /** The id of the membership with the same person, organization and role wording, if any. */
    findMembershipId(row: Pick<MembershipRow, 'person_id' | 'organization_id' | 'role'>): number | undefined {
      return findMembershipByKey.get(row) as number | undefined;
    },
    insertMembership(row: MembershipRow): number {
      return Number(insertMembership.run(row).lastInsertRowid);
    },
    updateMembership(id: number, row: MembershipRow): void {
      updateMembership.run({ id, ...row });
    },

    /** Queues every statement that carries this entity's name, so search sees the new one. Call inside the edit's transaction. */
    enqueueStatementsOf(kind: EmbeddedEntity, id: string): number {
      return enqueueOf[kind].run({ id }).changes;
    },
    listStatementsCiting(sourceId: string): string[] {
      return selectStatementsCiting.all(sourceId) as string[];
    },

    /** A public correction note; the statement's document is rewritten too. Call inside a transaction. */
    addCorrection(statementId: string, correctedOn: string, note: string): void {
      insertCorrection.run(statementId, correctedOn, note);
      touchStatement.run(statementId);
      enqueue.run(statementId);
    },
    /** Leaves a tombstone; the outbox removes the document from the index. False if it was not published. */
    retractStatement(statementId: string, reason: string, retractedOn: string): boolean {
      const { changes } = retract.run({ id: statementId, reason, retracted_on: retractedOn });
      if (changes > 0) enqueue.run(statementId);
      return changes > 0;
    },
  };
}

export type AdminRepository = ReturnType<typeof createAdminRepository>;
