import type { Statement } from '../../data/archive.types.js';
import type { StatementJson, StatementListJson } from '../api/statement.schema.js';
import type { PublishedStatements } from '../services/statement-page.service.js';

/** The public Statement JSON of the API contract (SPEC §4, server/api/statement.schema.ts); also the import format. */
export function toStatementJson(statement: Statement, baseUrl: string): StatementJson {
  return {
    id: statement.id,
    url: statementUrl(baseUrl, statement.id),
    text: statement.text,
    kind: statement.kind,
    stance: statement.stance,
    language: statement.language,
    speaker: {
      id: statement.speaker.id,
      type: statement.speaker.type,
      name: statement.speaker.name,
      role: statement.speaker.role,
      role_category: statement.speaker.role_category,
      organization: statement.speaker.organization,
    },
    measure: statement.measure,
    meeting: statement.meeting && {
      id: statement.meeting.id,
      title: statement.meeting.title,
      body: statement.meeting.body,
      date: statement.meeting.date,
      date_precision: statement.meeting.date_precision,
    },
    said_on: statement.said_on,
    said_on_precision: statement.said_on_precision,
    source: statement.source,
    position: statement.position,
    also_in: statement.also_in,
    topics: statement.topics,
    context: statement.context,
    verified: statement.verified,
    /** found | not_found (the words are NOT in the stored source text) | no_source_text. */
    verbatim_status: statement.verbatim_status,
    entered_via: statement.provenance.via,
    entered_by: statement.provenance.by,
    corrections: statement.corrections.map((c) => ({
      date: c.date,
      note: c.note,
      old_text: c.old_text ?? null,
      new_text: c.new_text ?? null,
    })),
    created_at: statement.created_at,
    updated_at: statement.updated_at,
  };
}

export function statementUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/statements/${encodeURIComponent(id)}`;
}

/** GET /api/statements: one page of published statements, in archive order; total counts them all. */
export function toStatementListJson({
  total,
  statements,
  paging,
  baseUrl,
}: PublishedStatements & { baseUrl: string }): StatementListJson {
  return { total, page: paging.page, per_page: paging.perPage, items: statements.map((s) => toStatementJson(s, baseUrl)) };
}
