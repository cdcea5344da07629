import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { invalidParameter } from '../http/http-error.js';
import { CITATION_FORMATS, CITATION_STYLES, formatCitation, type CitationStyle } from './citation.js';

export const citationQuerySchema = z.strictObject({
  style: z.enum(CITATION_STYLES),
  download: z.enum(['0', '1']).default('0'),
});

export interface CitationQuery {
  style: CitationStyle;
  download: boolean;
}

/** Strict, like the rest of the API: a 400 that names the parameter, never a fallback style. */
export function parseCitationQuery(raw: Record<string, unknown>): CitationQuery {
  const parsed = citationQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.code === 'unrecognized_keys' ? String(issue.keys[0]) : String(issue?.path[0] ?? 'style');
    const message =
      param === 'style'
        ? `expected one of ${CITATION_STYLES.join(', ')}`
        : param === 'download'
          ? 'expected 0 or 1'
          : 'unknown parameter';
    throw invalidParameter(param, message);
  }
  return { style: parsed.data.style, download: parsed.data.download === '1' };
}

/** `download=1` saves "<id>.<ext>": the id is the permalink's, so the file name says what it cites. */
export function citationFileName(id: string, style: CitationStyle): string {
  const suffix = CITATION_FORMATS[style].extension === 'txt' ? `-${style}` : '';
  return `${id}${suffix}.${CITATION_FORMATS[style].extension}`;
}

/** GET /api/statements/:id/citation?style=…: a statement's citation in one style or format. */
export function citationRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/api/statements/:id/citation', (req: Request, res: Response) => {
    const query = parseCitationQuery(req.query);
    const statement = deps.statementPages.findPublished(String(req.params.id));
    const { mediaType } = CITATION_FORMATS[query.style];
    res.type(`${mediaType}; charset=utf-8`);
    if (query.download) res.attachment(citationFileName(statement.id, query.style));
    res.send(formatCitation(statement, query.style, deps.config.baseUrl));
  });
  return router;
}
