import type { DatePrecision, RoleCategory, Stance, StatementKind } from '../archive.types.js';
import type { Db } from '../db.js';
import type { MeasureRow } from '../measure.repository.js';
import type { SourceRow } from '../source.repository.js';
import { createPopoloRepository, type CorrectionEntry, type StatementPage } from './popolo.repository.js';

// The whole archive as Popolo JSON (https://www.popoloproject.com/specs/): persons, organizations,
// memberships, events (meetings), motions (measures) and speeches (statements) under Popolo's own
// field names, valid against the popolo-spec JSON schemas, plus what the archive needs to import the
// file again without loss, under names of its own: `sources` and `topics` lists, and on each object
// the On Record fields Popolo has no name for (stance, kind, partial dates, positions in sources,
// status, corrections, ...). Unknown facts are null, as they are in the archive.
//
// Dates: Popolo's speech date and vote event start are date-times. A day the archive knows becomes
// that day at 00:00 UTC (the time of day is not known: `date_precision` says "day"); a month or a
// year alone is no date-time, so it goes in `partial_date` / `partial_start_date` and the
// date-time stays null rather than inventing a day.

/**
 * Raised when the file's shape changes in a way an older reader would misread. 2: Popolo-valid
 * dates, `creator_organization_id` for collective speeches, decisions as vote events.
 */
export const POPOLO_FORMAT_VERSION = 2;

export interface PopoloDocument {
  on_record: {
    format: 'popolo';
    version: number;
    /** The archive's schema (its last migration) when exported. */
    schema_version: number;
    exported_at: string;
    /** When the archive loaded the seed corpus; an archive imported from this file is not seeded again. */
    seeded_at: string | null;
  };
  persons: { id: string; name: string; sort_name: string }[];
  organizations: {
    id: string;
    name: string;
    classification: string | null;
    /** The Open Civic Data division, where known (scheme "ocd-division"). */
    identifiers: { scheme: string; identifier: string }[];
    /** On Record: the two-letter US state. */
    state: string | null;
  }[];
  memberships: {
    person_id: string;
    /** Left out when the archive knows a role but no organization (Popolo has no null member-of). */
    organization_id?: string;
    role: string | null;
    role_category: RoleCategory | null;
    start_date: string | null;
    end_date: string | null;
  }[];
  events: {
    id: string;
    name: string;
    organization_id: string | null;
    start_date: string | null;
    date_precision: DatePrecision;
    location: string | null;
  }[];
  motions: PopoloMotion[];
  speeches: PopoloSpeech[];
  sources: SourceRow[];
  topics: { slug: string; label: string; description: string | null }[];
}

export interface PopoloMotion {
  id: string;
  /** Popolo's text of the motion: On Record keeps a title, given here and as `title`. */
  text: string;
  title: string;
  organization_id: string | null;
  description: string | null;
  result: string | null;
  /** The decision, when the archive knows when it was made (Popolo's `date` is when it was proposed, which it does not). */
  vote_events: PopoloVoteEvent[];
}

export interface PopoloVoteEvent {
  motion_id: string;
  organization_id: string | null;
  /** The day of the decision, as a date-time; null when only the month or year is known. */
  start_date: string | null;
  /** On Record: the month (YYYY-MM) or year (YYYY) of the decision when that is all that is known. */
  partial_start_date: string | null;
  result: string | null;
}

export interface PopoloSpeech {
  id: string;
  /** The person speaking; left out for a collective statement (see creator_organization_id). */
  creator_id?: string;
  /** On Record: the organization speaking, for a collective statement (Popolo's creator is a person). */
  creator_organization_id?: string;
  /** For a collective statement, the organization's name. */
  attribution_text?: string;
  /** The speaker's role at the time, as the source words it. */
  role: string | null;
  role_category: RoleCategory | null;
  /** The speaker's organization at the time. */
  speaker_organization_id: string | null;
  text: string;
  /** When it was said, as a date-time, when the day is known. */
  date: string | null;
  /** On Record: the month (YYYY-MM) or year (YYYY) it was said, when that is all the source gives. */
  partial_date: string | null;
  date_precision: DatePrecision;
  event_id: string | null;
  motion_id: string | null;
  /** Toward the motion. */
  stance: Stance;
  kind: StatementKind;
  language: string;
  context: string | null;
  topics: string[];
  /** Where the words were published, the primary source first, with the position in each. */
  source_refs: {
    source_id: string;
    char_start: number | null;
    char_end: number | null;
    time_start: number | null;
    time_end: number | null;
  }[];
  /** Popolo links to the same sources that have a URL (derived from source_refs; not read on import). */
  sources: { url: string; note?: string }[];
  /** Whether the words were found verbatim in the primary source's stored text (recomputed on import). */
  verified: boolean;
  status: 'published' | 'retracted';
  retraction_reason: string | null;
  retracted_on: string | null;
  corrections: CorrectionEntry[];
  entered_via: 'seed' | 'typed' | 'imported' | 'extracted';
  entered_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A partial date as Popolo's date-time (a known day) or, for a month or year alone, the partial value. */
export function popoloDate(date: string | null): { dateTime: string | null; partial: string | null } {
  if (date === null) return { dateTime: null, partial: null };
  return date.length === 10 ? { dateTime: `${date}T00:00:00Z`, partial: null } : { dateTime: null, partial: date };
}

function toMotion(m: MeasureRow): PopoloMotion {
  const decided = popoloDate(m.decided_on);
  return {
    id: m.id,
    text: m.title,
    title: m.title,
    organization_id: m.body_id,
    description: m.description,
    result: m.outcome,
    vote_events:
      m.decided_on === null
        ? []
        : [
            {
              motion_id: m.id,
              organization_id: m.body_id,
              start_date: decided.dateTime,
              partial_start_date: decided.partial,
              result: m.outcome,
            },
          ],
  };
}

function toSpeeches(page: StatementPage, links: Map<string, { url: string | null; title: string | null }>): PopoloSpeech[] {
  return page.statements.map((s): PopoloSpeech => {
    const refs = page.statementSources.get(s.id) ?? [];
    const said = popoloDate(s.said_on);
    return {
      id: s.id,
      ...(s.speaker_person_id !== null
        ? { creator_id: s.speaker_person_id }
        : { creator_organization_id: s.speaker_org_id as string, attribution_text: s.speaker_org_name as string }),
      role: s.role,
      role_category: s.role_category as RoleCategory | null,
      speaker_organization_id: s.organization_id,
      text: s.text,
      date: said.dateTime,
      partial_date: said.partial,
      date_precision: s.said_on_precision,
      event_id: s.meeting_id,
      motion_id: s.measure_id,
      stance: s.stance,
      kind: s.kind,
      language: s.language,
      context: s.context,
      topics: page.statementTopics.get(s.id) ?? [],
      source_refs: refs,
      sources: refs.flatMap((ref) => {
        const source = links.get(ref.source_id);
        if (!source?.url) return [];
        return [source.title === null ? { url: source.url } : { url: source.url, note: source.title }];
      }),
      verified: s.verified === 1,
      status: s.status,
      retraction_reason: s.retraction_reason,
      retracted_on: s.retracted_on,
      corrections: page.corrections.get(s.id) ?? [],
      entered_via: s.entered_via,
      entered_by: s.entered_by,
      created_at: s.created_at,
      updated_at: s.updated_at,
    };
  });
}

/** What an export wrote, for the CLI's summary line. */
export type PopoloCounts = Record<Exclude<keyof PopoloDocument, 'on_record'>, number> & { retracted: number };

export interface PopoloExportOptions {
  now?: Date;
  /** Filled in as the lists are written. */
  counts?: Partial<PopoloCounts>;
  /**
   * Whether sources carry their stored text (the CLI's full export does, so an import re-checks
   * the words; the public file leaves it out: it is someone else's writing).
   */
  withSourceText?: boolean;
  /** Rows per read (see POPOLO_PAGE). */
  pageSize?: number;
}

/**
 * The Popolo document of the whole archive (retracted statements and corrections included) as JSON
 * text, one chunk per page of rows, read in one snapshot: an archive of any size streams in
 * constant memory. `db` must be the export's own connection (see createPopoloRepository).
 */
export function* popoloJsonChunks(
  db: Db,
  { now = new Date(), counts, withSourceText = true, pageSize }: PopoloExportOptions = {},
): Generator<string> {
  const archive = createPopoloRepository(db, pageSize);
  yield* archive.snapshot(function* () {
    const header = archive.header();
    const on_record: PopoloDocument['on_record'] = {
      format: 'popolo',
      version: POPOLO_FORMAT_VERSION,
      schema_version: header.schemaVersion,
      exported_at: now.toISOString(),
      seeded_at: header.seededAt,
    };
    yield `{\n"on_record": ${JSON.stringify(on_record)}`;
    function* list<Page, Item>(name: keyof PopoloCounts, pages: Iterable<Page>, map: (page: Page) => Item[]) {
      let first = true;
      let n = 0;
      yield `,\n${JSON.stringify(name)}: [`;
      for (const page of pages) {
        const items = map(page);
        if (items.length === 0) continue;
        yield (first ? '\n' : ',\n') + items.map((item) => JSON.stringify(item)).join(',\n');
        first = false;
        n += items.length;
      }
      yield first ? ']' : '\n]';
      if (counts) counts[name] = n;
    }
    yield* list('persons', archive.people(), (rows) => rows.map((p) => ({ id: p.id, name: p.name, sort_name: p.sort_name })));
    yield* list('organizations', archive.organizations(), (rows) =>
      rows.map((o) => ({
        id: o.id,
        name: o.name,
        classification: o.classification,
        identifiers: o.ocd_id === null ? [] : [{ scheme: 'ocd-division', identifier: o.ocd_id }],
        state: o.state,
      })),
    );
    yield* list('memberships', archive.memberships(), (rows) =>
      rows.map((m) => ({
        person_id: m.person_id,
        ...(m.organization_id === null ? {} : { organization_id: m.organization_id }),
        role: m.role,
        role_category: m.role_category as RoleCategory | null,
        start_date: m.start_date,
        end_date: m.end_date,
      })),
    );
    yield* list('events', archive.meetings(), (rows) =>
      rows.map((m) => ({
        id: m.id,
        name: m.title,
        organization_id: m.body_id,
        start_date: m.date,
        date_precision: m.date_precision,
        location: m.location,
      })),
    );
    yield* list('motions', archive.measures(), (rows) => rows.map(toMotion));
    let retracted = 0;
    yield* list('speeches', archive.statements(), (page: StatementPage) => {
      const ids = [...new Set([...page.statementSources.values()].flat().map((ref) => ref.source_id))];
      const speeches = toSpeeches(page, archive.sourceLinks(ids));
      retracted += speeches.filter((s) => s.status === 'retracted').length;
      return speeches;
    });
    if (counts) counts.retracted = retracted;
    yield* list('sources', archive.sources(), (rows) => (withSourceText ? rows : rows.map(({ text: _, ...source }) => source)));
    yield* list('topics', archive.topics(), (rows) => rows);
    yield '\n}\n';
  });
}

/** The same document as one object (a synchronous walk, so any connection will do): for tests and small archives. */
export function exportPopolo(db: Db, now: Date = new Date()): PopoloDocument {
  return JSON.parse([...popoloJsonChunks(db, { now })].join('')) as PopoloDocument;
}
