import { Feed } from 'feed';
import type { Statement } from '../../data/archive.types.js';
import { withoutForbiddenCharacters } from '../../data/domain/text.js';
import { verbatimStatusLabel } from '../../data/verbatim.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { escapeHtml } from '../http/html.js';
import type { FeedPage } from '../services/export.service.js';
import { statementUrl } from '../statements/statement.json.js';
import { statementHeadline } from '../statements/statement.view.js';
import { FACET_TITLES } from './facet-labels.js';
import type { SearchQuery } from './search.query.js';
import { searchParams } from './search.view.js';

/** RFC 6721 (the Atom "tombstones" extension). */
const TOMBSTONES_NS = 'http://purl.org/atompub/tombstones/1.0';

/**
 * What a search's feed is of, in its title: the words and every filter, so two subscriptions are
 * told apart in a reader ("On Record: “counselors” — Stance: Oppose; Measure: DPS resolution …").
 */
export function feedTitle(
  query: Pick<SearchQuery, 'q' | 'filters' | 'from' | 'to'>,
  labels: Partial<Record<FacetName, ReadonlyMap<string, string>>> = {},
): string {
  const filters = FACET_NAMES.flatMap((facet) => {
    const values = query.filters[facet] ?? [];
    return values.length > 0 ? [`${FACET_TITLES[facet]}: ${values.map((v) => labels[facet]?.get(v) ?? v).join(' or ')}`] : [];
  });
  if (query.from) filters.push(`From: ${query.from.raw}`);
  if (query.to) filters.push(`To: ${query.to.raw}`);
  const what = query.q ? `“${query.q}”` : filters.length > 0 ? 'statements' : 'newest statements';
  return `On Record: ${what}${filters.length > 0 ? ` — ${filters.join('; ')}` : ''}`;
}

/** XML 1.0 cannot carry control characters at all: a legacy row must not break the whole feed. */
const clean = (text: string) => withoutForbiddenCharacters(text);

/** The entry's HTML content: the words (a paraphrase said to be one), and a warning for words not in the source. */
function entryContent(statement: Statement): string {
  const words = escapeHtml(clean(statement.text));
  const parts =
    statement.kind === 'paraphrase'
      ? [`<p>Paraphrase (the source’s words, not the speaker’s): ${words}</p>`]
      : [`<blockquote>${words}</blockquote>`];
  if (statement.kind !== 'paraphrase' && statement.verbatim_status === 'not_found') {
    parts.push(`<p><strong>⚠ ${escapeHtml(verbatimStatusLabel('not_found', statement.kind))}.</strong></p>`);
  }
  return parts.join('');
}

/** RFC 6721 deleted entries for retracted statements: the reference and when, the reason — never the words. */
function deletedEntries(retracted: Statement[], baseUrl: string): string {
  return retracted
    .map((statement) => {
      const when = new Date(statement.retracted_on ?? statement.updated_at);
      const reason = statement.retraction_reason?.trim();
      return (
        `<at:deleted-entry ref="${escapeHtml(statementUrl(baseUrl, statement.id))}" when="${when.toISOString()}">` +
        `<link rel="alternate" href="${escapeHtml(statementUrl(baseUrl, statement.id))}"/>` +
        (reason
          ? `<at:comment>${escapeHtml(clean(`Retracted: ${reason}`))}</at:comment>`
          : '<at:comment>Retracted</at:comment>') +
        `</at:deleted-entry>`
      );
    })
    .join('\n');
}

/**
 * /feeds/search.atom: a search's newest matches as an Atom feed, linking back to the search page,
 * with the latest retractions its filters match as RFC 6721 deleted entries.
 */
export function toAtomFeed({ query, result, retracted, filterLabels, baseUrl }: FeedPage & { baseUrl: string }): string {
  const params = searchParams({ ...query, defaultSort: true, perPage: 20 });
  const pageUrl = `${baseUrl}/search${params.toString() ? `?${params.toString()}` : ''}`;
  const feedUrl = `${baseUrl}/feeds/search.atom${params.toString() ? `?${params.toString()}` : ''}`;
  const times = [
    ...result.hits.map((hit) => hit.statement.updated_at),
    ...retracted.map((s) => s.retracted_on ?? s.updated_at),
  ].map((t) => new Date(t).getTime());
  // An empty feed has changed at no known time; "now" is true enough, 1970 never is.
  const updated = times.length > 0 ? new Date(Math.max(...times)) : new Date();
  const feed = new Feed({
    title: clean(feedTitle(query, filterLabels)),
    description: 'Statements from public meetings matching this search, newest first.',
    id: pageUrl,
    link: pageUrl,
    feedLinks: { atom: feedUrl },
    updated,
    copyright: 'Quotations belong to their speakers and sources; see each statement for its source.',
    generator: 'On Record',
  });
  for (const { statement } of result.hits) {
    const url = statementUrl(baseUrl, statement.id);
    // The feed library writes an entry's title, summary and content as type="html", which a reader
    // renders as HTML: stored plain text must be escaped into HTML first, or "<script>" becomes markup.
    feed.addItem({
      title: escapeHtml(clean(statementHeadline(statement, 88))),
      id: url,
      link: url,
      description: escapeHtml(clean(statementHeadline(statement, 280))),
      content: entryContent(statement),
      author: [{ name: clean(statement.speaker.name) }],
      date: new Date(statement.updated_at),
    });
  }
  const xml = feed.atom1();
  if (retracted.length === 0) return xml;
  // The feed library knows no extensions: declare the namespace on <feed> and add the tombstones last.
  return xml
    .replace(
      /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/,
      `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="${TOMBSTONES_NS}"`,
    )
    .replace(/<\/feed>\s*$/, `${deletedEntries(retracted, baseUrl)}\n</feed>\n`);
}
