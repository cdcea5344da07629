import type { Db } from './db.js';
import type { PageWindow } from './domain/entities.js';

// What the sitemaps list: every published statement's permalink, every speaker, meeting and
// measure, each with when it last changed, paged in a stable order (by id).

/** One page a sitemap names: its kind's id, and when it (or anything shown on it) last changed. */
export interface SitemapEntry {
  id: string;
  lastmod: string | null;
}

/** A speaker entry also says which table it is (speaker ids are unique across both). */
export type SitemapSpeakerEntry = SitemapEntry & { type: 'person' | 'organization' };

// An entity page shows its published statements: it changed when it, or any of its statements
// (published, corrected or retracted), last changed.
const latestOf = (own: string, statementsWhere: string) =>
  `max(${own}, coalesce((SELECT max(s.updated_at) FROM statements s WHERE ${statementsWhere}), ${own}))`;

export function createSitemapRepository(db: Db) {
  const countStatements = db.prepare<[], number>(`SELECT count(*) FROM statements WHERE status = 'published'`).pluck();
  const selectStatements = db.prepare<PageWindow, SitemapEntry>(`
    SELECT id, updated_at AS lastmod FROM statements WHERE status = 'published' ORDER BY id LIMIT @limit OFFSET @offset`);

  // As the speakers list: people and organizations with at least one published statement.
  const SPEAKERS = `
    SELECT p.id, 'person' AS type, ${latestOf('p.updated_at', 's.speaker_person_id = p.id')} AS lastmod FROM people p
     WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_person_id = p.id AND s.status = 'published')
    UNION ALL
    SELECT o.id, 'organization' AS type, ${latestOf('o.updated_at', 's.speaker_org_id = o.id')} AS lastmod FROM organizations o
     WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_org_id = o.id AND s.status = 'published')`;
  const countSpeakers = db
    .prepare<[], number>(
      `
    SELECT (SELECT count(*) FROM people p WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_person_id = p.id AND s.status = 'published'))
         + (SELECT count(*) FROM organizations o WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_org_id = o.id AND s.status = 'published'))`,
    )
    .pluck();
  const selectSpeakers = db.prepare<PageWindow, SitemapSpeakerEntry>(
    `SELECT id, type, lastmod FROM (${SPEAKERS}) ORDER BY id, type LIMIT @limit OFFSET @offset`,
  );

  const countMeetings = db.prepare<[], number>('SELECT count(*) FROM meetings').pluck();
  const selectMeetings = db.prepare<PageWindow, SitemapEntry>(`
    SELECT mt.id, ${latestOf('mt.updated_at', 's.meeting_id = mt.id')} AS lastmod FROM meetings mt
     ORDER BY mt.id LIMIT @limit OFFSET @offset`);

  const countMeasures = db.prepare<[], number>('SELECT count(*) FROM measures').pluck();
  const selectMeasures = db.prepare<PageWindow, SitemapEntry>(`
    SELECT ms.id, ${latestOf('ms.updated_at', 's.measure_id = ms.id')} AS lastmod FROM measures ms
     ORDER BY ms.id LIMIT @limit OFFSET @offset`);

  return {
    countStatements: (): number => countStatements.get() ?? 0,
    listStatements: (window: PageWindow): SitemapEntry[] => selectStatements.all(window),
    countSpeakers: (): number => countSpeakers.get() ?? 0,
    listSpeakers: (window: PageWindow): SitemapSpeakerEntry[] => selectSpeakers.all(window),
    countMeetings: (): number => countMeetings.get() ?? 0,
    listMeetings: (window: PageWindow): SitemapEntry[] => selectMeetings.all(window),
    countMeasures: (): number => countMeasures.get() ?? 0,
    listMeasures: (window: PageWindow): SitemapEntry[] => selectMeasures.all(window),
  };
}

export type SitemapRepository = ReturnType<typeof createSitemapRepository>;
