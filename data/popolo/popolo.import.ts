import { ImportError } from '../import/import.errors.js';
import type { ImportList, ImportPlan, ImportRecord } from '../import/import.plan.js';
import { POPOLO_FORMAT_VERSION } from './popolo.export.js';

// Reads a Popolo file (as `onrecord export --format popolo` writes it) into the ordinary import
// records, so it goes through the same validation, matching and verbatim checks as any import.
// Values are passed on as they are; the import validates them and its problems are named here
// by the Popolo field ("row 3, speeches.creator_id: ...").

/** Lists only Popolo has: a JSON object with one of them (and no `statements`) is a Popolo file. */
const POPOLO_LISTS = ['persons', 'memberships', 'events', 'motions', 'speeches'] as const;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isPopoloDocument(value: unknown): value is Fields {
  return isObject(value) && !('statements' in value) && POPOLO_LISTS.some((key) => Array.isArray(value[key]));
}

/** Popolo allows null where the import has a default (kind, stance, ...): null there means "not given". */
const given = (value: unknown) => (value === null ? undefined : value);
const reference = (id: unknown) => (id === null || id === undefined ? id : { id });

function toOrganization(o: Fields): Fields {
  const identifiers = o.identifiers;
  const ocd = Array.isArray(identifiers)
    ? ((identifiers.find((i) => isObject(i) && i.scheme === 'ocd-division') as Fields | undefined)?.identifier ?? null)
    : identifiers; // not a list: the import names the bad value
  return { id: o.id, name: o.name, classification: o.classification, state: o.state, ocd_id: ocd };
}

/**
 * The archive's partial date from Popolo's date-time (its calendar day, as written: the offset is
 * the place's) or from the On Record partial date beside it; anything else is handed on for the
 * import to name. A format-1 file wrote the partial date in the date field itself.
 */
function partialDateOf(dateTime: unknown, partial: unknown): unknown {
  if (partial !== undefined && partial !== null) return partial;
  if (typeof dateTime === 'string' && /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(dateTime)) return dateTime.slice(0, 10);
  return dateTime;
}

function toMeasure(m: Fields): Fields {
  const votes = m.vote_events;
  const decision = Array.isArray(votes) && isObject(votes[0]) ? votes[0] : undefined;
  return {
    id: m.id,
    title: m.title ?? m.text,
    description: m.description,
    outcome: m.result,
    decided_on: decision ? partialDateOf(decision.start_date, decision.partial_start_date) : m.decided_on,
    body: reference(m.organization_id),
  };
}

function toMeeting(e: Fields): Fields {
  return { id: e.id, title: e.name, date: e.start_date, location: e.location, body: reference(e.organization_id) };
}

function toSourceLink(ref: unknown): { source: unknown; position: unknown } {
  if (!isObject(ref)) return { source: ref, position: null };
  return {
    source: { id: ref.source_id },
    position: { char_start: ref.char_start, char_end: ref.char_end, time_start: ref.time_start, time_end: ref.time_end },
  };
}

function toStatement(s: Fields): Fields {
  const refs = s.source_refs;
  const [primary, ...others] = Array.isArray(refs) ? refs.map(toSourceLink) : [];
  return {
    id: s.id,
    text: s.text,
    kind: given(s.kind),
    stance: given(s.stance),
    language: given(s.language),
    context: s.context,
    speaker: {
      id: given(s.creator_organization_id) ?? s.creator_id,
      // Format 1 named the kind of speaker in creator_type.
      type: given(s.creator_organization_id) === undefined ? given(s.creator_type) : 'organization',
      role: s.role,
      role_category: s.role_category,
      organization: reference(s.speaker_organization_id),
    },
    measure: reference(s.motion_id),
    meeting: reference(s.event_id),
    said_on: partialDateOf(s.date, s.partial_date),
    // Not a list: handed on as the source, whose problem then names source_refs.
    source: Array.isArray(refs) || refs === undefined || refs === null ? (primary?.source ?? null) : refs,
    position: primary?.position ?? null,
    also_in: others,
    topics: given(s.topics),
    provenance: s.entered_via === undefined || s.entered_via === null ? null : { via: s.entered_via, by: s.entered_by },
    status: given(s.status),
    retraction_reason: s.retraction_reason,
    retracted_on: s.retracted_on,
    corrections: given(s.corrections),
  };
}

/** Import paths of a problem, as the Popolo file names them. */
const POPOLO_FIELDS: [RegExp, string | ((...groups: string[]) => string)][] = [
  [/^speeches\.speaker(\.id)?$/, 'speeches.creator_id'],
  [/^speeches\.speaker\.type$/, 'speeches.creator_type'],
  [/^speeches\.speaker\.(role|role_category)$/, 'speeches.$1'],
  [/^speeches\.speaker\.organization(\.id)?$/, 'speeches.speaker_organization_id'],
  [/^speeches\.measure(\.id)?$/, 'speeches.motion_id'],
  [/^speeches\.meeting(\.id)?$/, 'speeches.event_id'],
  [/^speeches\.said_on$/, 'speeches.date'],
  [/^speeches\.source(\.\w+)?$/, 'speeches.source_refs.0.source_id'],
  [/^speeches\.position(\.\w+)?$/, 'speeches.source_refs.0$1'],
  [/^speeches\.also_in\.(\d+)\.source(\.\w+)?$/, (n) => `speeches.source_refs.${Number(n) + 1}.source_id`],
  [/^speeches\.also_in\.(\d+)\.position(\.\w+)?$/, (n, rest) => `speeches.source_refs.${Number(n) + 1}${rest ?? ''}`],
  [/^speeches\.also_in$/, 'speeches.source_refs'],
  [/^speeches\.provenance(\.via)?$/, 'speeches.entered_via'],
  [/^speeches\.provenance\.by$/, 'speeches.entered_by'],
  [/^motions\.(measure\.)?body(\.\w+)?$/, 'motions.organization_id'],
  [/^motions\.measure\.id$/, 'motions.id'],
  [/^motions\.outcome$/, 'motions.result'],
  [/^motions\.decided_on$/, 'motions.vote_events.0.start_date'],
  [/^events\.(meeting\.)?body(\.\w+)?$/, 'events.organization_id'],
  [/^events\.meeting\.id$/, 'events.id'],
  [/^events\.title$/, 'events.name'],
  [/^events\.date$/, 'events.start_date'],
  [/^organizations\.organization\.id$/, 'organizations.id'],
  [/^organizations\.ocd_id$/, 'organizations.identifiers'],
  [/^sources\.source\.(\w+)$/, 'sources.$1'],
];

export function toPopoloField(field: string): string {
  for (const [pattern, name] of POPOLO_FIELDS) {
    const match = pattern.exec(field);
    if (!match) continue;
    return typeof name === 'string' ? field.replace(pattern, name) : name(...match.slice(1).map((g) => g ?? ''));
  }
  return field;
}

const LABELS: Record<ImportList, string> = {
  topics: 'topics',
  organizations: 'organizations',
  people: 'persons',
  memberships: 'memberships',
  measures: 'motions',
  meetings: 'events',
  sources: 'sources',
  statements: 'speeches',
};

/** The import records of a Popolo document; refuses one written by a newer On Record. */
export function popoloToImportPlan(document: Fields): ImportPlan {
  const header = isObject(document.on_record) ? document.on_record : {};
  if (typeof header.version === 'number' && header.version > POPOLO_FORMAT_VERSION) {
    throw new ImportError([
      {
        row: 1,
        field: 'on_record.version',
        message:
          `the file was written by a newer On Record (Popolo format ${header.version}` +
          `; this one reads up to ${POPOLO_FORMAT_VERSION})`,
      },
    ]);
  }
  const list = (key: string, map: (value: Fields) => unknown = (value) => value): ImportRecord[] => {
    const values = document[key];
    if (values === undefined || values === null) return [];
    if (!Array.isArray(values)) throw new ImportError([{ row: 1, field: key, message: 'expected an array' }]);
    return values.map((value: unknown, index) => ({ row: index + 1, value: isObject(value) ? map(value) : value }));
  };
  return {
    topics: list('topics'),
    organizations: list('organizations', toOrganization),
    people: list('persons'),
    memberships: list('memberships'),
    measures: list('motions', toMeasure),
    meetings: list('events', toMeeting),
    sources: list('sources'),
    statements: list('speeches', toStatement),
    labels: LABELS,
    fieldName: toPopoloField,
    archive: { seededAt: typeof header.seeded_at === 'string' ? header.seeded_at : null },
  };
}
