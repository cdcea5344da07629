import { ID_PATTERN, type Statement } from '../../data/archive.types.js';
import type { Store } from '../../data/store.js';
import { HttpError, notFound } from '../http/http-error.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';

/**
 * The statement a permalink or citation names: 404 for an id that never existed, 410 with the
 * reason and date for a retracted one (its tombstone), so neither page nor API cites it.
 */
export function findPublishedStatement(store: Pick<Store, 'statements'>, id: string): Statement {
  const statement = ID_PATTERN.test(id) ? store.statements.findById(id) : undefined;
  if (!statement) throw notFound(`statement "${id.slice(0, 80)}"`);
  if (statement.status === 'retracted') throw retractedError(statement);
  return statement;
}

/** A 410 that keeps the retracted statement, so the permalink can render its tombstone (never its words). */
export class RetractedError extends HttpError {
  constructor(
    message: string,
    details: Record<string, unknown>,
    readonly statement: Statement,
  ) {
    super(410, 'retracted', message, undefined, details);
  }
}

export function retractedError(statement: Statement): RetractedError {
  const date = statement.retracted_on ? formatPartialDate(statement.retracted_on.slice(0, 10)) : null;
  const reason = statement.retraction_reason?.trim() || 'no reason was recorded';
  const source = statement.source;
  return new RetractedError(
    `Statement "${statement.id}" was retracted${date ? ` on ${date}` : ''}. Reason: ${reason.replace(/\.$/, '')}.`,
    {
      reason: statement.retraction_reason,
      retracted_on: statement.retracted_on,
      // Who and where, so a citation can be traced; never the retracted words.
      speaker: { id: statement.speaker.id, name: statement.speaker.name },
      source: source && {
        id: source.id,
        title: source.title,
        outlet: source.outlet,
        url: source.url,
        published_on: source.published_on,
      },
    },
    statement,
  );
}
