// Ingesting a document for review: its stored text becomes a source, and the extractor's
// candidates go to the review queue, in one transaction. A candidate whose speaker and words
// match a statement already archived is queued as an offer to add this source to that statement.
import { describeForbiddenCharacter, findForbiddenCharacter } from '../../data/domain/text.js';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SourceType } from '../../data/archive.types.js';
import { partialDate } from '../../data/import/import.schema.js';
import type { SourceRow } from '../../data/source.repository.js';
import type { Store } from '../../data/store.js';
import { ingestDocument } from '../ingest/ingest.file.js';
import { checkIngestText, checkSourceText, MAX_INGEST_BYTES } from '../ingest/source-text.guard.js';

const capitalise = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);
import type { SourceFormat } from '../ingest/source-text.js';
import type { ExtractionProgress } from '../ingest/quote-extractor.js';
import { findSameStatement } from '../ingest/statement-match.js';
import { recordRevision } from './revisions.service.js';
import { precisionOf } from '../../data/domain/partial-date.js';
import { slugify } from '../../data/domain/names.js';

export type IngestService = ReturnType<typeof createIngestService>;

/** Ingesting documents for review, bound to one store. */
export function createIngestService(store: Store) {
  return {
    ingest: (request: IngestRequest, onProgress?: (progress: IngestProgress) => void) =>
      ingestForReview(store, request, onProgress),
    findMatchingStatement: (candidate: { text: string; speaker_name: string | null; source_id: string }) =>
      findMatchingStatement(store, candidate),
  };
}

export const SOURCE_FORMATS = ['text', 'html', 'vtt', 'srt', 'labelled-transcript'] as const satisfies readonly SourceFormat[];

/** A document's largest accepted size: a long meeting transcript, not a whole book. */
export const MAX_DOCUMENT_CHARACTERS = MAX_INGEST_BYTES;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional()).transform((v) => v ?? null);

/** What is said about the document besides its content (form fields, or command-line options). */
export const documentDetails = z.object({
  title: optional(z.string().trim().max(1000, 'Use at most 1,000 characters')),
  outlet: optional(z.string().trim().max(300, 'Use at most 300 characters')),
  author: optional(z.string().trim().max(300, 'Use at most 300 characters')),
  url: optional(z.url({ protocol: /^https?$/, error: 'Enter an http(s) URL, or leave it empty' }).max(2000)),
  published_on: optional(partialDate),
});
export type DocumentDetails = z.infer<typeof documentDetails>;

export interface IngestRequest {
  content: string;
  /** Helps detect the format (.vtt, .srt, .html). */
  fileName?: string;
  /** The curator's choice; detected from the name and content when absent. */
  format?: SourceFormat;
  details: DocumentDetails;
  /** Who ingested it: a curator's name, or the file on the command line. */
  by: string;
}

export interface IngestSummary {
  sourceId: string;
  sourceType: SourceType;
  format: SourceFormat;
  queued: number;
  /** Of those queued, how many are offered as a further source of an existing statement. */
  matches: number;
}

/** A document the archive will not take, with the field to fix ('' for the document itself). */
export class IngestRefusal extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The statement this candidate repeats, if any: the same speaker by name (ignoring case), the
 * same words give or take punctuation and a few words, and not already citing this source.
 */
export function findMatchingStatement(
  store: Store,
  candidate: { text: string; speaker_name: string | null; source_id: string },
): string | null {
  if (!candidate.speaker_name) return null;
  const spoken = store.statements
    .listTextsBySpeakers(store.people.findIdsByName(candidate.speaker_name))
    .filter((s) => !store.statements.listSourceIds(s.id).includes(candidate.source_id));
  return findSameStatement(candidate.text, spoken)?.id ?? null;
}

/** Stable and readable: a slug of the title (or outlet, or file name) and a hash of the stored text. */
function sourceIdFor(textSha1: string, label: string): string {
  const slug = slugify(label).slice(0, 40).replace(/-+$/, '');
  return `${slug}-${textSha1.slice(0, 8)}`;
}

/**
 * What the archive refuses before reading a document (too large, empty, binary, a forbidden
 * character): linear scans over the text, quick enough for a request to run before it starts
 * the extraction job, so these come back on the form at once.
 */
export function checkIngestRequest(request: Pick<IngestRequest, 'content' | 'details'>): IngestRefusal | null {
  // One-line refusals naming the problem: too large, empty, binary, not UTF-8, no readable text.
  const refusal = checkIngestText(request.content);
  if (refusal) return new IngestRefusal('content', capitalise(refusal.message));
  for (const [field, text] of [['content', request.content], ...Object.entries(request.details)] as const) {
    const found = typeof text === 'string' ? findForbiddenCharacter(text) : null;
    if (!found) continue;
    const line = (text as string).slice(0, found.index).split(/\r\n|\n|\r/).length;
    const where = field === 'content' ? `The document, line ${line},` : 'This field';
    return new IngestRefusal(field, `${where} ${describeForbiddenCharacter(found)}`);
  }
  return null;
}

/**
 * How far an ingest is: the extractor's pass and paragraph, then the candidates queued so far
 * (a long transcript's job page shows it).
 */
export type IngestProgress = ExtractionProgress | { step: 'queue'; done: number; total: number };

export function ingestForReview(
  store: Store,
  request: IngestRequest,
  onProgress?: (progress: IngestProgress) => void,
): IngestSummary {
  const refused = checkIngestRequest(request);
  if (refused) throw refused;
  const { source, candidates } = ingestDocument(request.content, request.fileName, request.format, onProgress);
  const empty = checkSourceText(source.text, source.format);
  if (empty) throw new IngestRefusal('content', capitalise(empty.message));

  const { details } = request;
  const label =
    details.title ?? details.outlet ?? request.fileName?.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') ?? 'document';
  const textSha1 = createHash('sha1').update(source.text).digest('hex');
  const sourceId = sourceIdFor(textSha1, label);
  const sourceType: SourceType = source.kind === 'transcript' ? 'transcript' : 'news_article';

  return store.transaction(() => {
    // The same text under another title is the same document: its candidates are queued already.
    const earlier = store.candidates.findDocumentByText(textSha1);
    if (earlier || store.sources.findById(sourceId)) {
      throw new IngestRefusal(
        'content',
        `This document was already ingested as source "${earlier?.source_id ?? sourceId}"; its candidates are in the review queue`,
      );
    }
    const row: SourceRow = {
      id: sourceId,
      type: sourceType,
      title: details.title,
      outlet: details.outlet,
      author: details.author,
      url: details.url,
      published_on: details.published_on,
      published_on_precision: precisionOf(details.published_on),
      retrieved_on: new Date().toISOString().slice(0, 10),
      text: source.text,
    };
    store.sources.upsert(row);
    recordRevision(store, 'create', request.by, { entityType: 'source', entityId: sourceId, before: undefined, after: row });
    store.candidates.recordDocument({ source_id: sourceId, format: source.format, text_sha1: textSha1, created_by: request.by });
    let matches = 0;
    for (const [index, c] of candidates.entries()) {
      onProgress?.({ step: 'queue', done: index, total: candidates.length });
      const matched = findMatchingStatement(store, { text: c.text, speaker_name: c.speaker, source_id: sourceId });
      if (matched) matches += 1;
      store.candidates.add({
        source_id: sourceId,
        text: c.text,
        speaker_name: c.speaker,
        role: c.role,
        char_start: c.char_start,
        char_end: c.char_end,
        time_start: c.time_start ?? null,
        time_end: c.time_end ?? null,
        kind: c.kind,
        confidence: c.confidence,
        evidence: c.evidence,
        matched_statement_id: matched,
      });
    }
    return { sourceId, sourceType, format: source.format, queued: candidates.length, matches };
  });
}
