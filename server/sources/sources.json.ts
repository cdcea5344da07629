import type { Source } from '../../data/domain/entities.js';
import type { SourceJson, SourceMetadataJson } from '../api/browse.schema.js';
import type { SourcePage } from '../services/browse.service.js';
import { toAbsoluteUrl, toSafeHref } from '../display/display.format.js';
import { toStatementJson } from '../statements/statement.json.js';
import { sourcePath } from './sources.view.js';

/**
 * A source's metadata. `url` is where it was published (as in Statement JSON), `page_url` its
 * page here. The stored text is left out: it is someone else's writing.
 */
export function toSourceMetadataJson(source: Source, baseUrl: string): SourceMetadataJson {
  return {
    id: source.id,
    type: source.type,
    title: source.title,
    outlet: source.outlet,
    author: source.author,
    url: toSafeHref(source.url),
    published_on: source.published_on,
    published_on_precision: source.published_on_precision,
    retrieved_on: source.retrieved_on,
    page_url: toAbsoluteUrl(baseUrl, sourcePath(source.id)),
  };
}

/** GET /api/sources/:id: the metadata and one page of the statements the source contributed, in order of position. */
export function toSourceJson({ source, total, statements, paging, baseUrl }: SourcePage & { baseUrl: string }): SourceJson {
  return {
    ...toSourceMetadataJson(source, baseUrl),
    total,
    page: paging.page,
    per_page: paging.perPage,
    statements: statements.map((s) => toStatementJson(s, baseUrl)),
  };
}
