import type { SessionSummary } from '../../data/curator.repository.js';
import type { Store } from '../../data/store.js';
import { hashPassword } from '../admin/passwords.js';

export type CuratorsService = ReturnType<typeof createCuratorsService>;

/** Curator accounts and their sessions: what `onrecord user add` and `onrecord user sessions` do. */
export function createCuratorsService(store: Store) {
  const userOf = (name: string) => {
    const user = store.curators.findByName(name);
    if (!user) throw new Error(`there is no curator named "${name}"`);
    return user;
  };
  return {
    /**
     * Adds the curator, or sets a new password for one that exists; says which. A new password
     * ends every session the curator had: whoever signed in with the old one is signed out.
     */
    async saveCurator(name: string, password: string): Promise<{ outcome: 'added' | 'changed'; sessionsEnded: number }> {
      const hash = await hashPassword(password);
      return store.transaction(() => {
        const existing = store.curators.findByName(name);
        store.curators.save(name, hash);
        const sessionsEnded = existing ? store.curators.deleteSessionsOf(existing.id) : 0;
        return { outcome: existing ? 'changed' : 'added', sessionsEnded };
      });
    },
    /** The curator's live sessions (when each began and ends); throws for an unknown name. */
    listSessions(name: string): { name: string; sessions: SessionSummary[] } {
      const user = userOf(name);
      return { name: user.name, sessions: store.curators.listSessionsOf(user.id) };
    },
    /** Ends every session of the curator; returns how many were live. */
    endSessions(name: string): { name: string; ended: number } {
      const user = userOf(name);
      return store.transaction(() => {
        const ended = store.curators.listSessionsOf(user.id).length;
        store.curators.deleteSessionsOf(user.id);
        return { name: user.name, ended };
      });
    },
  };
}
