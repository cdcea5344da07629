// TEMPORARY import path: deleted with data/legacy-repositories.ts once callers use the entity repositories.
export {
  createCatalogRepository, type CatalogRepository, type MeasureRow, type MeetingRow, type MembershipRow,
  type OrganizationRow, type PersonRow, type SourceRow, type TopicRow,
} from './legacy-repositories.js';
