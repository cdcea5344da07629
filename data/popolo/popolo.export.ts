import type { DatePrecision, RoleCategory, Stance, StatementKind } from '../archive.types.js';
import type { SourceRow } from '../source.repository.js';
import type { Store } from '../store.js';
import { createPopoloRepository } from './popolo.repository.js';

// The whole archive as Popolo JSON (https://www.popoloproject.com/specs/): persons, organizations,
// memberships, events (meetings), motions (measures) and speeches (statements) under Popolo's own
// field names, plus what the archive needs to import the file again without loss, under names of
// its own: `sources` and `topics` lists, and on each object the On Record fields Popolo has no
// name for (stance, kind, date precision, positions in sources, status, corrections, ...).
// Unknown facts are null, as they are in the archive.

/** Raised when the file's shape changes in a way an older reader would misread. */
export const POPOLO_FORMAT_VERSION = 1;

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
    organization_id: string | null;
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
  motions: {
    id: string;
    /** Popolo's text of the motion: On Record keeps a title, given here and as `title`. */
    text: string;
    title: string;
    organization_id: string | null;
    description: string | null;
    result: string | null;
    /** When it was decided (Popolo's `date` is when a motion was proposed, which the archive does not know). */
    decided_on: string | null;
    decided_on_precision: DatePrecision;
  }[];
  speeches: PopoloSpeech[];
  sources: SourceRow[];
  topics: { slug: string; label: string; description: string | null }[];
}

export interface PopoloSpeech {
  id: string;
  /** A person's id, or an organization's for a collective statement (see creator_type). */
  creator_id: string;
  creator_type: 'person' | 'organization';
  /** The speaker's role at the time, as the source words it. */
  role: string | null;
  role_category: RoleCategory | null;
  /** The speaker's organization at the time. */
  speaker_organization_id: string | null;
  text: string;
  date: string | null;
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
  corrections: { date: string; note: string; old_text?: string; new_text?: string }[];
  entered_via: 'seed' | 'typed' | 'imported' | 'extracted';
  entered_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Builds the Popolo document of the whole archive, retracted statements and corrections included. */
export function exportPopolo(store: Store, now: Date = new Date()): PopoloDocument {
  const archive = createPopoloRepository(store.db).readArchive();
  const sourceById = new Map(archive.sources.map((s) => [s.id, s]));
  return {
    on_record: {
      format: 'popolo',
      version: POPOLO_FORMAT_VERSION,
      schema_version: archive.schemaVersion,
      exported_at: now.toISOString(),
      seeded_at: archive.seededAt,
    },
    persons: archive.people.map((p) => ({ id: p.id, name: p.name, sort_name: p.sort_name })),
    organizations: archive.organizations.map((o) => ({
      id: o.id,
      name: o.name,
      classification: o.classification,
      identifiers: o.ocd_id === null ? [] : [{ scheme: 'ocd-division', identifier: o.ocd_id }],
      state: o.state,
    })),
    memberships: archive.memberships.map((m) => ({
      person_id: m.person_id,
      organization_id: m.organization_id,
      role: m.role,
      role_category: m.role_category as RoleCategory | null,
      start_date: m.start_date,
      end_date: m.end_date,
    })),
    events: archive.meetings.map((m) => ({
      id: m.id,
      name: m.title,
      organization_id: m.body_id,
      start_date: m.date,
      date_precision: m.date_precision,
      location: m.location,
    })),
    motions: archive.measures.map((m) => ({
      id: m.id,
      text: m.title,
      title: m.title,
      organization_id: m.body_id,
      description: m.description,
      result: m.outcome,
      decided_on: m.decided_on,
      decided_on_precision: m.decided_on_precision,
    })),
    speeches: archive.statements.map((s): PopoloSpeech => {
      const refs = archive.statementSources.get(s.id) ?? [];
      return {
        id: s.id,
        creator_id: (s.speaker_person_id ?? s.speaker_org_id) as string,
        creator_type: s.speaker_person_id === null ? 'organization' : 'person',
        role: s.role,
        role_category: s.role_category as RoleCategory | null,
        speaker_organization_id: s.organization_id,
        text: s.text,
        date: s.said_on,
        date_precision: s.said_on_precision,
        event_id: s.meeting_id,
        motion_id: s.measure_id,
        stance: s.stance,
        kind: s.kind,
        language: s.language,
        context: s.context,
        topics: archive.statementTopics.get(s.id) ?? [],
        source_refs: refs,
        sources: refs.flatMap((ref) => {
          const source = sourceById.get(ref.source_id);
          if (!source?.url) return [];
          return [source.title === null ? { url: source.url } : { url: source.url, note: source.title }];
        }),
        verified: s.verified === 1,
        status: s.status,
        retraction_reason: s.retraction_reason,
        retracted_on: s.retracted_on,
        corrections: archive.corrections.get(s.id) ?? [],
        entered_via: s.entered_via,
        entered_by: s.entered_by,
        created_at: s.created_at,
        updated_at: s.updated_at,
      };
    }),
    sources: archive.sources.map((s) => ({ ...s })),
    topics: archive.topics.map((t) => ({ ...t })),
  };
}
