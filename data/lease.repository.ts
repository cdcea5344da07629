import type { Db } from './db.js';

/**
 * Named leases in SQLite: at most one holder at a time across every process on the archive, for
 * work that must not run twice at once (the alert scheduler). A holder that dies stops renewing,
 * and its lease is free again once it expires.
 */
export function createLeaseRepository(db: Db) {
  // One statement, so two processes racing for a free lease cannot both win.
  const claim = db.prepare<{ name: string; holder: string; now: number; expires_at: number }>(
    `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires_at)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
  );
  const release = db.prepare<{ name: string; holder: string }>('DELETE FROM leases WHERE name = @name AND holder = @holder');
  const holderOf = db.prepare<[string], string>('SELECT holder FROM leases WHERE name = ?').pluck();
  return {
    /** Takes or renews the lease for `ttlMs`; false when another live holder has it. */
    acquire(name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
      return claim.run({ name, holder, now, expires_at: now + ttlMs }).changes === 1;
    },
    /** Frees the lease if `holder` has it (also how a dead holder's lease is taken back). */
    release(name: string, holder: string): void {
      release.run({ name, holder });
    },
    holderOf(name: string): string | undefined {
      return holderOf.get(name);
    },
  };
}

export type LeaseRepository = ReturnType<typeof createLeaseRepository>;
