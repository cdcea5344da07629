// `onrecord ingest FILE` without --dry-run: the document becomes a source and its candidates go
// to the review queue. Kept out of cli.ts so the command there stays a few lines.
import { basename } from 'node:path';
import { pluralize } from '../display/display.format.js';
import { readDocumentText } from './ingest.file.js';
import { documentDetails, IngestRefusal, type IngestService, type IngestSummary } from '../services/ingest.service.js';

export interface IngestCommandOptions {
  sourceUrl?: string;
  outlet?: string;
  title?: string;
  json?: boolean;
}

const OPTION_NAMES: Record<string, string> = { url: '--source-url', outlet: '--outlet', title: '--title', content: 'the file' };

/** Stores the document and queues its candidates; returns the lines to print. */
export function ingestFileForReview(ingest: IngestService, file: string, options: IngestCommandOptions): string[] {
  const details = documentDetails.safeParse({ title: options.title, outlet: options.outlet, url: options.sourceUrl });
  if (!details.success) {
    const issue = details.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    throw new Error(`ingest: ${OPTION_NAMES[field] ?? field}: ${issue?.message ?? 'is not valid'}`);
  }
  let summary: IngestSummary;
  try {
    summary = ingest.ingest({
      content: readDocumentText(file),
      fileName: file,
      details: details.data,
      by: `command line (${basename(file)})`,
    });
  } catch (error) {
    if (error instanceof IngestRefusal) throw new Error(`ingest: ${basename(file)}: ${error.message}`);
    throw error;
  }
  if (options.json) {
    return [
      JSON.stringify(
        {
          source: summary.sourceId,
          type: summary.sourceType,
          format: summary.format,
          queued: summary.queued,
          matches: summary.matches,
        },
        null,
        2,
      ),
    ];
  }
  return [
    `ingested ${basename(file)} as source ${summary.sourceId} (${summary.sourceType}, ${summary.format})`,
    `${pluralize(summary.queued, 'candidate')} queued for review, ${summary.matches} matching ${summary.matches === 1 ? 'a statement' : 'statements'}` +
      ` already in the archive`,
    'review them at /admin/review',
  ];
}
