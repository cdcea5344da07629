import type { Statement } from './archive.types.js';

/** What a revision keeps of a statement: the fields a curator edits, flat, so history can diff them. */
export function snapshotStatement(statement: Statement): Record<string, unknown> {
  return {
    text: statement.text,
    kind: statement.kind,
    stance: statement.stance,
    speaker: `${statement.speaker.name} (${statement.speaker.id})`,
    speaker_type: statement.speaker.type,
    role: statement.speaker.role,
    role_category: statement.speaker.role_category,
    organization: statement.speaker.organization?.id ?? null,
    measure: statement.measure?.id ?? null,
    meeting: statement.meeting?.id ?? null,
    said_on: statement.said_on,
    source: statement.source?.id ?? null,
    char_start: statement.position?.char_start ?? null,
    char_end: statement.position?.char_end ?? null,
    time_start: statement.position?.time_start ?? null,
    time_end: statement.position?.time_end ?? null,
    also_in: statement.also_in.map((other) => other.source.id),
    topics: statement.topics,
    context: statement.context,
    verified: statement.verified,
    status: statement.status,
    retraction_reason: statement.retraction_reason,
    retracted_on: statement.retracted_on,
    corrections: statement.corrections.map((c) => `${c.date}: ${c.note}`),
  };
}
