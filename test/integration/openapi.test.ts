import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareIndex } from '../../indexer/rebuild.js';
import { parseImportText } from '../../data/import/import.file.js';
import { openStore } from '../../data/store.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed, syncTopics } from '../../server/services/seed.service.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}
type OpenApi = Json & { paths: Record<string, { get: Operation }>; components: { schemas: Record<string, Json> } };

describe('OpenAPI description of the JSON API', () => {
  let ctx: TestContext;
  let document: OpenApi;
  let ajv: Ajv2020;
  const validators = new Map<string, ValidateFunction>();
  /** Every documented path a test below asked for, with the status it checked. */
  const exercised = new Set<string>();

  /** The document's schema for a path's response (status, media type), compiled once. */
  function responseValidator(path: string, status: number, media = 'application/json'): ValidateFunction {
    const key = `${path} ${status} ${media}`;
    const cached = validators.get(key);
    if (cached) return cached;
    const schema = document.paths[path]?.get.responses[String(status)]?.content?.[media]?.schema;
    if (!schema) throw new Error(`the document gives no ${media} schema for ${status} from ${path}`);
    // Component references resolve against the document, registered under its own URL.
    const compiled = ajv.compile(rebase(schema));
    validators.set(key, compiled);
    return compiled;
  }
  // The component schemas are registered as $defs of one schema named openapi.json (strict ajv
  // knows no "components" keyword), and references are pointed there.
  const rebase = <T>(schema: T): T =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"openapi.json#/$defs/')) as T;
  const componentValidator = (name: string) => ajv.getSchema(`openapi.json#/$defs/${name}`);

  /** GETs a URL, checks the status, and checks the JSON body against the document's schema for it. */
  async function check(path: string, url: string, status = 200): Promise<Json> {
    const res = await request(ctx.app).get(url);
    expect(res.status, `${url}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(status);
    expect(res.type).toBe('application/json');
    const validate = responseValidator(path, status);
    expect(validate(res.body) ? [] : validate.errors, `${url} against the document`).toEqual([]);
    exercised.add(`${path} ${status}`);
    return res.body as Json;
  }

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    createImportService(ctx.store).run({
      statements: [
        {
          row: 1,
          value: statementRecord({
            id: 'spanish-testimony',
            text: 'Necesitamos más consejeros en las escuelas, no más policías.',
            language: 'es',
            meeting: { id: 'test-meeting', title: 'Test board meeting', date: '2024-03', location: 'Room 101, Test Hall' },
          }),
        },
        { row: 2, value: statementRecord({ id: 'to-retract', text: 'Retract these words, please.' }) },
      ],
    });
    await prepareIndex(ctx.store, ctx.target);
    // "Did you mean" reads the vocabulary main.ts builds at start-up.
    await ctx.deps.vocabulary.refresh();
    document = (await request(ctx.app).get('/api/openapi.json').expect(200)).body as OpenApi;
    ajv = addFormats(new Ajv2020({ strict: true, allErrors: true, strictTypes: false }));
    ajv.addSchema({ $id: 'openapi.json', $defs: rebase(document.components.schemas) });
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('is a valid OpenAPI 3.1 document (checked by @seriousme/openapi-schema-validator)', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: TEST_BASE_URL }]);
  });

  it('has component schemas that compile as strict JSON Schema 2020-12', () => {
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => componentValidator(name), name).not.toThrow();
      expect(componentValidator(name), name).toBeTypeOf('function');
    }
  });

  it('describes lists, details, search, citations, exports and health', () => {
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/search',
        '/api/statements',
        '/api/statements/{id}',
        '/api/statements/{id}/citation',
        '/api/speakers',
        '/api/speakers/{id}',
        '/api/organizations',
        '/api/meetings',
        '/api/meetings/{id}',
        '/api/measures',
        '/api/measures/{id}',
        '/api/sources',
        '/api/sources/{id}',
        '/api/topics',
        '/api/openapi.json',
        '/healthz',
        '/export/search.csv',
        '/export/search.ndjson',
        '/export/popolo.json',
        '/feeds/search.atom',
      ].sort(),
    );
    const meetingParams = document.paths['/api/meetings']?.get.parameters?.map((p) => p.name);
    expect(meetingParams).toEqual(['body', 'place', 'from', 'to', 'page', 'per_page']);
  });

  it('answers every list endpoint with JSON the document describes', async () => {
    const speakers = await check('/api/speakers', '/api/speakers?per_page=100');
    const organizations = await check('/api/organizations', '/api/organizations?per_page=100');
    const meetings = await check('/api/meetings', '/api/meetings?per_page=100');
    const measures = await check('/api/measures', '/api/measures?per_page=100');
    const sources = await check('/api/sources', '/api/sources?per_page=100');
    const topics = await check('/api/topics', '/api/topics');
    const statements = await check('/api/statements', '/api/statements?per_page=100');
    for (const [name, list] of Object.entries({ speakers, organizations, meetings, measures, sources, topics, statements })) {
      const items = list.items as Json[];
      expect(items.length, name).toBeGreaterThan(0);
      ids[name] = String(items[0]?.id ?? items[0]?.slug);
    }
    expect((statements.items as Json[]).find((s) => s.id === 'spanish-testimony')).toMatchObject({
      language: 'es',
      entered_via: 'imported',
    });
  });

  it('answers every detail endpoint, search and health with JSON the document describes', async () => {
    await check('/api/speakers/{id}', `/api/speakers/${ids.speakers}`);
    await check('/api/meetings/{id}', `/api/meetings/${ids.meetings}`);
    await check('/api/measures/{id}', `/api/measures/${ids.measures}`);
    await check('/api/sources/{id}', `/api/sources/${ids.sources}`);
    const statement = await check('/api/statements/{id}', `/api/statements/${ids.statements}`);
    expect(statement).toHaveProperty('entered_via');
    expect(statement).toHaveProperty('entered_by');
    const search = await check('/api/search', '/api/search?q=police&stance=oppose&per_page=5');
    expect((search.items as Json[]).length).toBeGreaterThan(0);
    // A misspelling: did_you_mean is filled in, and checked too.
    expect((await check('/api/search', '/api/search?q=folice')).did_you_mean).not.toEqual([]);
    await check('/healthz', '/healthz');
    await check('/api/openapi.json', '/api/openapi.json');
  });

  /** A documented path with its {id} filled in by a real one from the lists. */
  const concrete = (path: string) => {
    const list = /^\/api\/(\w+)\/\{id\}/.exec(path)?.[1];
    return list ? path.replace('{id}', ids[list] ?? 'missing') : path;
  };

  it('answers a bad or unknown parameter on every endpoint with a 400 naming it, in the documented envelope', async () => {
    const withParameters = Object.keys(document.paths).filter((p) => document.paths[p]?.get.responses['400']);
    expect(withParameters.length).toBeGreaterThan(15);
    for (const path of withParameters) {
      const url = `${concrete(path)}?${path.endsWith('/citation') ? 'style=apa&' : ''}bogus=1`;
      if (path.startsWith('/api/')) {
        const body = await check(path, url, 400);
        expect(body.error, path).toMatchObject({ code: 'invalid_parameter', param: 'bogus' });
      } else {
        // Exports and the feed answer their errors in the same JSON envelope.
        const res = await request(ctx.app).get(url).set('Accept', 'application/json').expect(400);
        expect(res.body.error, path).toMatchObject({ code: 'invalid_parameter', param: 'bogus' });
      }
    }
    const badDate = await check('/api/meetings', '/api/meetings?from=2024-13', 400);
    expect(badDate.error).toMatchObject({ param: 'from' });
  });

  it('answers an unknown id with the documented 404, and a retracted statement with the documented 410', async () => {
    for (const path of [
      '/api/speakers/{id}',
      '/api/meetings/{id}',
      '/api/measures/{id}',
      '/api/sources/{id}',
      '/api/statements/{id}',
    ]) {
      await check(path, path.replace('{id}', 'no-such-thing'), 404);
    }
    await check('/api/statements/{id}/citation', '/api/statements/no-such-thing/citation?style=apa', 404);
    expect(ctx.store.statements.retract('to-retract', 'Misattributed.', '2026-01-02')).toBeTruthy();
    const gone = await check('/api/statements/{id}', '/api/statements/to-retract', 410);
    expect(gone.error).toMatchObject({ code: 'retracted', reason: 'Misattributed.' });
    expect(JSON.stringify(gone)).not.toContain('Retract these words');
  });

  it('serves citations and exports in the documented media types; NDJSON lines are Statements', async () => {
    const citation = await request(ctx.app).get(`/api/statements/${ids.statements}/citation?style=bibtex`).expect(200);
    expect(Object.keys(document.paths['/api/statements/{id}/citation']?.get.responses['200']?.content ?? {})).toContain(
      citation.type,
    );
    exercised.add('/api/statements/{id}/citation 200');
    const ndjson = await request(ctx.app).get('/export/search.ndjson?q=').expect(200);
    expect(ndjson.type).toBe('application/x-ndjson');
    const validate = componentValidator('Statement') as ValidateFunction;
    const lines = ndjson.text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(validate(JSON.parse(line)) ? [] : validate.errors).toEqual([]);
    exercised.add('/export/search.ndjson 200');
    const csv = await request(ctx.app).get('/export/search.csv?q=').expect(200);
    expect(csv.type).toBe('text/csv');
    exercised.add('/export/search.csv 200');
    const atom = await request(ctx.app).get('/feeds/search.atom?q=police').expect(200);
    expect(atom.type).toBe('application/atom+xml');
    exercised.add('/feeds/search.atom 200');
    const popolo = await request(ctx.app).get('/export/popolo.json').expect(200);
    expect(popolo.type).toBe('application/json');
    expect(JSON.parse(popolo.text)).toHaveProperty('speeches');
    exercised.add('/export/popolo.json 200');
  });

  it('exports language and provenance as CSV columns, and a CSV round trip keeps es as es', async () => {
    const csv = (await request(ctx.app).get('/export/search.csv?q=').expect(200)).text;
    const rows = parse<Record<string, string>>(csv, { columns: true, bom: true });
    expect(Object.keys(rows[0] ?? {})).toEqual(expect.arrayContaining(['language', 'entered_via', 'entered_by']));
    expect(rows.find((r) => r.id === 'spanish-testimony')).toMatchObject({ language: 'es', entered_via: 'imported' });
    expect(rows.filter((r) => r.entered_via === 'seed').length).toBeGreaterThan(10);

    const copy = openStore(join(ctx.dir, 'round-trip.db'));
    try {
      syncTopics(copy);
      createImportService(copy).run(parseImportText(csv, 'export.csv'));
      const original = new Map(rows.map((r) => [r.id, r.language]));
      const imported = copy.statements.listPublished(0, 1000);
      expect(imported).toHaveLength(rows.length);
      expect(imported.find((s) => s.id === 'spanish-testimony')?.language).toBe('es');
      for (const statement of imported) expect(statement.language, statement.id).toBe(original.get(statement.id));
    } finally {
      copy.close();
    }
  });

  it('asked every documented path for a success', () => {
    const succeeded = new Set([...exercised].filter((e) => e.endsWith(' 200')).map((e) => e.slice(0, -4)));
    expect([...succeeded].sort()).toEqual(Object.keys(document.paths).sort());
  });
});
