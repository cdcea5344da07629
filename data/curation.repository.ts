// TEMPORARY import path: deleted with data/legacy-repositories.ts once callers use the entity repositories.
export {
  createCurationRepository, type CurationRepository, type RevisionRow, type SessionRow, type UserRow,
} from './legacy-repositories.js';
