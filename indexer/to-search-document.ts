import type { Statement } from '../data/archive.types.js';
import { dateRange } from '../data/domain/partial-date.js';
import { STATE_NAMES } from '../data/domain/labels.js';
import { toIdFacetValue, type SearchDocument } from './index-settings.js';
import { toStems } from './word-forms.js';
import { EMBEDDER, semanticEmbedder } from './semantic.js';

/**
 * The statement's date for search: when it was said, or else the date of the meeting it
 * was said at. Never the source's publication date (words can be older than the article).
 */
export function effectiveDate(statement: Statement): string | null {
  return statement.said_on ?? statement.meeting?.date ?? null;
}

const idFacetValueOf = (id: string | undefined): string | null => (id === undefined ? null : toIdFacetValue(id));

export function toSearchDocument(statement: Statement, topicLabels: ReadonlyMap<string, string>): SearchDocument {
  const range = dateRange(effectiveDate(statement));
  const document: SearchDocument = {
    id: statement.id,
    seq: statement.seq,
    text: statement.text,
    kind: statement.kind,
    stance: statement.stance,
    speaker_id: toIdFacetValue(statement.speaker.id),
    speaker_name: statement.speaker.name,
    role: statement.speaker.role,
    role_category: statement.speaker.role_category,
    organization_id: idFacetValueOf(statement.speaker.organization?.id),
    organization_name: statement.speaker.organization?.name ?? null,
    measure_id: idFacetValueOf(statement.measure?.id),
    measure_title: statement.measure?.title ?? null,
    meeting_id: statement.meeting?.id ?? null,
    meeting_title: statement.meeting?.title ?? null,
    body_id: idFacetValueOf(statement.body?.id),
    body_name: statement.body?.name ?? null,
    state: statement.state,
    state_name: statement.state ? (STATE_NAMES[statement.state] ?? null) : null,
    topics: statement.topics,
    topic_labels: statement.topics.map((slug) => topicLabels.get(slug) ?? slug),
    outlet: statement.source?.outlet ?? null,
    source_title: statement.source?.title ?? null,
    context: statement.context,
    text_stems: toStems(`${statement.text} ${statement.context ?? ''}`),
    about_stems: '',
  };
  document.about_stems = toStems(
    [...document.topic_labels, document.role, document.organization_name, document.measure_title].filter(Boolean).join(' '),
  );
  const embed = semanticEmbedder();
  // A statement with no word the vectors know has no vector: it is found by its words only.
  if (embed) document._vectors = { [EMBEDDER]: embed(statementMeaningText(document)) };
  if (range) {
    document.date_start = range.start;
    document.date_end = range.end;
    document.year = Math.floor(range.start / 10000);
  }
  return document;
}

/** What a statement's vector is made of: the words said, their context and the curated topics. */
export function statementMeaningText(document: Pick<SearchDocument, 'text' | 'context' | 'topic_labels'>): string {
  return [document.text, document.context ?? '', ...document.topic_labels].join(' ');
}
