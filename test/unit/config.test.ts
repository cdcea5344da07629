import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../data/paths.js';
import { ConfigError, loadConfig } from '../../server/config.js';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return caught as ConfigError;
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: defaultDataDir,
      databasePath: join(defaultDataDir, 'archive.db'),
      meili: null,
      indexUid: 'statements',
      baseUrl: 'http://localhost:3000',
      logLevel: 'info',
      rateLimits: { searchPerMinute: 300, exportPerMinute: 20, alertSignupsPerMinute: 10 },
      trustProxy: false,
      webConcurrency: 1,
      readOnly: false,
      searchConcurrency: { maxInFlight: 32, maxQueued: 64 },
      exportsPerClient: 2,
      searchCacheBytes: 32 * 1024 * 1024,
      alerts: {
        smtpUrl: null,
        mailFrom: 'On Record alerts <alerts@localhost>',
        secret: null,
        intervalMs: 60_000,
        mailDir: join(defaultDataDir, 'mail'),
      },
    });
  });

  it('believes no proxy unless TRUST_PROXY names one, and refuses a value that would believe everyone', () => {
    for (const off of ['', 'off', 'false', '0', 'no']) expect(loadConfig({ TRUST_PROXY: off }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, 192.168.1.0/24 ,::1' }).trustProxy).toBe('10.0.0.5,192.168.1.0/24,::1');
    for (const bad of ['true', 'yes', '*', '11', '10.0.0.300', '10.0.0.0/33', 'proxy.example']) {
      expect(configError({ TRUST_PROXY: bad }).problems, bad).toEqual([
        expect.stringMatching(/^TRUST_PROXY: expected off, a number of proxy hops/),
      ]);
    }
  });

  it('bounds the search cache in megabytes, 0 turning it off, and names a bad value', () => {
    expect(loadConfig({ SEARCH_CACHE_MB: '0' }).searchCacheBytes).toBe(0);
    expect(loadConfig({ SEARCH_CACHE_MB: '0.5' }).searchCacheBytes).toBe(512 * 1024);
    expect(configError({ SEARCH_CACHE_MB: 'lots' }).problems).toEqual([
      'SEARCH_CACHE_MB: expected a number of megabytes (0 turns the cache off)',
    ]);
    expect(configError({ SEARCH_CACHE_MB: '-1' }).problems).toEqual(['SEARCH_CACHE_MB: expected 0 (off) or more megabytes']);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', HOST: '', MEILI_URL: '', MEILI_INDEX: '', LOG_LEVEL: '', BASE_URL: '' })).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      meili: null,
      indexUid: 'statements',
      logLevel: 'info',
      baseUrl: 'http://localhost:3000',
    });
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('reports every bad variable in one ConfigError', () => {
    const error = configError({ PORT: 'abc', MEILI_URL: 'notaurl', LOG_LEVEL: 'loud' });
    expect(error.problems).toEqual([
      'PORT: expected a port number',
      'MEILI_URL: expected an http(s) URL such as http://127.0.0.1:7700',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(error.message).toBe(`invalid configuration: ${error.problems.join('; ')}`);
  });

  it.each([
    ['PORT', '70000', 'PORT: expected 0-65535'],
    ['PORT', '80.5', 'PORT: expected a whole number'],
    ['MEILI_URL', 'ftp://127.0.0.1:7700', 'MEILI_URL: expected an http(s) URL such as http://127.0.0.1:7700'],
    ['MEILI_MASTER_KEY', 'short', 'MEILI_MASTER_KEY: expected at least 16 characters'],
    ['MEILI_INDEX', 'my index', 'MEILI_INDEX: expected letters, digits, - or _'],
    ['BASE_URL', 'onrecord.example', 'BASE_URL: expected an http(s) URL such as https://onrecord.example'],
    [
      'RATE_LIMIT_SEARCH_PER_MINUTE',
      'lots',
      'RATE_LIMIT_SEARCH_PER_MINUTE: expected a number of requests per minute (0 turns the limit off)',
    ],
    ['RATE_LIMIT_SEARCH_PER_MINUTE', '-1', 'RATE_LIMIT_SEARCH_PER_MINUTE: expected 0 (off) or more requests per minute'],
    ['RATE_LIMIT_EXPORT_PER_MINUTE', '2.5', 'RATE_LIMIT_EXPORT_PER_MINUTE: expected a whole number of requests per minute'],
    ['EXPORTS_PER_CLIENT', 'some', 'EXPORTS_PER_CLIENT: expected a number of exports (0 turns the limit off)'],
    ['EXPORTS_PER_CLIENT', '-2', 'EXPORTS_PER_CLIENT: expected 0 (off) or more exports'],
  ])('refuses %s=%j', (name, value, problem) => {
    expect(configError({ [name]: value }).problems).toEqual([problem]);
  });

  it('connects to an existing Meilisearch when MEILI_URL is set, without its trailing slash', () => {
    const config = loadConfig({ MEILI_URL: 'http://127.0.0.1:7700/', MEILI_MASTER_KEY: 'a-master-key-of-16+' });
    expect(config.meili).toEqual({ url: 'http://127.0.0.1:7700', masterKey: 'a-master-key-of-16+' });
  });

  it('has no master key when MEILI_URL is set without one', () => {
    expect(loadConfig({ MEILI_URL: 'https://search.example/meili//' }).meili).toEqual({
      url: 'https://search.example/meili',
      masterKey: null,
    });
  });

  it('starts the embedded Meilisearch when MEILI_URL is not set, even with a master key', () => {
    expect(loadConfig({ MEILI_MASTER_KEY: 'a-master-key-of-16+' }).meili).toBeNull();
  });

  it('builds the base URL from host and port, showing local addresses as localhost', () => {
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '::' }).baseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ HOST: 'archive.lan' }).baseUrl).toBe('http://archive.lan:3000');
  });

  it('prefers BASE_URL, without its trailing slash', () => {
    expect(loadConfig({ BASE_URL: 'https://onrecord.example/', PORT: '8080' }).baseUrl).toBe('https://onrecord.example');
  });

  // BUG: an IPv6 literal other than "::" is put into the URL without brackets.
  it('builds a valid base URL when HOST is an IPv6 address such as ::1', () => {
    const { baseUrl } = loadConfig({ HOST: '::1' });
    expect(() => new URL(baseUrl)).not.toThrow();
    expect(baseUrl).toBe('http://[::1]:3000');
  });

  it('reads the port, index and log level', () => {
    expect(loadConfig({ PORT: '8080', MEILI_INDEX: 'statements_test-1', LOG_LEVEL: 'silent' })).toMatchObject({
      port: 8080,
      indexUid: 'statements_test-1',
      logLevel: 'silent',
    });
  });

  it('reads the rate limits, 0 turning one off and an empty variable meaning the default', () => {
    expect(loadConfig({ RATE_LIMIT_SEARCH_PER_MINUTE: '0', RATE_LIMIT_EXPORT_PER_MINUTE: '5' }).rateLimits).toEqual({
      searchPerMinute: 0,
      exportPerMinute: 5,
      alertSignupsPerMinute: 10,
    });
    expect(loadConfig({ RATE_LIMIT_SEARCH_PER_MINUTE: '', RATE_LIMIT_EXPORT_PER_MINUTE: '' }).rateLimits).toEqual({
      searchPerMinute: 300,
      exportPerMinute: 20,
      alertSignupsPerMinute: 10,
    });
  });

  it('reads how many exports one client may run at once, 0 turning the limit off', () => {
    expect(loadConfig({ EXPORTS_PER_CLIENT: '4' }).exportsPerClient).toBe(4);
    expect(loadConfig({ EXPORTS_PER_CLIENT: '0' }).exportsPerClient).toBe(0);
    expect(loadConfig({ EXPORTS_PER_CLIENT: '' }).exportsPerClient).toBe(2);
  });

  it('keeps an absolute DATA_DIR and resolves a relative one from the working directory', () => {
    expect(loadConfig({ DATA_DIR: '/srv/onrecord' })).toMatchObject({
      dataDir: '/srv/onrecord',
      databasePath: '/srv/onrecord/archive.db',
    });
    expect(loadConfig({ DATA_DIR: 'var/data' }).dataDir).toBe(resolve(process.cwd(), 'var/data'));
  });
});
