import { SOURCE_FORMATS, type IngestProgress } from '../services/ingest.service.js';
import { toErrorSummary, toFieldView, type FieldErrors, type FieldSpec, type FieldView, type FormValues } from './admin-form.js';
import { toAdminPageView, type AdminPageView } from './admin.view.js';
import type { Curator } from './session.js';
import type { IngestJobState } from '../services/jobs.service.js';
import { runningJob, toJobBase, type JobPageView } from './import.admin.view.js';

// View model of /admin/ingest (a document in, candidates out): every label and flag is computed
// here; the template only prints (escaped) and loops.

export const INGEST_FIELDS = ['content', 'filename', 'format', 'title', 'outlet', 'author', 'url', 'published_on'] as const;

const FORMAT_NAMES: Record<(typeof SOURCE_FORMATS)[number], string> = {
  text: 'News article, plain text',
  html: 'News article, HTML',
  vtt: 'Transcript, WebVTT captions',
  srt: 'Transcript, SRT captions',
  'labelled-transcript': 'Transcript, plain text with NAME: labels',
};

export interface IngestPageView extends AdminPageView {
  heading: string;
  action: string;
  content: FieldView;
  filename: string;
  fields: FieldView[];
  errorSummary: { text: string; href: string }[];
}

export function toIngestPageView(curator: Curator, values: FormValues = {}, errors: FieldErrors = {}): IngestPageView {
  const specs: FieldSpec[] = [
    {
      name: 'format',
      label: 'Kind of document',
      control: 'select',
      emptyLabel: 'Detect from the content',
      options: SOURCE_FORMATS.map((f) => ({ value: f, label: FORMAT_NAMES[f] })),
    },
    { name: 'title', label: 'Title', required: true, hint: 'The headline, or the meeting’s name for a transcript.' },
    { name: 'outlet', label: 'Outlet', hint: 'The newspaper, station or body that published it.' },
    { name: 'author', label: 'Author' },
    { name: 'url', label: 'Address (URL)', type: 'url', inputmode: 'url' },
    { name: 'published_on', label: 'Published on', hint: 'YYYY-MM-DD, YYYY-MM or YYYY; leave empty if unknown.' },
  ];
  const content = toFieldView(
    'ingest',
    {
      name: 'content',
      label: 'Text of the document',
      control: 'textarea',
      rows: 16,
      required: true,
      hint: 'Paste the article (text or HTML) or the transcript (WebVTT, SRT, or lines starting with NAME:).',
    },
    values,
    errors,
  );
  const fields = specs.map((spec) => toFieldView('ingest', spec, values, errors));
  const filename = values.filename;
  return {
    ...toAdminPageView(curator, 'Ingest a document', 'ingest'),
    heading: 'Ingest a document',
    action: '/admin/ingest',
    content,
    filename: typeof filename === 'string' ? filename : '',
    fields,
    errorSummary: toErrorSummary([content, ...fields], errors),
  };
}

/** Each field as the form labels it, so a refusal on the job page names it the same way. */
const FIELD_LABELS: Record<string, string> = {
  content: 'Text of the document',
  filename: 'File',
  format: 'Kind of document',
  title: 'Title',
  outlet: 'Outlet',
  author: 'Author',
  url: 'Address (URL)',
  published_on: 'Published on',
};

/** Where a finished ingest sends the curator: its document's queue, saying how many were found. */
export function reviewQueueUrl(summary: { sourceId: string; queued: number; matches: number }): string {
  const query = new URLSearchParams({
    source: summary.sourceId,
    done: 'ingested',
    n: String(summary.queued),
    m: String(summary.matches),
  });
  return `/admin/review?${query}`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** What the extraction is doing, as its job reported it last: "finding paraphrases, paragraph 1,200 of 4,300". */
export function ingestProgressText(progress: IngestProgress | null): string {
  if (!progress) return 'Extracting statements…';
  const of = `${count(Math.min(progress.done + 1, progress.total))} of ${count(progress.total)}`;
  switch (progress.step) {
    case 'quotations':
      return `Extracting statements: finding quotations, paragraph ${of}`;
    case 'paraphrases':
      return `Extracting statements: finding paraphrases, paragraph ${of}`;
    case 'turns':
      return `Extracting statements: reading speakers’ turns, paragraph ${of}`;
    case 'queue':
      return `Queuing candidates for review: ${of}`;
  }
}

/** An ingest job's page: how far it is while it runs; a refusal (field, message) or a failure once ended. */
export function toIngestJobPageView(curator: Curator, job: IngestJobState): JobPageView {
  const base = toJobBase(curator, job, {
    heading: `Extraction from ${job.label}`,
    section: 'ingest',
    again: { href: '/admin/ingest', label: 'Back to the form: ingest a document' },
  });
  if (job.status === 'running')
    return runningJob(
      base,
      ingestProgressText(job.progress),
      'You are taken to the review queue when it is done; the archive stays open meanwhile.',
      1,
    );
  if (job.status === 'failed')
    return {
      ...base,
      outcome: { kind: 'failed', heading: job.error ?? 'The extraction failed. Nothing was written.', lines: [] },
    };
  const refusal = job.result as { field?: string; message?: string } | null;
  const field = refusal?.field ?? '';
  return {
    ...base,
    outcome: {
      kind: 'refused',
      heading: 'The document was refused and nothing was written.',
      lines: [`${FIELD_LABELS[field] ?? (field || 'The document')}: ${refusal?.message ?? 'refused'}`],
    },
  };
}
