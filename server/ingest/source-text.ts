// An ingested document → the source text the archive stores (and quotes point into), plus what
// kind of document it is and, for transcripts, the map from offsets to seconds.
import { extname } from 'node:path';
import { htmlToText } from './source-text.html.js';
import {
  looksLikeLabelledTranscript,
  normaliseNewlines,
  parseLabelledTranscript,
  parseSrt,
  parseWebVtt,
  type TranscriptCue,
  type TranscriptWarning,
} from './source-text.transcript.js';

export type SourceFormat = 'text' | 'html' | 'vtt' | 'srt' | 'labelled-transcript';
export type SourceKind = 'article' | 'transcript';

export interface SourceText {
  format: SourceFormat;
  kind: SourceKind;
  text: string;
  /** Transcripts only: each caption cue's offsets in `text` and its times. */
  cues: TranscriptCue[];
  /** Problems met while reading it (a transcript's malformed timestamps, by line); nothing was dropped for them. */
  warnings: TranscriptWarning[];
}

/** The format from the file name where it says, else from the content. */
export function detectSourceFormat(content: string, fileName?: string): SourceFormat {
  const extension = fileName ? extname(fileName).toLowerCase() : '';
  if (extension === '.vtt') return 'vtt';
  if (extension === '.srt') return 'srt';
  if (extension === '.html' || extension === '.htm') return 'html';
  const head = normaliseNewlines(content).trimStart();
  if (head.startsWith('WEBVTT')) return 'vtt';
  if (/^\d+\n(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->/.test(head)) return 'srt';
  if (/^<(?:!doctype html|html|head|body|article|div|p)\b/i.test(head)) return 'html';
  if (looksLikeLabelledTranscript(content)) return 'labelled-transcript';
  return 'text';
}

export function toSourceText(content: string, options: { fileName?: string; format?: SourceFormat } = {}): SourceText {
  const format = options.format ?? detectSourceFormat(content, options.fileName);
  switch (format) {
    case 'html':
      return { format, kind: 'article', text: htmlToText(content), cues: [], warnings: [] };
    case 'vtt':
      return { format, kind: 'transcript', ...parseWebVtt(content) };
    case 'srt':
      return { format, kind: 'transcript', ...parseSrt(content) };
    case 'labelled-transcript':
      return { format, kind: 'transcript', ...parseLabelledTranscript(content) };
    case 'text':
      // Stored as written: only line endings (and a byte-order mark) are normalised.
      return { format, kind: 'article', text: normaliseNewlines(content), cues: [], warnings: [] };
  }
}
