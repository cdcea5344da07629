// A statement's id when none is given: the same speaker, words and source always get the same
// id, whether the statement comes from an import, the edit form or the review queue.
import { createHash } from 'node:crypto';

export interface StatementIdParts {
  /** The person's or organization's id. */
  speakerId: string;
  text: string;
  /** The primary source's id, if any. */
  sourceId: string | null;
}

export function deriveStatementId({ speakerId, text, sourceId }: StatementIdParts): string {
  return (
    's-' +
    createHash('sha1')
      .update(`${speakerId}\n${text}\n${sourceId ?? ''}`)
      .digest('hex')
      .slice(0, 12)
  );
}
