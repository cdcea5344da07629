import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { migrateDatabase, openDatabase } from '../data/db.js';
import { ImportError, formatProblem } from '../data/import/import.errors.js';
import { formatImportSummary, formatProgressBar } from '../data/import/import.summary.js';
import { popoloJsonChunks, type PopoloCounts } from '../data/popolo/popolo.export.js';
import { createStore, type Store } from '../data/store.js';
import { findRunningEngine, startEmbeddedEngine } from '../indexer/engine.js';
import { createMeiliClient } from '../indexer/meili-client.js';
import { drainOutbox, type SyncTarget } from '../indexer/outbox.js';
import { inspectIndex, rebuildIndex } from '../indexer/rebuild.js';
import { readNewPassword } from './admin/password-prompt.js';
import { withAlertsLease } from './alerts/alert-scheduler.js';
import { newLeaseHolder } from './background-role.js';
import { loadAlertSecret } from './alerts/alert-tokens.js';
import { createAlertsService, type AlertRunReport } from './alerts/alerts.service.js';
import { createMailer } from './alerts/mailer.js';
import { createSearchService } from './search/search.service.js';
import { loadConfig, type Config } from './config.js';
import { readIngestDocument } from './ingest/ingest.file.js';
import { isLowConfidence } from './ingest/quote-extractor.js';
import { archiveExportChunks } from './search/export.archive.js';
import { ingestFileForReview } from './ingest/ingest.command.js';
import { createBackupService } from './services/backup.service.js';
import { openOutputFile, type ProtectedPaths } from './services/output-path.js';
import { loadSeed, syncTopics } from './services/seed.service.js';
import { createWriteServices } from './services/write-services.js';

/**
 * Progress on a terminal redraws one bar in place (drawn by hand: cli-progress is not a
 * dependency); elsewhere (logs, CI) it prints plain lines now and then.
 */
function progressReporter(label: string, unit = 'statements'): ((done: number, total: number) => void) & { end(): void } {
  let lastPrinted = 0;
  let lastDrawn = '';
  const report = (done: number, total: number) => {
    if (process.stderr.isTTY) {
      const line = `${label} ${formatProgressBar(done, total, unit)}`;
      // Redrawing on every row would cost more than the import itself on a big file.
      if (line !== lastDrawn) process.stderr.write(`\r${line}`);
      lastDrawn = done === total ? '' : line;
      if (done === total) process.stderr.write('\n');
    } else if (done === total || Date.now() - lastPrinted > 2000) {
      lastPrinted = Date.now();
      process.stderr.write(`${label}: ${done} / ${total} ${unit}\n`);
    }
  };
  // A refusal part-way must not print its reason on the same line as an unfinished bar.
  const end = () => {
    if (lastDrawn !== '') process.stderr.write('\n');
    lastDrawn = '';
  };
  return Object.assign(report, { end });
}

function openConfiguredStore(config: Config): Store {
  const store = createStore(openDatabase(config.databasePath));
  syncTopics(store);
  return store;
}

/** Uses MEILI_URL, else the engine the running app started, else starts one for this command. */
async function withSearchTarget<T>(config: Config, fn: (target: SyncTarget) => Promise<T>): Promise<T> {
  if (config.meili) {
    return fn({
      client: createMeiliClient({ url: config.meili.url, apiKey: config.meili.masterKey ?? '' }),
      indexUid: config.indexUid,
    });
  }
  const running = await findRunningEngine(config.dataDir);
  if (running) {
    return fn({ client: createMeiliClient({ url: running.url, apiKey: running.masterKey }), indexUid: config.indexUid });
  }
  const engine = await startEmbeddedEngine({ dataDir: config.dataDir });
  try {
    return await fn({ client: createMeiliClient({ url: engine.url, apiKey: engine.masterKey }), indexUid: config.indexUid });
  } finally {
    await engine.stop();
  }
}

/** Where an export goes: standard output, or a file checked by openOutputFile (never the archive, never a link). */
type ExportTarget = { file: string; fd: number } | undefined;

async function exportPopoloTo(store: Store, target: ExportTarget): Promise<void> {
  const stream = target === undefined ? process.stdout : createWriteStream(target.file, { fd: target.fd });
  const counts: Partial<PopoloCounts> = {};
  for (const chunk of popoloJsonChunks(store.db, { counts })) await writeOut(stream, chunk);
  if (target === undefined) return;
  await new Promise<void>((done, fail) => stream.end((error?: Error | null) => (error ? fail(error) : done())));
  console.log(
    `exported ${counts.speeches} speeches (${counts.retracted} retracted), ${counts.persons} persons, ` +
      `${counts.organizations} organizations, ${counts.memberships} memberships, ${counts.events} events, ` +
      `${counts.motions} motions, ${counts.sources} sources to ${resolve(target.file)}`,
  );
}

async function exportStatementsTo(store: Store, format: 'csv' | 'ndjson', baseUrl: string, target: ExportTarget): Promise<void> {
  const output = target?.file;
  const stream = target === undefined ? process.stdout : createWriteStream(target.file, { fd: target.fd });
  let count = 0;
  for (const { chunk, count: n } of archiveExportChunks(store.statements, format, baseUrl)) {
    await writeOut(stream, chunk);
    count += n;
  }
  if (output === undefined) return;
  await new Promise<void>((done, fail) => stream.end((error?: Error | null) => (error ? fail(error) : done())));
  console.log(`exported ${count} statements as ${format} to ${resolve(output)}`);
}

/** Writes respecting backpressure, so a large export streams in constant memory. */
async function writeOut(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export function buildCli(): Command {
  const program = new Command('onrecord')
    .description('On Record: a searchable, citable archive of public comment and testimony')
    .showHelpAfterError();
  const config = () => loadConfig(process.env);

  const db = program.command('db').description('the SQLite store');
  db.command('migrate')
    .description('apply pending schema migrations')
    .action(() => {
      const database = openDatabase(config().databasePath, { migrate: false });
      const applied = migrateDatabase(database);
      database.close();
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'the database is up to date');
    });

  program
    .command('seed')
    .description('load the seed corpus (again: unchanged records are left alone)')
    .action(() => {
      const store = openConfiguredStore(config());
      const summary = loadSeed(store);
      store.close();
      console.log(
        `seed: ${summary.statements.created} created, ${summary.statements.updated} updated, ${summary.statements.unchanged} unchanged`,
      );
    });

  program
    .command('import')
    .argument('<file>', 'JSON (array), NDJSON (one statement per line), CSV (header row; see the README) or a Popolo export')
    .option('--dry-run', 'check the file and report what would change, writing nothing')
    .description('import statements; one bad record imports nothing')
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const store = openConfiguredStore(config());
      const progress = progressReporter('import', 'bytes');
      try {
        // Streamed in bounded memory (CSV, NDJSON), in one transaction: all of it or none.
        const summary = await createWriteServices(store).imports.runFile(
          file,
          { provenance: { via: 'imported', by: basename(file) }, revision: { action: 'import' } },
          { dryRun: options.dryRun === true, onProgress: (p) => progress(p.bytesRead, p.totalBytes) },
        );
        for (const line of formatImportSummary(summary)) console.log(line);
        const s = summary.statements;
        if (!summary.dryRun && s.created + s.updated > 0)
          console.log('the running app indexes them within a second; otherwise run `onrecord index sync`');
      } finally {
        progress.end();
        store.close();
      }
    });

  program
    .command('export')
    .addOption(new Option('--format <format>', 'the file format').choices(['popolo', 'csv', 'ndjson']).makeOptionMandatory())
    .option('--output <file>', 'write to this file (otherwise to standard output); never the archive or a symbolic link')
    .option('--force', 'overwrite the --output file if it exists (only an ordinary file outside DATA_DIR)')
    .description(
      'write the whole archive: popolo (everything, retracted statements and corrections included; `import` reads it back), ' +
        'or csv / ndjson (published statements, the columns and JSON of /export/search.*)',
    )
    .action(async (options: { format: 'popolo' | 'csv' | 'ndjson'; output?: string; force?: boolean }) => {
      const cfg = config();
      // Checked before the archive is even opened: a refused path leaves everything as it was.
      const protectedPaths: ProtectedPaths = { dataDir: cfg.dataDir, databasePath: cfg.databasePath };
      const target: ExportTarget =
        options.output === undefined
          ? undefined
          : { file: options.output, fd: openOutputFile(options.output, protectedPaths, { force: options.force === true }) };
      const store = openConfiguredStore(cfg);
      try {
        if (options.format === 'popolo') await exportPopoloTo(store, target);
        else await exportStatementsTo(store, options.format, cfg.baseUrl, target);
      } finally {
        store.close();
      }
    });

  program
    .command('backup')
    .argument('<file>', 'where to write the copy (one SQLite file)')
    .option('--force', 'overwrite the file if it exists (only an ordinary file outside DATA_DIR)')
    .description('write a consistent copy of the archive; safe while the app is serving and writing')
    .action(async (file: string, options: { force?: boolean }) => {
      const backup = await createBackupService(config()).backup(file, { force: options.force === true });
      console.log(
        `backup written: ${backup.path} (${backup.bytes.toLocaleString('en-US')} bytes, ${backup.statements} statements)`,
      );
    });

  program
    .command('restore')
    .argument('<file>', 'a copy made by `onrecord backup`')
    .description('replace the archive with a backup (stop the app first), then rebuild the search index from it')
    .action(async (file: string) => {
      const cfg = config();
      const restored = createBackupService(cfg).restore(file);
      const migrated =
        restored.migrated.length > 0 ? `; migrated it with ${restored.migrated.map((m) => m.name).join(', ')}` : '';
      for (const leftover of restored.removedLeftovers)
        console.log(`removed ${leftover}, left by a restore that was interrupted`);
      console.log(`archive restored from ${resolve(file)}: ${restored.statements} statements${migrated}`);
      if (restored.previous)
        console.log(
          `the archive it replaced is kept as ${restored.previous} until the app has started on the restored one ` +
            '(to go back: stop the app and restore that file)',
        );
      const store = openConfiguredStore(cfg);
      try {
        const count = await withSearchTarget(cfg, (target) =>
          rebuildIndex(store, target, { onProgress: progressReporter('rebuild') }),
        );
        console.log(`index rebuilt: ${count} statements`);
      } catch (error) {
        // The archive stays restored; it no longer names the index's settings, so the app rebuilds the index on start.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
        throw new Error(
          `the archive was restored, but the index was not rebuilt (${reason})` +
            `; run \`onrecord index rebuild\` or start the app, which rebuilds it`,
        );
      } finally {
        store.close();
      }
    });

  const user = program.command('user').description('curator accounts');
  user
    .command('add')
    .argument('<name>', 'the name the curator signs in with')
    .description('add a curator (or set a new password): prompted on a terminal, else read from stdin')
    .action(async (name: string) => {
      if (!/^[\p{L}\p{N}._@-]{1,100}$/u.test(name))
        throw new Error('a curator name is 1-100 letters, digits, ".", "_", "@" or "-"');
      const password = await readNewPassword();
      const store = openConfiguredStore(config());
      try {
        const saved = await createWriteServices(store).curators.saveCurator(name, password);
        const ended = saved.sessionsEnded === 1 ? '1 session' : `${saved.sessionsEnded} sessions`;
        console.log(saved.outcome === 'changed' ? `password changed for ${name}; ${ended} ended` : `curator ${name} added`);
      } finally {
        store.close();
      }
    });

  user
    .command('sessions')
    .argument('<name>', 'the curator')
    .option('--end', 'end every session of this curator (they must sign in again)')
    .description('list a curator’s live sessions (when each began and expires), or end them all')
    .action((name: string, options: { end?: boolean }) => {
      const store = openConfiguredStore(config());
      try {
        const curators = createWriteServices(store).curators;
        if (options.end === true) {
          const { name: who, ended } = curators.endSessions(name);
          console.log(`ended ${ended} session${ended === 1 ? '' : 's'} of ${who}`);
          return;
        }
        const { name: who, sessions } = curators.listSessions(name);
        console.log(`${who}: ${sessions.length} live session${sessions.length === 1 ? '' : 's'}`);
        for (const s of sessions) console.log(`  ${s.tag}  signed in ${s.created_at}  expires ${s.expires_at}`);
      } finally {
        store.close();
      }
    });

  program
    .command('ingest')
    .argument('<file>', 'a news article (plain text or HTML) or a transcript (WebVTT, SRT, plain text with NAME: labels)')
    .option('--source-url <url>', 'where the document was published')
    .option('--outlet <name>', 'the outlet that published it')
    .option('--title <title>', 'the headline or meeting name (otherwise left unknown)')
    .option('--dry-run', 'extract candidate statements and write nothing')
    .option('--json', 'print the candidates (or, when storing, a summary) as JSON')
    .description('store a document as a source and queue its candidate statements for review')
    .action(
      (file: string, options: { sourceUrl?: string; outlet?: string; title?: string; dryRun?: boolean; json?: boolean }) => {
        if (options.dryRun !== true) {
          const store = openConfiguredStore(config());
          try {
            for (const line of ingestFileForReview(createWriteServices(store).ingest, file, options)) console.log(line);
          } finally {
            store.close();
          }
          return;
        }
        const { source, candidates } = readIngestDocument(file);
        // A transcript's malformed timestamps: reported by line; their cues' words were kept.
        for (const warning of source.warnings) console.error(`warning: ${warning.message}`);
        if (options.json === true) {
          console.log(JSON.stringify(candidates, null, 2));
          return;
        }
        for (const c of candidates) {
          const time = c.time_start === undefined ? '' : ` @${c.time_start}s`;
          console.log(
            `[${c.char_start}-${c.char_end}${time}] ${c.kind === 'paraphrase' ? '(paraphrase) ' : ''}` +
              `${c.speaker ?? '(speaker unknown)'}${c.role ? `, ${c.role}` : ''}: ${c.text}` +
              ` [confidence ${c.confidence.toFixed(2)}${isLowConfidence(c) ? ', LOW' : ''}${c.evidence ? `; ${c.evidence}` : ''}]`,
          );
        }
        console.log(`dry run, nothing written: ${candidates.length} candidate${candidates.length === 1 ? '' : 's'}`);
      },
    );

  const index = program.command('index').description('the Meilisearch index');
  index
    .command('rebuild')
    .description('build a fresh index from SQLite and swap it in')
    .action(async () => {
      const cfg = config();
      const store = openConfiguredStore(cfg);
      try {
        const count = await withSearchTarget(cfg, (target) =>
          rebuildIndex(store, target, { onProgress: progressReporter('rebuild') }),
        );
        console.log(`index rebuilt: ${count} statements`);
      } finally {
        store.close();
      }
    });
  index
    .command('sync')
    .description('send pending changes (the outbox) to the index')
    .action(async () => {
      const cfg = config();
      const store = openConfiguredStore(cfg);
      try {
        const synced = await withSearchTarget(cfg, (target) => drainOutbox(store, target));
        console.log(`synced ${synced} statements; ${store.outbox.countPending()} pending`);
      } finally {
        store.close();
      }
    });
  index
    .command('status')
    .description('compare the index with the store')
    .action(async () => {
      const cfg = config();
      const store = openConfiguredStore(cfg);
      try {
        const status = await withSearchTarget(cfg, async (target) => {
          const state = await inspectIndex(store, target);
          const indexed = state === 'missing' ? 0 : (await target.client.index(target.indexUid).getStats()).numberOfDocuments;
          return {
            index: target.indexUid,
            state,
            statements: store.statements.countPublished(),
            indexed,
            pending: store.outbox.countPending(),
          };
        });
        console.log(JSON.stringify(status, null, 2));
      } finally {
        store.close();
      }
    });
  const alerts = program.command('alerts').description('email alerts: saved searches readers follow');
  alerts
    .command('send')
    .description('send the alerts that are due now (and any mail owed from an earlier run)')
    .option('--dry-run', 'list what would be sent; send and change nothing')
    .action(async (options: { dryRun?: boolean }) => {
      const cfg = config();
      const store = openConfiguredStore(cfg);
      const mailer = createMailer({ smtpUrl: cfg.alerts.smtpUrl, from: cfg.alerts.mailFrom, mailDir: cfg.alerts.mailDir });
      try {
        const report = await withSearchTarget(cfg, async (target) => {
          // What was imported while no app ran is indexed first, so the saved searches can see it.
          await drainOutbox(store, target);
          const service = createAlertsService({
            store,
            search: createSearchService({ client: target.client, indexUid: target.indexUid, statements: store.statements }),
            mailer,
            secret: loadAlertSecret(cfg.dataDir, cfg.alerts.secret ?? undefined),
            baseUrl: cfg.baseUrl,
          });
          const holder = newLeaseHolder('cli');
          for (let waited = 0; ; waited += 500) {
            const done = await withAlertsLease(store.leases, holder, (renew) =>
              service.runOnce({ dryRun: options.dryRun, renew }),
            );
            if (done) return done;
            if (waited >= 30_000)
              throw new Error("another alert run (the app's scheduler?) is still going after 30 s; try again later");
            await new Promise((r) => setTimeout(r, 500));
          }
        });
        printAlertReport(report, mailer.destination);
        if (report.failed.length > 0) process.exitCode = 1;
      } finally {
        mailer.close();
        store.close();
      }
    });
  alerts
    .command('list')
    .description('list every subscription (address, search, frequency, status)')
    .option('--json', 'as JSON')
    .action((options: { json?: boolean }) => {
      const cfg = config();
      const store = openConfiguredStore(cfg);
      try {
        const service = createAlertsService({
          store,
          search: {
            iterateMatches: () => {
              throw new Error('not searching');
            },
          },
          mailer: createMailer({ smtpUrl: null, from: cfg.alerts.mailFrom, mailDir: cfg.alerts.mailDir }),
          secret: loadAlertSecret(cfg.dataDir, cfg.alerts.secret ?? undefined),
          baseUrl: cfg.baseUrl,
        });
        const rows = service.list();
        if (options.json) {
          console.log(
            JSON.stringify(
              rows.map(({ manage_nonce: _nonce, ...row }) => row),
              null,
              2,
            ),
          );
          return;
        }
        for (const row of rows) {
          console.log(
            `#${row.id} ${row.email} · ${row.status} · ${row.frequency} · ${row.description} · sent ${row.sent}` +
              `${row.owed > 0 ? ` · ${row.owed} owed` : ''}${row.last_sent_at ? ` · last ${row.last_sent_at}` : ''}`,
          );
        }
        console.log(`${rows.length} subscription${rows.length === 1 ? '' : 's'}`);
      } finally {
        store.close();
      }
    });
  return program;
}

function printAlertReport(report: AlertRunReport, destination: string): void {
  for (const p of report.prepared) {
    console.log(
      `${report.dryRun ? 'would send' : 'prepared'} #${p.subscriptionId} to ${p.email}: ${p.statements} new statement${p.statements === 1 ? '' : 's'}` +
        `${p.corrections > 0 ? `, ${p.corrections} correction${p.corrections === 1 ? '' : 's'}` : ''} · ${p.description}`,
    );
  }
  for (const f of report.failed) console.error(`not sent (will retry): delivery ${f.deliveryId}: ${f.error}`);
  if (report.dryRun)
    console.log(
      `dry run, nothing sent or changed: ${report.prepared.length} alert${report.prepared.length === 1 ? '' : 's'} due`,
    );
  else console.log(`sent ${report.sent} mail${report.sent === 1 ? '' : 's'} via ${destination}; ${report.failed.length} failed`);
}

try {
  await buildCli().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ImportError) {
    // The first line is the one-line reason; every further problem follows, one per line.
    console.error(`onrecord: import refused, nothing was written: ${error.message}`);
    for (const problem of error.problems.slice(1)) console.error(`  ${formatProblem(problem)}`);
  } else {
    console.error(`onrecord: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
}
