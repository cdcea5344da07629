import type { Db } from './db.js';
import type { PageWindow, Source } from './domain/entities.js';
import { likePatternOf, type FindingListEntry, type FindingListParams } from './finding-list.sql.js';
import { prepareUpsert } from './upsert.sql.js';

/** A source as stored, with its text: what the importer, the editor and ingest write. */
export interface SourceRow extends Source {
  text: string | null;
}

/** The columns a source row writes, the key first. */
export const SOURCE_COLUMNS = [
  'id',
  'type',
  'title',
  'outlet',
  'author',
  'url',
  'published_on',
  'published_on_precision',
  'retrieved_on',
  'text',
] as const satisfies readonly (keyof SourceRow)[];

/** A source with its stored text: for verbatim checks, the review queue and the full export. */
export type SourceWithText = Source & { text: string | null };

function toSource(row: Omit<SourceRow, 'text'>): Source {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    outlet: row.outlet,
    author: row.author,
    url: row.url,
    published_on: row.published_on,
    published_on_precision: row.published_on_precision,
    retrieved_on: row.retrieved_on,
  };
}

const METADATA =
  'src.id, src.type, src.title, src.outlet, src.author, src.url, src.published_on, src.published_on_precision, src.retrieved_on';

/** Which sources a list shows: a key left null matches every source. */
export interface SourceFilter {
  /** The outlet's name, in any case. */
  outlet: string | null;
  type: Source['type'] | null;
}

/** A source with how many published statements it carries (as primary source or not). */
export type SourceWithCount = Source & { statements: number };

const LISTED = `
  FROM sources src
 WHERE (@outlet IS NULL OR src.outlet = @outlet COLLATE NOCASE) AND (@type IS NULL OR src.type = @type)`;

/** Sources: the articles, minutes, transcripts and recordings statements are quoted from. */
export function createSourceRepository(db: Db) {
  const selectById = db.prepare<[string], Omit<SourceRow, 'text'>>(`SELECT ${METADATA} FROM sources src WHERE src.id = ?`);
  const selectWithText = db.prepare<[string], SourceRow>(`SELECT ${METADATA}, src.text FROM sources src WHERE src.id = ?`);
  const selectText = db.prepare<[string], string | null>('SELECT text FROM sources WHERE id = ?').pluck();
  const selectByMeeting = db.prepare<[string], Omit<SourceRow, 'text'>>(`
    SELECT ${METADATA}
      FROM sources src
     WHERE src.id IN (SELECT ss.source_id FROM statements s JOIN statement_sources ss ON ss.statement_id = s.id
                       WHERE s.meeting_id = ? AND s.status = 'published')
     ORDER BY src.published_on IS NULL, src.published_on, src.id`);
  const selectIdByUrl = db.prepare<[string], string>('SELECT id FROM sources WHERE url = ? ORDER BY id LIMIT 1').pluck();
  const selectIdByTitle = db
    .prepare<{ title: string; outlet: string | null }, string>(
      'SELECT id FROM sources WHERE title = @title AND outlet IS @outlet ORDER BY id LIMIT 1',
    )
    .pluck();
  const selectFindingList = db.prepare<FindingListParams, FindingListEntry>(`
    SELECT id, COALESCE(title, url, id) AS label, trim(COALESCE(outlet, '') || ' ' || COALESCE(published_on, '')) AS detail FROM sources
     WHERE @pattern IS NULL OR title LIKE @pattern ESCAPE '\\' OR outlet LIKE @pattern ESCAPE '\\' OR id LIKE @pattern ESCAPE '\\'
     ORDER BY published_on IS NULL, published_on DESC, title LIMIT @limit`);

  const selectListed = db.prepare<SourceFilter & PageWindow, Omit<SourceRow, 'text'> & { statements: number }>(`
    SELECT ${METADATA},
           (SELECT count(*) FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id
             WHERE ss.source_id = src.id AND s.status = 'published') AS statements
    ${LISTED}
     ORDER BY src.published_on IS NULL, src.published_on DESC, src.id LIMIT @limit OFFSET @offset`);
  const countListedRows = db.prepare<SourceFilter, number>(`SELECT count(*) ${LISTED}`).pluck();

  return {
    /** One page of the sources the filter lets through, newest first (undated last). */
    listPage(filter: SourceFilter, window: PageWindow): SourceWithCount[] {
      return selectListed.all({ ...filter, ...window }).map((row) => ({ ...toSource(row), statements: row.statements }));
    },
    countListed(filter: SourceFilter): number {
      return countListedRows.get(filter) ?? 0;
    },
    upsert: prepareUpsert<SourceRow>(db, 'sources', 'id', SOURCE_COLUMNS.slice(1)),
    /** A source's metadata; its stored text (someone else's writing) is left out. */
    findById(id: string): Source | undefined {
      const row = selectById.get(id);
      return row && toSource(row);
    },
    /** A source's stored text: null when none is stored (or no such source). */
    findText(id: string): string | null {
      return selectText.get(id) ?? null;
    },
    findWithText(id: string): SourceWithText | undefined {
      const row = selectWithText.get(id);
      return row && { ...toSource(row), text: row.text };
    },
    /** The sources of a meeting's published testimony, oldest first. */
    listByMeeting(meetingId: string): Source[] {
      return selectByMeeting.all(meetingId).map(toSource);
    },
    /**
     * The source a record names without an id (the CSV export carries its url and title): by url
     * when there is one (a url names one document), else by title and outlet.
     */
    findIdByCitation(source: { url: string | null; title: string | null; outlet: string | null }): string | undefined {
      if (source.url !== null) return selectIdByUrl.get(source.url);
      if (source.title !== null) return selectIdByTitle.get({ title: source.title, outlet: source.outlet });
      return undefined;
    },
    findForCurator(q: string, limit: number): FindingListEntry[] {
      return selectFindingList.all({ pattern: likePatternOf(q), limit });
    },
  };
}

export type SourceRepository = ReturnType<typeof createSourceRepository>;
