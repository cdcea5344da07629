import cluster from 'node:cluster';
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { runPrimary } from './cluster.js';
import { startRuntime } from './runtime.js';
import { warmCitationStyles } from './statements/citation.js';
import { ocdDivisions } from '../data/ocd/ocd-division.lookup.js';

/**
 * Nothing logs these today; should a line ever carry request headers, a key or a password
 * (an error object, a debug dump), pino writes [redacted] in their place.
 */
const SECRET_LOG_PATHS = [
  'authorization',
  'cookie',
  'password',
  'apiKey',
  'masterKey',
  'key',
  'token',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.password',
  '*.apiKey',
  '*.masterKey',
  '*.key',
  '*.token',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'headers["set-cookie"]',
  'err.cause.requestInit.headers',
];

/** The only place that reads the environment, listens, and handles signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`onrecord: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel, redact: { paths: SECRET_LOG_PATHS, censor: '[redacted]' } });
  if (config.webConcurrency > 1 && cluster.isPrimary) {
    try {
      await runPrimary(config, logger);
    } catch (error) {
      console.error(`onrecord: could not start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    return;
  }
  const started = Date.now();
  // A signal during start-up (seeding, a rebuild) stops at once: no transaction is open between
  // event-loop turns, and on exit the engine gets a SIGTERM (see startEmbeddedEngine).
  const stopDuringStart = (signal: string) => {
    logger.info({ signal }, 'stopping before start-up finished');
    process.exit(0);
  };
  process.once('SIGINT', stopDuringStart);
  process.once('SIGTERM', stopDuringStart);
  let runtime;
  try {
    runtime = await startRuntime(config, logger, { production: process.env.NODE_ENV !== 'development' });
    process.removeListener('SIGINT', stopDuringStart);
    process.removeListener('SIGTERM', stopDuringStart);
  } catch (error) {
    console.error(`onrecord: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // The official list of division ids, read once before the first form or search needs it (~0.5 s).
  ocdDivisions();
  const app = createApp(runtime.deps);
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = address && typeof address === 'object' ? address.port : config.port;
    logger.info(
      { url: config.baseUrl, host: config.host, port, ms: Date.now() - started },
      `On Record is serving ${config.baseUrl}`,
    );
    // Parse the citation styles now rather than on the first permalink request (seconds on a busy machine).
    setImmediate(warmCitationStyles);
  });
  // Above the idle timeouts of common proxies and clients (60 s), so the app never closes a
  // keep-alive socket a client is about to reuse (which the client sees as a reset).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('error', (error) => {
    console.error(`onrecord: cannot listen on ${config.host}:${config.port}: ${error.message}`);
    void runtime.close().finally(() => process.exit(1));
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.close();
    server.closeIdleConnections();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
