// TEMPORARY import path: deleted with data/legacy-repositories.ts once callers use the entity repositories.
export {
  createAdminRepository, type AdminListRow, type AdminRepository, type AdminStatementRow, type EmbeddedEntity,
  type StoredMembershipRow,
} from './legacy-repositories.js';
