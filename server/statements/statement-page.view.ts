import type { Statement } from '../../data/archive.types.js';
import { escapeHtml, type SafeHtml } from '../search/highlight.js';
import { statementUrl } from './statement.json.js';
import { formatPartialDate, toStatementCardView, type StatementCardView } from './statement.view.js';

export interface StatementPageView {
  title: string;
  canonicalUrl: string;
  card: StatementCardView;
  context: string | null;
  /** The paragraph of the stored source text that holds the words, with them marked. */
  passageHtml: SafeHtml | null;
  source: { title: string; outlet: string | null; author: string | null; published: string; url: string | null } | null;
  apiUrl: string;
}

/** The paragraph around [start, end) in the source, with the quoted words in <mark>. */
export function passageAround(sourceText: string, start: number, end: number): SafeHtml {
  const paragraphStart = sourceText.lastIndexOf('\n\n', start);
  const paragraphEnd = sourceText.indexOf('\n\n', end);
  const from = paragraphStart < 0 ? 0 : paragraphStart + 2;
  const to = paragraphEnd < 0 ? sourceText.length : paragraphEnd;
  return (escapeHtml(sourceText.slice(from, start)) + '<mark>' + escapeHtml(sourceText.slice(start, end)) + '</mark>'
    + escapeHtml(sourceText.slice(end, to))) as SafeHtml;
}

export function toStatementPageView(statement: Statement, sourceText: string | null, baseUrl: string): StatementPageView {
  const { position, source } = statement;
  const hasSpan = sourceText !== null && position?.char_start != null && position.char_end != null
    && position.char_end <= sourceText.length;
  const excerpt = statement.text.length > 80 ? `${statement.text.slice(0, 77)}…` : statement.text;
  return {
    title: `${statement.speaker.name}: “${excerpt}”`,
    canonicalUrl: statementUrl(baseUrl, statement.id),
    card: toStatementCardView(statement),
    context: statement.context,
    passageHtml: hasSpan ? passageAround(sourceText, position.char_start as number, position.char_end as number) : null,
    source: source && {
      title: source.title ?? 'title not given in source',
      outlet: source.outlet,
      author: source.author,
      published: formatPartialDate(source.published_on) ?? 'date not given in source',
      url: source.url,
    },
    apiUrl: `/api/statements/${encodeURIComponent(statement.id)}`,
  };
}
