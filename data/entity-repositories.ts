import type { Db } from './db.js';
import { createAlertDeliveryRepository } from './alert-delivery.repository.js';
import { createAlertSubscriptionRepository } from './alert-subscription.repository.js';
import { createBrowseListRepository } from './browse-list.repository.js';
import { createCandidateRepository } from './candidate.repository.js';
import { createCuratorRepository } from './curator.repository.js';
import { createImportStagingRepository } from './import-staging.repository.js';
import { createJobRepository } from './job.repository.js';
import { createLeaseRepository } from './lease.repository.js';
import { createMeasureRepository } from './measure.repository.js';
import { createMeetingRepository } from './meeting.repository.js';
import { createMembershipRepository } from './membership.repository.js';
import { createMetaRepository } from './meta.repository.js';
import { createOrganizationRepository } from './organization.repository.js';
import { createOutboxRepository } from './outbox.repository.js';
import { createPersonRepository } from './person.repository.js';
import { createRevisionRepository } from './revision.repository.js';
import { createSitemapRepository } from './sitemap.repository.js';
import { createSourceRepository } from './source.repository.js';
import { createSpeakerRepository } from './speaker.repository.js';
import { createStatementRepository } from './statement.repository.js';
import { createTopicRepository } from './topic.repository.js';
import { createVersionRepository } from './version.repository.js';
import { createVocabularyRepository } from './vocabulary.repository.js';

/** One repository per entity, each preparing its statements once on this database. */
export function createEntityRepositories(db: Db) {
  return {
    statements: createStatementRepository(db),
    people: createPersonRepository(db),
    organizations: createOrganizationRepository(db),
    /** People and organizations that have spoken: the speakers list and pages. */
    speakers: createSpeakerRepository(db),
    memberships: createMembershipRepository(db),
    meetings: createMeetingRepository(db),
    measures: createMeasureRepository(db),
    sources: createSourceRepository(db),
    topics: createTopicRepository(db),
    curators: createCuratorRepository(db),
    revisions: createRevisionRepository(db),
    outbox: createOutboxRepository(db),
    /** The review queue: ingested documents and their candidate statements. */
    candidates: createCandidateRepository(db),
    meta: createMetaRepository(db),
    /** Email alerts: saved searches followed by readers, and the mails owed and sent. */
    alertSubscriptions: createAlertSubscriptionRepository(db),
    alertDeliveries: createAlertDeliveryRepository(db),
    leases: createLeaseRepository(db),
    /** Curators' long-running work (an upload import), run in a process of its own. */
    jobs: createJobRepository(db),
    /** One import run's memory of the rows it met (TEMP tables: bounded memory for any file size). */
    importStaging: createImportStagingRepository(db),
    /** Edit versions of the rows curators edit (optimistic concurrency). */
    versions: createVersionRepository(db),
    /** The words and names "Did you mean" suggests from. */
    vocabulary: createVocabularyRepository(db),
    /** The browse index pages: measures, meetings, topics, sources, organizations, paged with their counts. */
    browseLists: createBrowseListRepository(db),
    /** What /sitemap.xml lists: permalinks, speakers, meetings and measures with their last change. */
    sitemap: createSitemapRepository(db),
  };
}

export type EntityRepositories = ReturnType<typeof createEntityRepositories>;
