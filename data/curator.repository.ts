import type { Db } from './db.js';

/** A curator who may sign in, with the hash of their password. */
export interface Curator {
  id: number;
  name: string;
  password_hash: string;
}

/** A live sign-in: whose it is and the token its forms must carry. */
export interface CuratorSession {
  user_id: number;
  user_name: string;
  csrf_token: string;
  expires_at: string;
}

/** A live sign-in as `onrecord user sessions` lists it: no token, only a short tag of its hash. */
export interface SessionSummary {
  tag: string;
  created_at: string;
  expires_at: string;
}

/** Curators (users) and their sessions. Sessions are stored by the hash of their token. */
export function createCuratorRepository(db: Db) {
  const upsertUser = db.prepare<[string, string]>(`
    INSERT INTO users (name, password_hash) VALUES (?, ?)
    ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash,
      updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`);
  const selectUser = db.prepare<[string], Curator>('SELECT id, name, password_hash FROM users WHERE name = ?');
  const insertSession = db.prepare<[string, number, string, string]>(
    'INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)',
  );
  const selectSession = db.prepare<[string, string], CuratorSession>(`
    SELECT s.user_id, u.name AS user_name, s.csrf_token, s.expires_at
      FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = ? AND s.expires_at > ?`);
  const deleteSession = db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?');
  const deleteExpired = db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?');
  const selectSessionsOf = db.prepare<[number, string], SessionSummary>(`
    SELECT substr(token_hash, 1, 8) AS tag, created_at, expires_at FROM sessions
     WHERE user_id = ? AND expires_at > ? ORDER BY created_at, token_hash`);
  const deleteSessionsOf = db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?');

  return {
    /** Adds a curator, or sets a new password for an existing one. */
    save(name: string, passwordHash: string): void {
      upsertUser.run(name, passwordHash);
    },
    findByName(name: string): Curator | undefined {
      return selectUser.get(name);
    },
    /** Starts a session (and clears expired ones). */
    createSession(tokenHash: string, userId: number, csrfToken: string, expiresAt: string): void {
      deleteExpired.run(new Date().toISOString());
      insertSession.run(tokenHash, userId, csrfToken, expiresAt);
    },
    /** The session with this token hash, unless it has expired. */
    findSession(tokenHash: string): CuratorSession | undefined {
      return selectSession.get(tokenHash, new Date().toISOString());
    },
    deleteSession(tokenHash: string): void {
      deleteSession.run(tokenHash);
    },
    /** A curator's live sessions, oldest first. */
    listSessionsOf(userId: number): SessionSummary[] {
      return selectSessionsOf.all(userId, new Date().toISOString());
    },
    /** Ends every session of a curator (expired ones too); returns how many were live or stored. */
    deleteSessionsOf(userId: number): number {
      return deleteSessionsOf.run(userId).changes;
    },
  };
}

export type CuratorRepository = ReturnType<typeof createCuratorRepository>;
