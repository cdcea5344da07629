import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';

/**
 * CSRF for public forms that have no session (alert sign-ups): a double-submit token, the same
 * value in an HttpOnly SameSite cookie and in the form; another site can send the form but cannot
 * read or set the cookie.
 */
const FORM_COOKIE = 'onrecord_form';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const readToken = (req: Request): string | undefined => {
  const value = req.headers.cookie ? parseCookies(req.headers.cookie)[FORM_COOKIE] : undefined;
  return value && TOKEN.test(value) ? value : undefined;
};

/** The form's token: the visitor's cookie when it has one (no new Set-Cookie), else a new one. */
export function issueFormToken(req: Request, res: Response): string {
  const existing = readToken(req);
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  res.append(
    'Set-Cookie',
    serializeCookie(FORM_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      maxAge: 7 * 24 * 3600,
    }),
  );
  return token;
}

export function checkFormToken(req: Request, submitted: unknown): boolean {
  const expected = readToken(req);
  if (!expected || typeof submitted !== 'string' || submitted.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(submitted), Buffer.from(expected));
}
