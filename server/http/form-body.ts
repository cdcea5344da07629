import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error.js';

// Form bodies: urlencoded, and UTF-8. express.urlencoded keeps a field whose percent-encoded bytes
// are not UTF-8 as the raw "%E9" text it came as; that would be stored as if a person had typed it.

/** The percent-decoded bytes of one name or value of an urlencoded body ("+" is a space). */
function decodedBytes(part: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < part.length; i++) {
    const ch = part.charCodeAt(i);
    if (ch === 0x25 /* % */ && /^[0-9A-Fa-f]{2}$/.test(part.slice(i + 1, i + 3))) {
      bytes.push(parseInt(part.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch === 0x2b /* + */ ? 0x20 : ch & 0xff);
  }
  return Buffer.from(bytes);
}

/** The first field (by name, as far as it can be read) whose name or value is not UTF-8; null when all are. */
export function findNonUtf8Field(body: Buffer): string | null {
  // Everything in a form body should be ASCII or percent-encoded; latin1 reads it byte for byte.
  const raw = body.toString('latin1');
  if (isUtf8(body) && !raw.includes('%')) return null;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodedBytes(eq < 0 ? pair : pair.slice(0, eq));
    const value = decodedBytes(eq < 0 ? '' : pair.slice(eq + 1));
    if (!isUtf8(name) || !isUtf8(value)) return isUtf8(name) ? name.toString('utf8') : name.toString('latin1');
  }
  return null;
}

class NonUtf8Form extends Error {
  readonly type = 'form.not_utf8';
  constructor(readonly field: string) {
    super('form body is not UTF-8');
  }
}

/**
 * express.urlencoded with the same options, refusing (400, naming the field) a body whose text is
 * not UTF-8, before anything reads it. Nothing is saved.
 */
export function parseFormBody(options: { limit: string; parameterLimit: number }): RequestHandler {
  const parse = express.urlencoded({
    extended: false,
    ...options,
    verify(_req, _res, body) {
      const field = findNonUtf8Field(body);
      if (field !== null) throw new NonUtf8Form(field);
    },
  });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error instanceof NonUtf8Form) {
        const name = error.field.slice(0, 80);
        next(
          new HttpError(
            400,
            'invalid_encoding',
            `The form field "${name}" is not valid UTF-8 text (its bytes are in another encoding). ` +
              'Nothing was saved; copy the text again from a UTF-8 source, or retype the characters that are not plain letters.',
            name,
          ),
        );
        return;
      }
      next(error);
    });
  };
}
