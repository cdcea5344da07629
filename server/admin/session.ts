import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { CuratorRepository } from '../../data/curator.repository.js';
import { HttpError } from '../http/http-error.js';

export const SESSION_COOKIE = 'onrecord_session';
const LOGIN_CSRF_COOKIE = 'onrecord_login_csrf';
const SESSION_HOURS = 12;

export interface Curator {
  name: string;
  csrfToken: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

function cookieOptions(req: Request, maxAgeSeconds: number) {
  // Secure whenever the request came over https (directly or via a trusted proxy).
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/', maxAge: maxAgeSeconds };
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}

/**
 * The account a sign-in attempt is for, as the sign-in limiter counts it: the name as the
 * lookup reads it (trimmed, case folded, Unicode-normalised), so " alice", "alice\t" and
 * "ALICE" share one budget instead of each getting their own.
 */
export function signInAccountKey(name: unknown): string {
  return (typeof name === 'string' ? name : '').normalize('NFKC').trim().toLowerCase().slice(0, 100);
}

/** The signed-in curator, if any, for this request. */
export function currentCurator(res: Response): Curator | undefined {
  return res.locals.curator as Curator | undefined;
}

/** Reads the session cookie and looks the session up in SQLite (only its hash is stored). */
export function setUpCuratorSession(curation: CuratorRepository): RequestHandler {
  return (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) {
      const session = curation.findSession(sha256(token));
      if (session) res.locals.curator = { name: session.user_name, csrfToken: session.csrf_token } satisfies Curator;
    }
    next();
  };
}

export function startSession(curation: CuratorRepository, req: Request, res: Response, userId: number): void {
  const token = newToken();
  const expires = new Date(Date.now() + SESSION_HOURS * 3600_000);
  curation.createSession(sha256(token), userId, newToken(), expires.toISOString());
  res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, token, cookieOptions(req, SESSION_HOURS * 3600)));
  res.append('Set-Cookie', serializeCookie(LOGIN_CSRF_COOKIE, '', cookieOptions(req, 0)));
}

export function endSession(curation: CuratorRepository, req: Request, res: Response): void {
  const token = readCookie(req, SESSION_COOKIE);
  if (token) curation.deleteSession(sha256(token));
  res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, '', cookieOptions(req, 0)));
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function submittedToken(req: Request): unknown {
  return (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
}

/** Every state-changing request of a signed-in curator must carry the session's CSRF token. */
export function requireCsrf(): RequestHandler {
  return (req, res, next) => {
    const curator = currentCurator(res);
    if (!curator || !sameToken(submittedToken(req), curator.csrfToken)) {
      next(
        new HttpError(403, 'csrf_failed', 'This form has expired or did not come from this site. Reload the page and try again.'),
      );
      return;
    }
    next();
  };
}

/** Before sign-in there is no session: the sign-in form carries a token that must match a cookie. */
export function issueLoginCsrf(req: Request, res: Response): string {
  const existing = readCookie(req, LOGIN_CSRF_COOKIE);
  const token = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : newToken();
  res.append('Set-Cookie', serializeCookie(LOGIN_CSRF_COOKIE, token, cookieOptions(req, 3600)));
  return token;
}

export function checkLoginCsrf(req: Request): boolean {
  const expected = readCookie(req, LOGIN_CSRF_COOKIE);
  return expected !== undefined && sameToken(submittedToken(req), expected);
}
