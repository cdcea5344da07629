import type { Db } from './db.js';
import type { PageWindow, Speaker } from './domain/entities.js';
import { initialOf, OTHER_INITIAL } from './domain/names.js';
import { idsParam, toLabelMap } from './finding-list.sql.js';

/** One line of the speakers list: who, and how many published statements they made. */
export type SpeakerWithCount = Speaker & { statements: number };

/** How many speakers are filed under each initial, in list order. */
export interface InitialCount {
  initial: string;
  n: number;
}

/** Which speakers a list shows: null for both people and organizations. */
export interface SpeakerFilter {
  type: Speaker['type'] | null;
}

const EVERY_SPEAKER: SpeakerFilter = { type: null };

interface SpeakerRow {
  id: string;
  type: 'person' | 'organization';
  name: string;
  sort_name: string;
}

function toSpeaker(row: SpeakerRow): Speaker {
  return { id: row.id, type: row.type, name: row.name, sort_name: row.sort_name };
}

// A speaker is whoever spoke: a person, or an organization speaking collectively.
const SPEAKERS = `
  SELECT p.id, 'person' AS type, p.name, p.sort_name FROM people p
   WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_person_id = p.id AND s.status = 'published')
  UNION ALL
  SELECT o.id, 'organization' AS type, o.name, o.name AS sort_name FROM organizations o
   WHERE EXISTS (SELECT 1 FROM statements s WHERE s.speaker_org_id = o.id AND s.status = 'published')`;

/** Speakers: people, and organizations that have spoken as one; read across both tables. */
export function createSpeakerRepository(db: Db) {
  // Lists file names under an initial with accents ignored, as people look them up; SQL's own
  // collations cannot, so the same function the pages use is lent to SQLite.
  db.function('speaker_initial', { deterministic: true }, (sortName: unknown) =>
    initialOf(typeof sortName === 'string' ? sortName : ''),
  );

  // A–Z by initial (names filed under "#" last), then by sort name; the id breaks ties so pages never overlap.
  const selectPage = db.prepare<PageWindow & SpeakerFilter, SpeakerRow>(`
    SELECT id, type, name, sort_name FROM (${SPEAKERS})
     WHERE @type IS NULL OR type = @type
     ORDER BY speaker_initial(sort_name) = '${OTHER_INITIAL}', speaker_initial(sort_name), sort_name COLLATE NOCASE, id
     LIMIT @limit OFFSET @offset`);
  const countListedRows = db
    .prepare<SpeakerFilter, number>(`SELECT count(*) FROM (${SPEAKERS}) WHERE @type IS NULL OR type = @type`)
    .pluck();
  const selectCountsByInitial = db.prepare<[], InitialCount>(`
    SELECT speaker_initial(sort_name) AS initial, count(*) AS n FROM (${SPEAKERS})
     GROUP BY initial ORDER BY initial = '${OTHER_INITIAL}', initial`);
  const selectStatementCounts = db.prepare<{ people: string; organizations: string }, { type: string; id: string; n: number }>(`
    SELECT 'person' AS type, s.speaker_person_id AS id, count(*) AS n
      FROM json_each(@people) j JOIN statements s ON s.speaker_person_id = j.value AND s.status = 'published'
     GROUP BY s.speaker_person_id
    UNION ALL
    SELECT 'organization', s.speaker_org_id, count(*)
      FROM json_each(@organizations) j JOIN statements s ON s.speaker_org_id = j.value AND s.status = 'published'
     GROUP BY s.speaker_org_id`);
  const selectPerson = db.prepare<[string], SpeakerRow>(`SELECT id, 'person' AS type, name, sort_name FROM people WHERE id = ?`);
  const selectSpeakingOrganization = db.prepare<[string], SpeakerRow>(`
    SELECT o.id, 'organization' AS type, o.name, o.name AS sort_name
      FROM organizations o
     WHERE o.id = ? AND EXISTS (SELECT 1 FROM statements s WHERE s.speaker_org_id = o.id)`);
  const selectLabels = db.prepare<{ ids: string }, { id: string; label: string }>(`
    SELECT id, name AS label FROM people WHERE id IN (SELECT value FROM json_each(@ids))
    UNION ALL SELECT id, name FROM organizations WHERE id IN (SELECT value FROM json_each(@ids))`);

  return {
    /** One page of everyone with at least one published statement, A–Z by initial and sort name, with how many. */
    listPage(window: PageWindow, filter: SpeakerFilter = EVERY_SPEAKER): SpeakerWithCount[] {
      const speakers = selectPage.all({ ...window, ...filter }).map(toSpeaker);
      const idsOf = (type: Speaker['type']) => idsParam(speakers.filter((s) => s.type === type).map((s) => s.id));
      const counts = new Map(
        selectStatementCounts
          .all({ people: idsOf('person'), organizations: idsOf('organization') })
          .map((row) => [`${row.type}:${row.id}`, row.n]),
      );
      return speakers.map((s) => ({ ...s, statements: counts.get(`${s.type}:${s.id}`) ?? 0 }));
    },
    countListed(filter: SpeakerFilter): number {
      return countListedRows.get(filter) ?? 0;
    },
    /** How many speakers each initial has, in list order: their sum is the number of speakers. */
    countByInitial(): InitialCount[] {
      return selectCountsByInitial.all();
    },
    /** A person, or an organization that has spoken (other organizations have no speaker page). */
    findById(id: string): Speaker | undefined {
      const row = selectPerson.get(id) ?? selectSpeakingOrganization.get(id);
      return row && toSpeaker(row);
    },
    /** Display names of speakers (people or organizations), by id. */
    findLabels(ids: readonly string[]): Map<string, string> {
      return ids.length === 0 ? new Map<string, string>() : toLabelMap(selectLabels.all({ ids: idsParam(ids) }));
    },
  };
}

export type SpeakerRepository = ReturnType<typeof createSpeakerRepository>;
