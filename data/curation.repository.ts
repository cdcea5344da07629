import type { Db } from './db.js';

export interface UserRow {
  id: number;
  name: string;
  password_hash: string;
}

export interface SessionRow {
  user_id: number;
  user_name: string;
  csrf_token: string;
  expires_at: string;
}

export interface RevisionRow {
  id: number;
  entity_type: string;
  entity_id: string;
  action: 'create' | 'update' | 'correct' | 'retract' | 'import';
  user_name: string | null;
  before_json: string | null;
  after_json: string | null;
  created_at: string;
}

/** Curators, sessions and revision history. */
export function createCurationRepository(db: Db) {
  const insertUser = db.prepare(`
    INSERT INTO users (name, password_hash) VALUES (?, ?)
    ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash,
      updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`);
  const selectUser = db.prepare('SELECT id, name, password_hash FROM users WHERE name = ?');
  const insertSession = db.prepare(
    'INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)');
  const selectSession = db.prepare(`
    SELECT s.user_id, u.name AS user_name, s.csrf_token, s.expires_at
      FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = ? AND s.expires_at > ?`);
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const insertRevision = db.prepare(`
    INSERT INTO revisions (entity_type, entity_id, action, user_name, before_json, after_json)
    VALUES (@entity_type, @entity_id, @action, @user_name, @before_json, @after_json)`);
  const selectRevisions = db.prepare(
    'SELECT * FROM revisions WHERE entity_type = ? AND entity_id = ? ORDER BY id DESC');
  const selectRecentRevisions = db.prepare('SELECT * FROM revisions ORDER BY id DESC LIMIT ?');
  const setProvenance = db.prepare('UPDATE statements SET entered_via = ?, entered_by = ? WHERE id = ?');

  return {
    /** Adds a curator, or sets a new password for an existing one. */
    saveUser(name: string, passwordHash: string): void {
      insertUser.run(name, passwordHash);
    },
    findUserByName(name: string): UserRow | undefined {
      return selectUser.get(name) as UserRow | undefined;
    },
    createSession(tokenHash: string, userId: number, csrfToken: string, expiresAt: string): void {
      deleteExpired.run(new Date().toISOString());
      insertSession.run(tokenHash, userId, csrfToken, expiresAt);
    },
    findSession(tokenHash: string): SessionRow | undefined {
      return selectSession.get(tokenHash, new Date().toISOString()) as SessionRow | undefined;
    },
    deleteSession(tokenHash: string): void {
      deleteSession.run(tokenHash);
    },
    recordRevision(revision: Omit<RevisionRow, 'id' | 'created_at'>): void {
      insertRevision.run(revision);
    },
    listRevisions(entityType: string, entityId: string): RevisionRow[] {
      return selectRevisions.all(entityType, entityId) as RevisionRow[];
    },
    listRecentRevisions(limit: number): RevisionRow[] {
      return selectRecentRevisions.all(limit) as RevisionRow[];
    },
    /** Records how a new statement entered the archive (set once, when it is created). */
    setProvenance(statementId: string, via: 'seed' | 'typed' | 'imported' | 'extracted', by: string | null): void {
      setProvenance.run(via, by, statementId);
    },
  };
}

export type CurationRepository = ReturnType<typeof createCurationRepository>;
