import type { Statement } from '../../data/archive.types.js';
import type { Store } from '../../data/store.js';
import type { RelatedStatements } from '../../data/statement.repository.js';
import type { Paging } from '../http/paging.js';
import type { SearchService } from '../search/search.service.js';
import { findPublishedStatement } from '../statements/statement-lookup.js';

/** How many related statements each group on a permalink shows. */
const RELATED_PER_GROUP = 3;

/** Everything a permalink shows. */
export interface StatementPage {
  statement: Statement;
  /** The source's stored text, where the quote is shown in its context; null when none is stored. */
  sourceText: string | null;
  related: RelatedStatements;
  /** Statements nearest in meaning (not already among `related`); empty when the engine cannot say. */
  closeInMeaning?: Statement[];
  topicLabels: ReadonlyMap<string, string>;
}

export interface PublishedStatements {
  total: number;
  statements: Statement[];
  paging: Paging;
}

/**
 * Permalinks, citations and the statement list read SQLite: they work while the search engine is
 * down (a permalink then lacks only its statements close in meaning). A retracted statement is
 * refused with its reason (410), an unknown one 404.
 */
export function createStatementPageService({
  store,
  search,
}: {
  store: Pick<Store, 'statements' | 'sources' | 'topics'>;
  search?: Pick<SearchService, 'similarStatements'>;
}) {
  const findPublished = (id: string): Statement => findPublishedStatement(store, id);
  return {
    findPublished,

    async statementPage(id: string): Promise<StatementPage> {
      const statement = findPublished(id);
      const related = store.statements.findRelated(statement, RELATED_PER_GROUP);
      const shown = new Set(Object.values(related).flatMap((group: Statement[]) => group.map((s) => s.id)));
      return {
        statement,
        sourceText: statement.source ? store.sources.findText(statement.source.id) : null,
        related,
        closeInMeaning: (await search?.similarStatements(statement.id, RELATED_PER_GROUP, shown)) ?? [],
        topicLabels: new Map(store.topics.list().map((t) => [t.slug, t.label])),
      };
    },

    listPublished(paging: Paging): PublishedStatements {
      const total = store.statements.countPublished();
      const statements = store.statements.listPublished((paging.page - 1) * paging.perPage, paging.perPage);
      return { total, statements, paging };
    },
  };
}

export type StatementPageService = ReturnType<typeof createStatementPageService>;
