import type { Stance } from './archive.types.js';
import type { Db } from './db.js';
import { idsParam, likePatternOf, type FindingListParams } from './finding-list.sql.js';

// Whole-archive statement lists and figures: published ids for the index, the home page's recent
// statements and counts, the review queue's matching, the curator's finding list. (The browse
// pages' lists are in statement-browse.repository.ts.) Retracted statements are left out of every
// public list and count.

export interface CorpusCounts {
  statements: number;
  speakers: number;
  measures: number;
  meetings: number;
  sources: number;
}

export interface MeasureTally {
  id: string;
  title: string;
  outcome: string | null;
  total: number;
  stances: Partial<Record<Stance, number>>;
}

/** A line of the curator's list of statements: newest edits first. */
export interface CuratorStatementEntry {
  id: string;
  text: string;
  speaker_name: string;
  status: 'published' | 'retracted';
  updated_at: string;
}

const WITH_MEETING = 'LEFT JOIN meetings mt ON mt.id = s.meeting_id';

export function createStatementListQueries(db: Db) {
  const selectPublishedIds = db
    .prepare<[number, number], string>(`SELECT id FROM statements WHERE status = 'published' ORDER BY id LIMIT ? OFFSET ?`)
    .pluck();
  const selectIdsAfter = db
    .prepare<[string, number], string>(`SELECT id FROM statements WHERE status = 'published' AND id > ? ORDER BY id LIMIT ?`)
    .pluck();
  const countPublished = db.prepare<[], number>(`SELECT count(*) FROM statements WHERE status = 'published'`).pluck();
  const maxSeq = db.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM statements').pluck();
  // Newest first by when it was said (or the meeting's date); undated statements last, newest entries first.
  const selectRecentIds = db
    .prepare<[number], string>(
      `
    SELECT s.id FROM statements s ${WITH_MEETING}
     WHERE s.status = 'published'
     ORDER BY coalesce(s.said_on, mt.date) IS NULL, coalesce(s.said_on, mt.date) DESC, s.created_at DESC, s.id
     LIMIT ?`,
    )
    .pluck();
  const selectCounts = db.prepare<[], CorpusCounts>(`
    SELECT (SELECT count(*) FROM statements WHERE status = 'published') AS statements,
           (SELECT count(DISTINCT coalesce(speaker_person_id, speaker_org_id)) FROM statements WHERE status = 'published') AS speakers,
           (SELECT count(*) FROM measures) AS measures,
           (SELECT count(*) FROM meetings) AS meetings,
           (SELECT count(*) FROM sources) AS sources`);
  const selectTallies = db.prepare<[], { id: string; title: string; outcome: string | null; stance: Stance | null; n: number }>(`
    SELECT m.id, m.title, m.outcome, s.stance, count(s.id) AS n
      FROM measures m LEFT JOIN statements s ON s.measure_id = m.id AND s.status = 'published'
     GROUP BY m.id, s.stance
     ORDER BY m.title`);
  const selectRetractedIds = db
    .prepare<[number], string>(
      `SELECT id FROM statements WHERE status = 'retracted' ORDER BY retracted_on DESC, updated_at DESC, id LIMIT ?`,
    )
    .pluck();
  const selectTextsBySpeakers = db.prepare<[string], { id: string; text: string }>(`
    SELECT id, text FROM statements
     WHERE status = 'published' AND speaker_person_id IN (SELECT value FROM json_each(?))
     ORDER BY rowid`);
  const selectIdsCiting = db
    .prepare<[string], string>('SELECT DISTINCT statement_id FROM statement_sources WHERE source_id = ? ORDER BY statement_id')
    .pluck();
  const selectForCurator = db.prepare<FindingListParams & { q: string }, CuratorStatementEntry>(`
    SELECT s.id, s.text, COALESCE(p.name, o.name) AS speaker_name, s.status, s.updated_at
      FROM statements s
      LEFT JOIN people p ON p.id = s.speaker_person_id
      LEFT JOIN organizations o ON o.id = s.speaker_org_id
     WHERE @pattern IS NULL OR s.text LIKE @pattern ESCAPE '\\' OR COALESCE(p.name, o.name) LIKE @pattern ESCAPE '\\'
           OR s.id = @q
     ORDER BY s.updated_at DESC, s.id
     LIMIT @limit`);

  return {
    /** The most recently retracted statements' ids (for the feeds' deleted entries). */
    listRetractedIds(limit: number): string[] {
      return selectRetractedIds.all(limit);
    },
    /** Published ids in a stable order (by id). */
    listPublishedIds(offset: number, limit: number): string[] {
      return selectPublishedIds.all(limit, offset);
    },
    /** The newest statement's row number (seq): a new alert subscription follows what comes after it. */
    maxSeq(): number {
      return maxSeq.get() ?? 0;
    },
    countPublished(): number {
      return countPublished.get() ?? 0;
    },
    /** Keyset pagination over published ids, for full rebuilds of any size. */
    listPublishedIdsAfter(afterId: string, limit: number): string[] {
      return selectIdsAfter.all(afterId, limit);
    },
    listRecentIds(limit: number): string[] {
      return selectRecentIds.all(limit);
    },

    corpusCounts(): CorpusCounts {
      return selectCounts.get() ?? { statements: 0, speakers: 0, measures: 0, meetings: 0, sources: 0 };
    },
    /** Every measure with how many published statements take each stance on it. */
    measureTallies(): MeasureTally[] {
      const tallies = new Map<string, MeasureTally>();
      for (const row of selectTallies.all()) {
        const tally = tallies.get(row.id) ?? { id: row.id, title: row.title, outcome: row.outcome, total: 0, stances: {} };
        if (row.stance) {
          tally.stances[row.stance] = row.n;
          tally.total += row.n;
        }
        tallies.set(row.id, tally);
      }
      return [...tallies.values()];
    },

    /** The published words of these people, in the order recorded: what a new quote is matched against. */
    listTextsBySpeakers(personIds: readonly string[]): { id: string; text: string }[] {
      return personIds.length === 0 ? [] : selectTextsBySpeakers.all(idsParam(personIds));
    },
    /** Every statement (published or not) citing this source, by id. */
    listIdsCitingSource(sourceId: string): string[] {
      return selectIdsCiting.all(sourceId);
    },
    /** Newest edits first; `q` is matched (as a substring) against the words and the speaker's name, or as an exact id. */
    findForCurator(q: string, limit: number): CuratorStatementEntry[] {
      return selectForCurator.all({ pattern: likePatternOf(q), q: q.trim(), limit });
    },
  };
}
