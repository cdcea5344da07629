import { Feed } from 'feed';
import { excerpt } from '../../data/domain/text.js';
import { escapeHtml } from '../http/html.js';
import type { FeedPage } from '../services/export.service.js';
import { statementUrl } from '../statements/statement.json.js';
import { searchParams } from './search.view.js';

/** /feeds/search.atom: a search's newest matches as an Atom feed, linking back to the search page. */
export function toAtomFeed({ query, result, baseUrl }: FeedPage & { baseUrl: string }): string {
  const params = searchParams({ ...query, defaultSort: true, perPage: 20 });
  const pageUrl = `${baseUrl}/search${params.toString() ? `?${params.toString()}` : ''}`;
  const feedUrl = `${baseUrl}/feeds/search.atom${params.toString() ? `?${params.toString()}` : ''}`;
  const updated = result.hits.reduce(
    (latest, hit) => (hit.statement.updated_at > latest ? hit.statement.updated_at : latest),
    '',
  );
  const feed = new Feed({
    title: query.q ? `On Record: “${query.q}”` : 'On Record: newest statements',
    description: 'Statements from public meetings matching this search, newest first.',
    id: pageUrl,
    link: pageUrl,
    feedLinks: { atom: feedUrl },
    updated: updated ? new Date(updated) : new Date(0),
    copyright: 'Quotations belong to their speakers and sources; see each statement for its source.',
    generator: 'On Record',
  });
  for (const { statement } of result.hits) {
    const url = statementUrl(baseUrl, statement.id);
    const words = excerpt(statement.text, 88);
    // The feed library writes an entry's title, summary and content as type="html", which a reader
    // renders as HTML: stored plain text must be escaped into HTML first, or "<script>" becomes markup.
    feed.addItem({
      title: escapeHtml(`${statement.speaker.name}: “${words}”`),
      id: url,
      link: url,
      description: escapeHtml(statement.text),
      content: escapeHtml(statement.text),
      author: [{ name: statement.speaker.name }],
      date: new Date(statement.updated_at),
    });
  }
  return feed.atom1();
}
