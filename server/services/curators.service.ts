import type { Store } from '../../data/store.js';
import { hashPassword } from '../admin/passwords.js';

export type CuratorsService = ReturnType<typeof createCuratorsService>;

/** Curator accounts: what `onrecord user add` writes. */
export function createCuratorsService(store: Store) {
  return {
    /** Adds the curator, or sets a new password for one that exists; says which. */
    async saveCurator(name: string, password: string): Promise<'added' | 'changed'> {
      const existed = store.curators.findByName(name) !== undefined;
      store.curators.save(name, await hashPassword(password));
      return existed ? 'changed' : 'added';
    },
  };
}
