/** An error with an HTTP status and a stable code for the JSON API's error contract (SPEC §4). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

// "?=x" has a parameter whose name is empty: the message must still say which one it means.
export const invalidParameter = (param: string, message: string) =>
  new HttpError(400, 'invalid_parameter', `${param === '' ? 'A parameter with no name' : param}: ${message}`, param);

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

export const searchUnavailable = () =>
  new HttpError(
    503,
    'search_unavailable',
    'Search is temporarily unavailable. Statement pages still work; please try the search again shortly.',
  );

/** What a read service found, or a 404 naming what was asked for (an id cut to 80 characters). */
export function foundOr404<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw notFound(`${kind} "${id.slice(0, 80)}"`);
  return value;
}
