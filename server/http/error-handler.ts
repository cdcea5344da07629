import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isDatabaseBusy } from '../../data/db.js';
import { BUSY_RETRY_AFTER_SECONDS, databaseBusy } from './busy-retry.js';
import { HttpError, notFound } from './http-error.js';

const wantsJson = (path: string) => path.startsWith('/api/') || path === '/healthz';

export function setUpNotFound(): RequestHandler {
  return (req, _res, next) => next(notFound(wantsJson(req.path) ? `no route ${req.method} ${req.path}` : 'page'));
}

/**
 * Last middleware: a clear message for every error the reader caused, a plain 500 for ours.
 * Never a stack trace in a response; the log gets the details.
 */
export function setUpErrorHandler(logger: Logger, options: { production: boolean }): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const httpError = toHttpError(error);
    if (httpError.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    const body = {
      error: {
        code: httpError.code,
        message: httpError.message,
        ...(httpError.param !== undefined ? { param: httpError.param } : {}),
        ...httpError.details,
      },
    };
    res.status(httpError.status);
    if (httpError.status === 503)
      res.set('Retry-After', String(httpError.code === 'database_busy' ? BUSY_RETRY_AFTER_SECONDS : 5));
    // A client that sent JSON (or does not take HTML) reads the envelope, not a page.
    if (wantsJson(req.path) || !req.accepts('html') || req.is('json')) {
      res.json(body);
      return;
    }
    res.render('pages/error', {
      title: httpError.code === 'database_busy' ? 'Busy, try again' : titleFor(httpError.status),
      status: httpError.status,
      message: httpError.message,
      param: httpError.param ?? null,
      detail: options.production || !(error instanceof Error) || httpError.status < 500 ? null : (error.stack ?? null),
    });
  };
}

function titleFor(status: number): string {
  switch (status) {
    case 400:
      return 'Check the parameters';
    case 404:
      return 'Not found';
    case 410:
      return 'Retracted';
    case 413:
      return 'Too large';
    case 429:
      return 'Too many requests';
    case 503:
      return 'Search is unavailable';
    default:
      return 'Something went wrong';
  }
}

/** A body parser's limit (bytes) as people write it: 100 KB, 8 MB. */
function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The body parsers' refusals (raw-body and body-parser errors), in words that name the limit. */
function bodyRefusal(error: { type?: unknown; limit?: unknown }): HttpError | undefined {
  if (error.type === 'entity.too.large' && typeof error.limit === 'number') {
    return new HttpError(
      413,
      'payload_too_large',
      `The request body is larger than ${formatByteLimit(error.limit)}, the most this address accepts. Nothing was saved.`,
    );
  }
  if (error.type === 'parameters.too.many') {
    return new HttpError(413, 'payload_too_large', 'The form has more fields than this address accepts. Nothing was saved.');
  }
  return undefined;
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // A write no route retried (or a read during a lock that recovery holds): busy, not broken.
  if (isDatabaseBusy(error)) return databaseBusy();
  // Body parsers and the like mark client errors with a status.
  const status = (error as { status?: number; statusCode?: number })?.status ?? (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return (
      bodyRefusal(error as { type?: unknown; limit?: unknown }) ??
      new HttpError(status, status === 413 ? 'payload_too_large' : 'bad_request', (error as Error).message)
    );
  }
  return new HttpError(500, 'internal_error', 'Something went wrong on our side. It has been logged.');
}
