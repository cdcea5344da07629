// TEMPORARY import path: deleted with data/legacy-repositories.ts once callers use the entity repositories.
export {
  createBrowseRepository, type BrowseRepository, type InitialCountRow, type MeasureDetailRow, type MeetingDetailRow,
  type MembershipListRow, type PageWindow, type SourceDetailRow, type SpeakerListRow, type SpeakerRow,
  type StanceByMeasureRow, type StatementTallies, type TopicDetailRow, type YearCountRow,
} from './legacy-repositories.js';
