// What ingest refuses before it reads a document: too large, empty, binary or otherwise not text.
// Each refusal is one line naming the problem, for the CLI to print and the upload form to show.

/** The largest document ingest accepts (a long meeting transcript, not a whole book). */
export const MAX_INGEST_BYTES = 2 * 1024 * 1024;

export type RefusalCode = 'too_large' | 'empty' | 'binary' | 'not_utf8' | 'no_text';

export interface IngestRefusalReason {
  code: RefusalCode;
  /** One line, naming the problem and what to do. */
  message: string;
}

/** File signatures of formats that are not text, by their first bytes. */
const SIGNATURES: [string, number[]][] = [
  ['a PDF', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive (or a Word/OpenDocument file)', [0x50, 0x4b, 0x03, 0x04]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an old Word/Excel file', [0xd0, 0xcf, 0x11, 0xe0]],
  ['an MP3 file', [0x49, 0x44, 0x33]],
];

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why the bytes of a document cannot be ingested, or null when they can be read as text. */
export function checkIngestBytes(bytes: Uint8Array, limit = MAX_INGEST_BYTES): IngestRefusalReason | null {
  if (bytes.length > limit) {
    return {
      code: 'too_large',
      message: `the document is ${megabytes(bytes.length)}, over ingest's limit of ${megabytes(limit)}: split it or keep only the passages with statements`,
    };
  }
  if (bytes.length === 0) return { code: 'empty', message: 'the document is empty (0 bytes)' };
  for (const [name, signature] of SIGNATURES) {
    if (startsWith(bytes, signature))
      return { code: 'binary', message: `the document is ${name}, not text: save it as plain text, HTML, WebVTT or SRT` };
  }
  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return { code: 'binary', message: 'the document is binary (it contains NUL bytes), not text' };
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  if (control > head.length * 0.05)
    return { code: 'binary', message: 'the document is binary (too many control characters), not text' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { code: 'not_utf8', message: 'the document is not valid UTF-8 text: save it as UTF-8 and try again' };
  }
  return checkIngestText(text, limit);
}

/** The same checks for content already decoded (an upload form's text field). */
export function checkIngestText(text: string, limit = MAX_INGEST_BYTES): IngestRefusalReason | null {
  if (text.length > limit) {
    return {
      code: 'too_large',
      message: `the document is over ingest's limit of ${megabytes(limit)}: split it or keep only the passages with statements`,
    };
  }
  if (text.length === 0) return { code: 'empty', message: 'the document is empty' };
  if (text.includes('\u0000'))
    return { code: 'binary', message: 'the document is binary (it contains NUL characters), not text' };
  if (text.includes('\uFFFD'))
    return {
      code: 'not_utf8',
      message: 'the document is not valid UTF-8 text (it contains replacement characters): save it as UTF-8 and try again',
    };
  if (text.trim() === '') return { code: 'empty', message: 'the document has only white space, no text' };
  return null;
}

/** After conversion: an HTML page or transcript whose readable text is empty. */
export function checkSourceText(text: string, format: string): IngestRefusalReason | null {
  if (text.trim() !== '') return null;
  return { code: 'no_text', message: `the ${format} document has no readable text once markup and page furniture are removed` };
}
