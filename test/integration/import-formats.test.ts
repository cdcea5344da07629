import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImportError } from '../../data/import/import.errors.js';
import { readImportFile } from '../../data/import/import.file.js';
import type { ImportSummary } from '../../data/import/import.plan.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { projectRoot } from '../../data/paths.js';
import { syncTopics } from '../../server/services/seed.service.js';
import { openStore, type Store } from '../../data/store.js';
import { rebuildIndex } from '../../indexer/rebuild.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';
import { runCliSync } from '../support/app-process.js';

const CSV_HEADER =
  'id,text,stance,speaker_name,role_category,measure_id,measure_title,said_on,source_id,source_type,source_title,topics';
const csvRow = (
  id: string,
  text: string,
  extra: Partial<Record<'stance' | 'said_on' | 'measure_id' | 'measure_title', string>> = {},
) =>
  [
    id,
    text,
    extra.stance ?? 'support',
    'Jordan Avery',
    'parent',
    extra.measure_id ?? 'test-measure',
    extra.measure_title ?? 'Test district resolution to end the SRO contract',
    extra.said_on ?? '2024-05-02',
    'test-source',
    'news_article',
    'Parents speak at board meeting',
    'mental-health',
  ].join(',');
const ndjson = (...records: Record<string, unknown>[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const EXAMPLES = ['statements.json', 'statements.ndjson', 'statements.csv'];

describe('importing JSON, NDJSON and CSV files', () => {
  let ctx: TestContext;
  let dir: string;
  let fileNumber = 0;

  /** Writes the content to a file with this extension and imports it as the CLI does. */
  const importFile = (content: string | Uint8Array, extension: string, store: Store = ctx.store): ImportSummary => {
    const path = join(dir, `upload-${++fileNumber}.${extension}`);
    writeFileSync(path, content);
    return createImportService(store).run({ ...readImportFile(path), provenance: { via: 'imported', by: 'test' } });
  };
  /** The problems of a refused import, as "row N, field: message". */
  const refusal = (content: string | Uint8Array, extension: string): string[] => {
    try {
      importFile(content, extension);
    } catch (error) {
      if (error instanceof ImportError) return error.problems.map((p) => `row ${p.row}, ${p.field}: ${p.message}`);
      throw error;
    }
    throw new Error('expected the import to be refused');
  };
  /** Everything an import could write: statements, entities and the index outbox. */
  const snapshot = () =>
    ctx.store.db
      .prepare(
        `SELECT
      (SELECT count(*) FROM statements) AS statements, (SELECT count(*) FROM people) AS people,
      (SELECT count(*) FROM organizations) AS organizations, (SELECT count(*) FROM measures) AS measures,
      (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM index_outbox) AS pending,
      (SELECT coalesce(max(id), 0) FROM index_outbox) AS last_outbox_id`,
      )
      .get();
  const freshStore = (): Store => {
    const store = openStore(join(mkdtempSync(join(dir, 'empty-')), 'archive.db'));
    syncTopics(store);
    return store;
  };

  beforeAll(() => {
    ctx = createTestContext();
    dir = mkdtempSync(join(tmpdir(), 'onrecord-import-'));
  });
  afterAll(async () => {
    await ctx.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an NDJSON file with a line of malformed JSON, naming the line, and writes nothing', () => {
    const before = snapshot();
    const content =
      ndjson(statementRecord({ id: 'nd-1' }), statementRecord({ id: 'nd-2', text: 'Second.' })) + '{"text": "broken",\n';
    expect(refusal(content, 'ndjson')).toEqual([expect.stringMatching(/^row 3, \(line\): is not valid JSON/)]);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a JSON array that does not parse, naming the line and column', () => {
    const before = snapshot();
    const content = `[\n${JSON.stringify(statementRecord({ id: 'js-1' }))},\n{"id": "js-2", "text": "x" "speaker": {}}\n]`;
    expect(refusal(content, 'json')).toEqual([expect.stringMatching(/^row 3, \(line\): is not valid JSON at column \d+/)]);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a CSV file with broken quoting, naming the line, and writes nothing', () => {
    const before = snapshot();
    const broken = [
      CSV_HEADER,
      csvRow('csv-q1', 'Fine words'),
      csvRow('csv-q2', 'She said "no" to it'),
      csvRow('csv-q3', 'More'),
    ].join('\n');
    expect(refusal(broken, 'csv')).toEqual([expect.stringMatching(/^row 3, \(line\): has broken quoting/)]);
    const unclosed = [
      CSV_HEADER,
      csvRow('csv-q4', 'Fine words'),
      csvRow('csv-q5', '"Never closed'),
      csvRow('csv-q6', 'More'),
    ].join('\n');
    expect(refusal(unclosed, 'csv')).toEqual(['row 3, (line): has a quoted cell that is never closed']);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a CSV file with an unknown column, naming it', () => {
    expect(refusal(`${CSV_HEADER},mood\n${csvRow('csv-u1', 'Words')},cheerful\n`, 'csv')).toEqual([
      'row 1, mood: is not a known column (see the CSV columns in the README)',
    ]);
  });

  it('refuses a wrong type in any format, naming the row and field, and writes nothing', () => {
    const before = snapshot();
    const records = [
      statementRecord({ id: 't-1' }),
      statementRecord({ id: 't-2', text: 'Two.' }),
      statementRecord({ id: 't-3', text: 'Three.', said_on: 'last Tuesday' }),
    ];
    const dateProblem = 'said_on: expected a date as YYYY, YYYY-MM or YYYY-MM-DD';
    expect(refusal(ndjson(...records), 'ndjson')).toEqual([`row 3, ${dateProblem}`]);
    expect(refusal(JSON.stringify(records), 'json')).toEqual([`row 3, ${dateProblem}`]);
    // In a CSV the header is line 1, so the second statement is on line 3.
    expect(
      refusal([CSV_HEADER, csvRow('t-1', 'One.'), csvRow('t-2', 'Two.', { said_on: 'last Tuesday' })].join('\n'), 'csv'),
    ).toEqual([`row 3, ${dateProblem}`]);
    expect(
      refusal(
        JSON.stringify([statementRecord({ id: 't-4', speaker: { name: 'A', organization: { name: 'B', state: 'Oregon' } } })]),
        'json',
      ),
    ).toEqual(['row 1, speaker.organization.state: expected a two-letter state code']);
    expect(refusal(`text,speaker_name,organization_name,organization_state,char_start\nWords,A,B,Oregon,ten\n`, 'csv')).toEqual([
      'row 2, organization_state: expected a two-letter state code',
      expect.stringMatching(/^row 2, char_start: /),
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('refuses unknown references to measures, speakers and sources, naming the row and field', () => {
    const before = snapshot();
    expect(
      refusal(
        ndjson(statementRecord({ id: 'r-1' }), statementRecord({ id: 'r-2', measure: { id: 'no-such-measure' } })),
        'ndjson',
      ),
    ).toEqual(['row 2, measure.id: unknown measure "no-such-measure"']);
    expect(refusal(JSON.stringify([statementRecord({ id: 'r-3', speaker: { id: 'nobody-known' } })]), 'json')).toEqual([
      'row 1, speaker.id: unknown speaker "nobody-known"',
    ]);
    expect(
      refusal(`id,text,speaker_name,source_id,topics\nr-4,Words,A,no-such-source,\nr-5,Words,B,,astrology\n`, 'csv'),
    ).toEqual([
      'row 2, source_id: unknown source "no-such-source"',
      'row 3, topics: unknown topic "astrology" (see data/topics.json)',
    ]);
    expect(refusal(`id,text,speaker_name,topics\nr-5,Words,B,budget;astrology\n`, 'csv')).toEqual([
      'row 2, topics: unknown topic "astrology" (see data/topics.json)',
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('refuses duplicate ids within one file', () => {
    const before = snapshot();
    expect(
      refusal(ndjson(statementRecord({ id: 'dup' }), statementRecord({ id: 'dup', text: 'Other words.' })), 'ndjson'),
    ).toEqual(['row 2, id: duplicate id "dup" (also on row 1)']);
    expect(
      refusal([CSV_HEADER, csvRow('dup', 'One.'), csvRow('other', 'Two.'), csvRow('dup', 'Three.')].join('\r\n'), 'csv'),
    ).toEqual(['row 4, id: duplicate id "dup" (also on row 2)']);
    expect(snapshot()).toEqual(before);
  });

  it('refuses text over 20,000 characters', () => {
    const before = snapshot();
    const long = 'a'.repeat(20_001);
    expect(refusal(JSON.stringify([statementRecord({ id: 'long', text: long })]), 'json')).toEqual([
      'row 1, text: must be at most 20000 characters',
    ]);
    expect(refusal([CSV_HEADER, csvRow('ok', 'Fine.'), csvRow('long', long)].join('\n'), 'csv')).toEqual([
      'row 3, text: must be at most 20000 characters',
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a file that is not UTF-8, naming the line, and writes nothing', () => {
    const before = snapshot();
    const latin1 = Buffer.concat([
      Buffer.from(`${CSV_HEADER}\n${csvRow('l-1', 'Fine.')}\n`),
      Buffer.from(csvRow('l-2', 'Caf\xe9 talk'), 'latin1'),
    ]);
    expect(refusal(latin1, 'csv')).toEqual([expect.stringMatching(/^row 3, \(file\): is not valid UTF-8 text/)]);
    const utf16 = Buffer.from(`\ufeff${JSON.stringify([statementRecord({ id: 'u16' })])}`, 'utf16le');
    expect(refusal(utf16, 'json')[0]).toMatch(/is not valid UTF-8 text|is not valid JSON/);
    expect(snapshot()).toEqual(before);
  });

  it('stores script payloads as text and renders them inert on the permalink', async () => {
    const payload = '<script>alert("owned")</script><img src=x onerror="alert(1)"> We want counselors.';
    importFile(ndjson(statementRecord({ id: 'xss-ndjson', text: payload })), 'ndjson');
    importFile(
      `id,text,speaker_name,context\nxss-csv,"${payload.replaceAll('"', '""')}",Jordan Avery,"<b>bold</b> context"\n`,
      'csv',
    );
    for (const id of ['xss-ndjson', 'xss-csv']) {
      expect(ctx.store.statements.findById(id)?.text).toBe(payload);
      const page = await request(ctx.app).get(`/statements/${id}`).set('Accept', 'text/html').expect(200);
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).toContain('&lt;script&gt;alert(');
    }
    expect(ctx.store.statements.findById('xss-csv')?.context).toBe('<b>bold</b> context');
  });

  it('changes nothing when the same file is imported again: all unchanged, outbox untouched', () => {
    const csv = [
      CSV_HEADER,
      csvRow('again-1', 'Once.'),
      csvRow('again-2', 'Twice.', { stance: 'oppose', said_on: '2024-05' }),
    ].join('\n');
    const json = JSON.stringify([
      statementRecord({ id: 'again-3', text: 'Thrice.' }),
      statementRecord({ id: 'again-4', text: 'Four times.' }),
    ]);
    const nd = ndjson(statementRecord({ id: 'again-5', text: 'Five.' }));
    for (const [content, extension, n] of [
      [csv, 'csv', 2],
      [json, 'json', 2],
      [nd, 'ndjson', 1],
    ] as const) {
      expect(importFile(content, extension).statements.created).toBe(n);
      const before = snapshot();
      const again = importFile(content, extension);
      expect(again.statements).toEqual({ created: 0, updated: 0, unchanged: n });
      for (const counts of Object.values(again.entities)) expect(counts.created + counts.updated).toBe(0);
      expect(snapshot()).toEqual(before);
    }
  });

  for (const example of EXAMPLES) {
    it(`imports data/examples/${example} cleanly into an empty archive, and again without change`, () => {
      const store = freshStore();
      try {
        const content = readFileSync(join(projectRoot, 'data/examples', example));
        const first = importFile(content, example.split('.').pop() as string, store);
        expect(first.statements.created).toBeGreaterThanOrEqual(3);
        expect(first.statements.created).toBe(store.statements.countPublished());
        expect(first.entities.people.created + first.entities.organizations.created).toBeGreaterThan(0);
        expect(first.entities.measures.created).toBe(1);
        const second = importFile(content, example.split('.').pop() as string, store);
        expect(second.statements).toEqual({ created: 0, updated: 0, unchanged: first.statements.created });
      } finally {
        store.close();
      }
    });
  }

  it('imports all three example files into one archive, where they share their entities', () => {
    const store = freshStore();
    try {
      for (const example of EXAMPLES)
        importFile(readFileSync(join(projectRoot, 'data/examples', example)), example.split('.').pop() as string, store);
      expect(store.statements.countPublished()).toBe(10);
      expect(store.db.prepare('SELECT count(*) FROM measures').pluck().get()).toBe(1);
      // A quote found in its source's stored text is verified.
      expect(store.statements.findById('ex-json-okafor-counselor')?.verified).toBe(true);
    } finally {
      store.close();
    }
  });

  it('re-imports a CSV exported from /export/search.csv into the same archive without changing anything', async () => {
    for (const example of EXAMPLES)
      importFile(readFileSync(join(projectRoot, 'data/examples', example)), example.split('.').pop() as string);
    await rebuildIndex(ctx.store, ctx.target);
    const exported = await request(ctx.app).get('/export/search.csv?q=').expect(200);
    const rows = exported.text.trim().split(/\r\n(?=[A-Za-z0-9_-]+,http)/).length - 1;
    expect(rows).toBe(ctx.store.statements.countPublished());
    const before = snapshot();
    const summary = importFile(exported.text, 'csv');
    expect(summary.statements).toEqual({ created: 0, updated: 0, unchanged: ctx.store.statements.countPublished() });
    expect(snapshot()).toEqual(before);
  });

  it('rebuilds the same statements in an empty archive from a CSV exported from /export/search.csv', async () => {
    await rebuildIndex(ctx.store, ctx.target);
    const exported = await request(ctx.app).get('/export/search.csv?q=').expect(200);
    const empty = freshStore();
    const summary = importFile(exported.text, 'csv', empty);
    const count = ctx.store.statements.countPublished();
    expect(summary.statements).toEqual({ created: count, updated: 0, unchanged: 0 });
    // What a CSV row carries; other sources (also_in) and the source's stored text do not travel in a row.
    const carried = (store: Store) =>
      store.statements.listPublished(0, count).map((s) => ({
        id: s.id,
        text: s.text,
        kind: s.kind,
        stance: s.stance,
        said_on: s.said_on,
        context: s.context,
        topics: s.topics,
        speaker: { ...s.speaker, organization: s.speaker.organization?.id ?? null },
        measure: s.measure?.id ?? null,
        meeting: s.meeting?.id ?? null,
        source: s.source,
        position: s.position,
      }));
    expect(carried(empty)).toEqual(carried(ctx.store));
    empty.close();
  });

  it('imports a CSV from the command line, and exits non-zero listing every problem of a bad one', () => {
    const dataDir = mkdtempSync(join(dir, 'cli-'));
    const run = (file: string) =>
      runCliSync(['import', file], { DATA_DIR: dataDir, MEILI_URL: inject('meiliUrl'), MEILI_MASTER_KEY: inject('meiliKey') });
    const good = run(join(projectRoot, 'data/examples/statements.csv'));
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('imported statements: 3 created, 0 updated, 0 unchanged');
    expect(good.stdout).toMatch(/people: 2 created/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [CSV_HEADER, csvRow('b-1', 'One.', { stance: 'sort of' }), csvRow('b-2', 'Two.', { said_on: 'soon' })].join('\n'),
    );
    const refused = run(bad);
    expect(refused.status).toBe(1);
    expect(
      refused.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('import')),
    ).toEqual([
      'onrecord: import refused, nothing was written: row 2, stance: expected one of support, oppose, mixed, neutral, unclear (and 1 more problem)',
      '  row 3, said_on: expected a date as YYYY, YYYY-MM or YYYY-MM-DD',
    ]);
  });
});
