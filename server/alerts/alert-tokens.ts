import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How long a confirmation link works. */
export const CONFIRMATION_TTL_MS = 48 * 3600 * 1000;

/**
 * The key that signs confirmation links: ALERTS_SECRET, or a random one kept in DATA_DIR (never
 * in git) and made on first use, so links keep working across restarts.
 */
export function loadAlertSecret(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const file = join(dataDir, 'alerts.secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // wx: two processes starting at once cannot both write one.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/**
 * The token in a subscription's manage and unsubscribe links: HMAC(secret, nonce), so alert mails
 * written later can carry it while the store keeps only the nonce and the token's hash.
 */
export function manageTokenOf(secret: Buffer, nonce: string): string {
  return createHmac('sha256', secret).update(`manage:${nonce}`).digest('base64url').slice(0, 32);
}

/** A fresh nonce and the hash its token is looked up by. */
export function newManageNonce(secret: Buffer): { nonce: string; hash: string } {
  const nonce = randomBytes(18).toString('base64url');
  return { nonce, hash: hashManageToken(manageTokenOf(secret, nonce)) };
}

export const hashManageToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const MANAGE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

const mac = (secret: Buffer, id: number, expires: number, nonce: string) =>
  createHmac('sha256', secret).update(`confirm:${id}:${expires}:${nonce}`).digest('base64url');

/**
 * `id.expires.mac`: signed over the subscription's current nonce too, so signing up again
 * (which makes a new one) retires the older link.
 */
export function signConfirmation(secret: Buffer, id: number, nonce: string, now = Date.now()): string {
  const expires = now + CONFIRMATION_TTL_MS;
  return `${id}.${expires}.${mac(secret, id, expires, nonce)}`;
}

export type ConfirmationCheck = { ok: true; id: number } | { ok: false; problem: 'malformed' | 'expired' | 'tampered' };

/** Reads a confirmation token's parts; the mac is checked against the subscription it names. */
export function readConfirmation(token: string): { id: number; expires: number; mac: string } | null {
  const match = /^(\d{1,15})\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { id: Number(match[1]), expires: Number(match[2]), mac: match[3] as string } : null;
}

export function checkConfirmation(
  secret: Buffer,
  token: string,
  nonceOf: (id: number) => string | undefined,
  now = Date.now(),
): ConfirmationCheck {
  const parts = readConfirmation(token);
  if (!parts) return { ok: false, problem: 'malformed' };
  const nonce = nonceOf(parts.id);
  const expected = nonce === undefined ? null : mac(secret, parts.id, parts.expires, nonce);
  // Checked before expiry: a tampered link is reported as such even when its date has passed.
  if (expected === null || !sameString(expected, parts.mac)) return { ok: false, problem: 'tampered' };
  if (parts.expires < now) return { ok: false, problem: 'expired' };
  return { ok: true, id: parts.id };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
