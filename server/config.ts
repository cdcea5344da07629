import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { defaultDataDir } from '../data/paths.js';
import { SEARCH_CACHE_BYTES } from './search/search.cache.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  /** An existing Meilisearch; null means start the embedded one. */
  meili: { url: string; masterKey: string | null } | null;
  indexUid: string;
  baseUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  rateLimits: RateLimits;
  alerts: AlertsConfig;
  /** How many processes serve (node:cluster); 1 serves from this process alone. */
  webConcurrency: number;
  /** A replica: serve what the archive holds, write nothing (no admin, no syncer, no alerts sign-up). */
  readOnly: boolean;
  /** Searches (and exports) in flight at once, and waiting; beyond both, 503 with Retry-After at once. */
  searchConcurrency: { maxInFlight: number; maxQueued: number };
  /** CSV/NDJSON exports one client address may run at once; one more answers 429 with Retry-After; 0 turns the limit off. */
  exportsPerClient: number;
  /** Bytes of engine answers each process keeps for repeated identical searches; 0 turns the cache off. */
  searchCacheBytes: number;
  /**
   * Which proxies' X-Forwarded-For / -Proto to believe (Express's `trust proxy`): false (the
   * default: none, so no local process can pose as another client), a named range, a list of
   * addresses and subnets, or a number of hops.
   */
  trustProxy: TrustProxy;
}

/** Email alerts: where mail goes and how often the scheduler looks for due alerts. */
export interface AlertsConfig {
  /** smtp:// or smtps:// (user:password@host:port); null writes .eml files to DATA_DIR/mail/. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Signs confirmation and manage links; null keeps a generated one in DATA_DIR/alerts.secret. */
  secret: string | null;
  /** 0 turns the app's scheduler off (`onrecord alerts send` from cron still works). */
  intervalMs: number;
  mailDir: string;
}

export type TrustProxy = false | number | string;

const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const TRUST_PROXY_HELP =
  'expected off, a number of proxy hops (1-10), loopback, linklocal, uniquelocal, ' +
  'or a comma-separated list of proxy addresses or subnets such as 10.0.0.5,192.168.1.0/24';

/** TRUST_PROXY as Express takes it; unset or off means no proxy is believed. */
export function parseTrustProxy(value: string | undefined): TrustProxy | { error: string } {
  const text = (value ?? '').trim();
  if (text === '' || /^(off|false|no|0)$/i.test(text)) return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= 10 ? hops : { error: TRUST_PROXY_HELP };
  }
  // "true" would believe any client's header about itself: the very hole this setting closes.
  const parts = text.split(',').map((part) => part.trim());
  const valid = parts.every((part) => {
    if (TRUST_PROXY_NAMES.includes(part)) return true;
    const [address, bits, extra] = part.split('/');
    if (extra !== undefined || !address || isIP(address) === 0) return false;
    if (bits === undefined) return true;
    const max = isIP(address) === 4 ? 32 : 128;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  });
  return valid ? parts.join(',') : { error: TRUST_PROXY_HELP };
}

/** Requests per minute per client address; 0 turns a limit off. */
export interface RateLimits {
  /** /search and /api/search. */
  searchPerMinute: number;
  /** /export/* and /feeds/*: each answer walks many matches. */
  exportPerMinute: number;
  /** Alert sign-ups (POST /alerts); 10 when not given. */
  alertSignupsPerMinute?: number;
}

export const DEFAULT_SEARCH_CONCURRENCY = Object.freeze({ maxInFlight: 32, maxQueued: 64 });

export const DEFAULT_EXPORTS_PER_CLIENT = 2;

export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({ searchPerMinute: 300, exportPerMinute: 20 });

const empty = (value: unknown) => (value === '' ? undefined : value);

const perMinute = (fallback: number) =>
  z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a number of requests per minute (0 turns the limit off)' })
      .int('expected a whole number of requests per minute')
      .min(0, 'expected 0 (off) or more requests per minute')
      .default(fallback),
  );

const envSchema = z.object({
  PORT: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a port number' })
      .int('expected a whole number')
      .min(0, 'expected 0-65535')
      .max(65535, 'expected 0-65535')
      .default(3000),
  ),
  HOST: z.preprocess(empty, z.string().default('127.0.0.1')),
  DATA_DIR: z.preprocess(empty, z.string().default(defaultDataDir)),
  MEILI_URL: z.preprocess(
    empty,
    z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:7700' }).optional(),
  ),
  MEILI_MASTER_KEY: z.preprocess(empty, z.string().min(16, 'expected at least 16 characters').optional()),
  MEILI_INDEX: z.preprocess(
    empty,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected letters, digits, - or _')
      .default('statements'),
  ),
  BASE_URL: z.preprocess(
    empty,
    z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://onrecord.example' }).optional(),
  ),
  LOG_LEVEL: z.preprocess(
    empty,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  RATE_LIMIT_SEARCH_PER_MINUTE: perMinute(DEFAULT_RATE_LIMITS.searchPerMinute),
  RATE_LIMIT_EXPORT_PER_MINUTE: perMinute(DEFAULT_RATE_LIMITS.exportPerMinute),
  RATE_LIMIT_ALERT_SIGNUPS_PER_MINUTE: perMinute(10),
  SMTP_URL: z.preprocess(
    empty,
    z
      .url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL such as smtps://user:password@mail.example:465' })
      .optional(),
  ),
  MAIL_FROM: z.preprocess(empty, z.string().max(200, 'expected at most 200 characters').optional()),
  ALERTS_SECRET: z.preprocess(empty, z.string().min(32, 'expected at least 32 characters').optional()),
  WEB_CONCURRENCY: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a number of processes' })
      .int('expected a whole number of processes')
      .min(1, 'expected 1 to 64 processes')
      .max(64, 'expected 1 to 64 processes')
      .default(1),
  ),
  READ_ONLY: z.preprocess(
    empty,
    z
      .enum(['0', '1', 'true', 'false'], { error: 'expected 1 (a read-only replica) or 0' })
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
  ),
  SEARCH_MAX_IN_FLIGHT: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a number of searches' })
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .default(DEFAULT_SEARCH_CONCURRENCY.maxInFlight),
  ),
  SEARCH_MAX_QUEUED: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a number of searches' })
      .int('expected a whole number')
      .min(0, 'expected 0 or more')
      .default(DEFAULT_SEARCH_CONCURRENCY.maxQueued),
  ),
  EXPORTS_PER_CLIENT: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a number of exports (0 turns the limit off)' })
      .int('expected a whole number of exports')
      .min(0, 'expected 0 (off) or more exports')
      .default(DEFAULT_EXPORTS_PER_CLIENT),
  ),
  SEARCH_CACHE_MB: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a number of megabytes (0 turns the cache off)' })
      .min(0, 'expected 0 (off) or more megabytes')
      .max(65536, 'expected at most 65536 megabytes')
      .default(SEARCH_CACHE_BYTES / (1024 * 1024)),
  ),
  ALERTS_INTERVAL_SECONDS: z.preprocess(
    empty,
    z.coerce
      .number({ error: 'expected a number of seconds (0 turns the scheduler off)' })
      .int('expected a whole number of seconds')
      .min(0, 'expected 0 (off) or more seconds')
      .default(60),
  ),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'object') {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed;
    }),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once, reporting every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  // A replica's engine is shared with the primary: the embedded one would have to be built (written).
  if (e.READ_ONLY && !e.MEILI_URL) {
    throw new ConfigError(["READ_ONLY: a read-only replica needs MEILI_URL (the primary archive's search engine)"]);
  }
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(process.cwd(), e.DATA_DIR);
  const publicHost = ['0.0.0.0', '::', '127.0.0.1'].includes(e.HOST)
    ? 'localhost'
    : e.HOST.includes(':')
      ? `[${e.HOST}]`
      : e.HOST; // an IPv6 address goes in brackets in a URL
  const baseUrl = (e.BASE_URL ?? `http://${publicHost}:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath: resolve(dataDir, 'archive.db'),
    meili: e.MEILI_URL ? { url: e.MEILI_URL.replace(/\/+$/, ''), masterKey: e.MEILI_MASTER_KEY ?? null } : null,
    indexUid: e.MEILI_INDEX,
    baseUrl,
    logLevel: e.LOG_LEVEL,
    rateLimits: Object.freeze({
      searchPerMinute: e.RATE_LIMIT_SEARCH_PER_MINUTE,
      exportPerMinute: e.RATE_LIMIT_EXPORT_PER_MINUTE,
      alertSignupsPerMinute: e.RATE_LIMIT_ALERT_SIGNUPS_PER_MINUTE,
    }),
    webConcurrency: e.WEB_CONCURRENCY,
    readOnly: e.READ_ONLY,
    searchConcurrency: Object.freeze({ maxInFlight: e.SEARCH_MAX_IN_FLIGHT, maxQueued: e.SEARCH_MAX_QUEUED }),
    exportsPerClient: e.EXPORTS_PER_CLIENT,
    searchCacheBytes: Math.floor(e.SEARCH_CACHE_MB * 1024 * 1024),
    alerts: Object.freeze({
      smtpUrl: e.SMTP_URL ?? null,
      mailFrom: e.MAIL_FROM ?? `On Record alerts <alerts@${new URL(baseUrl).hostname}>`,
      secret: e.ALERTS_SECRET ?? null,
      intervalMs: e.ALERTS_INTERVAL_SECONDS * 1000,
      mailDir: resolve(dataDir, 'mail'),
    }),
    trustProxy: e.TRUST_PROXY,
  });
}
