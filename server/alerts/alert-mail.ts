import type { Statement } from '../../data/archive.types.js';
import { KIND_NAMES, STANCE_VERBS } from '../../data/domain/labels.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';
import { verbatimStatusLabel } from '../../data/verbatim.js';
import { NOT_GIVEN, pluralize } from '../display/display.format.js';
import { escapeHtml } from '../http/html.js';

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface AlertLinks {
  /** The saved search on the site. */
  searchUrl: string;
  manageUrl: string;
  /** RFC 8058 one-click target: a POST here unsubscribes, with no other step. */
  unsubscribeUrl: string;
}

/** A correction to a statement this subscription was sent before. */
export interface SentStatementChange {
  statement: Statement;
}

const permalinkOf = (baseUrl: string, statement: Statement) => `${baseUrl}/statements/${encodeURIComponent(statement.id)}`;

/** The words as what they are: a quote in quotation marks, a paraphrase never. */
function wordsOf(statement: Statement): string {
  if (statement.kind === 'paraphrase') return `Paraphrase (the source's words, not a quote): ${statement.text}`;
  return statement.kind === 'written_comment' ? `Written comment: “${statement.text}”` : `“${statement.text}”`;
}

/** A quote whose words are not in the source it cites says so, as the page and the feed do. */
function warningOf(statement: Statement): string[] {
  if (statement.kind === 'paraphrase' || statement.verbatim_status !== 'not_found') return [];
  return [`⚠ ${verbatimStatusLabel('not_found', statement.kind)}.`];
}

function speakerOf(statement: Statement): string {
  const { name, role, organization } = statement.speaker;
  return [name, role ?? `role ${NOT_GIVEN}`, organization?.name].filter(Boolean).join(', ');
}

function detailLinesOf(statement: Statement): string[] {
  const measure = statement.measure
    ? `${STANCE_VERBS[statement.stance]}: ${statement.measure.title}`
    : `Stance: ${statement.stance} (no measure named)`;
  const date =
    formatPartialDate(statement.said_on, statement.said_on_precision) ??
    formatPartialDate(statement.source?.published_on ?? null) ??
    `date ${NOT_GIVEN}`;
  const source = statement.source
    ? [statement.source.title ?? 'untitled source', statement.source.outlet].filter(Boolean).join(', ')
    : `source ${NOT_GIVEN}`;
  return [speakerOf(statement), measure, `${source} · ${date}`];
}

export function composeConfirmationMail(input: { description: string; confirmUrl: string; baseUrl: string }): ComposedMail {
  const text = [
    'Someone (we hope you) asked On Record to email this address about new statements matching:',
    '',
    `  ${input.description}`,
    '',
    'To start the alerts, open this link within 48 hours:',
    input.confirmUrl,
    '',
    'If you did not ask for this, ignore this mail: nothing will be sent, and the request is',
    'forgotten after seven days.',
    '',
    `On Record — ${input.baseUrl}`,
  ].join('\n');
  const html = `<p>Someone (we hope you) asked On Record to email this address about new statements matching:</p>
<p><strong>${escapeHtml(input.description)}</strong></p>
<p><a href="${escapeHtml(input.confirmUrl)}">Start these alerts</a> (the link works for 48 hours).</p>
<p>If you did not ask for this, ignore this mail: nothing will be sent, and the request is forgotten after seven days.</p>`;
  return { subject: `Confirm your On Record alert: ${input.description}`, text, html };
}

export function composeAlertMail(input: {
  description: string;
  baseUrl: string;
  statements: Statement[];
  changes: SentStatementChange[];
  links: AlertLinks;
}): ComposedMail {
  const { statements, changes, links, baseUrl } = input;
  const count = statements.length;
  const subject =
    count > 0
      ? `${pluralize(count, 'new statement')}: ${input.description}`
      : `${pluralize(changes.length, 'correction')}: ${input.description}`;

  const textItems = statements.map((s) =>
    [wordsOf(s), ...[...warningOf(s), ...detailLinesOf(s)].map((l) => `  ${l}`), `  ${permalinkOf(baseUrl, s)}`].join('\n'),
  );
  const textChanges = changes.map(({ statement: s }) => changeLine(s, baseUrl));
  const text = [
    `New on On Record for: ${input.description}`,
    '',
    ...(count > 0 ? [textItems.join('\n\n'), ''] : []),
    ...(changes.length > 0 ? ['Changes to statements we sent you before:', ...textChanges.map((l) => `- ${l}`), ''] : []),
    `See the search: ${links.searchUrl}`,
    `Change or stop these alerts: ${links.manageUrl}`,
  ].join('\n');

  const htmlItems = statements
    .map(
      (s) => `<li><p><strong>${escapeHtml(KIND_NAMES[s.kind])}:</strong> ${escapeHtml(wordsOf(s))}</p>
${warningOf(s)
  .map((w) => `<p><strong>${escapeHtml(w)}</strong></p>\n`)
  .join(
    '',
  )}<p>${detailLinesOf(s).map(escapeHtml).join('<br>')}<br><a href="${escapeHtml(permalinkOf(baseUrl, s))}">Permalink</a></p></li>`,
    )
    .join('\n');
  const htmlChanges = changes.map(({ statement: s }) => `<li>${escapeHtml(changeLine(s, baseUrl))}</li>`).join('\n');
  const html = `<p>New on On Record for: <strong>${escapeHtml(input.description)}</strong></p>
${count > 0 ? `<ol>\n${htmlItems}\n</ol>` : ''}
${changes.length > 0 ? `<p>Changes to statements we sent you before:</p>\n<ul>\n${htmlChanges}\n</ul>` : ''}
<p><a href="${escapeHtml(links.searchUrl)}">See the search</a> · <a href="${escapeHtml(links.manageUrl)}">Change or stop these alerts</a></p>`;

  return {
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** A retraction never repeats the retracted words; a correction gives the words as they now are. */
function changeLine(statement: Statement, baseUrl: string): string {
  if (statement.status === 'retracted') {
    const when = statement.retracted_on ? ` on ${statement.retracted_on}` : '';
    const why = statement.retraction_reason ? `: ${statement.retraction_reason}` : '';
    return `Retracted${when}: the statement by ${statement.speaker.name} (${permalinkOf(baseUrl, statement)})${why}`;
  }
  return `Changed since we sent it: ${statement.speaker.name} — now reads ${wordsOf(statement)} (${permalinkOf(baseUrl, statement)})`;
}
