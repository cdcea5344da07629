import request from 'supertest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../data/import/import.errors.js';
import { parseImportText } from '../../data/import/import.file.js';
import { exportPopolo } from '../../data/popolo/popolo.export.js';
import { popoloToImportPlan } from '../../data/popolo/popolo.import.js';
import { openStore } from '../../data/store.js';
import { syncTopics } from '../../server/services/seed.service.js';
import { join } from 'node:path';
import { drainOutbox } from '../../indexer/outbox.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { createIngestService, IngestRefusal } from '../../server/services/ingest.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';
import { signedInAgent } from '../support/curator-agent.js';

// Issue 14, points 1, 2, 5, 6 and 7, through the real app: a temp SQLite archive, the real
// Meilisearch of the run, supertest against createApp.

const PASSWORD = 'correct horse battery staple';
const SOURCE_TEXT =
  'The board heard from parents for two hours.\n\n' +
  'Jordan Avery, a parent, said: “We need more counselors in our schools, not more police.”\n\n' +
  'Officer Dana Reyes answered that response times would suffer without officers on campus.';

type Agent = ReturnType<typeof request.agent>;

/** Visible text of an HTML fragment, tags dropped and entities of interest decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The `<title>` and the content of every og:/twitter: meta tag of a page. */
function headTexts(html: string): string[] {
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
  const metas = [...html.matchAll(/<meta (?:name|property)="(?:og|twitter):[^"]+" content="([^"]*)"/g)].map((m) => m[1] ?? '');
  return [title, ...metas];
}

const QUOTE_MARKS = /[“”"„«»]|&quot;|&#34;/;
/** Words presented as a quote: a headline ending in a quotation in marks ("Name: “…”"). */
const QUOTED_WORDS = /:\s*(?:[“"„«]|&quot;|&#34;).*(?:[”"»]|&quot;|&#34;)\s*$/;

function refusal(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportError) return error.problems.map((p) => `row ${p.row}, ${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe('every quote true to its source', () => {
  let ctx: TestContext;
  let agent: Agent;
  let csrf: string;
  const permalink = (id: string) => request(ctx.app).get(`/statements/${id}`).set('Accept', 'text/html');
  const count = (sql: string) => ctx.store.db.prepare(sql).pluck().get() as number;
  /** An edit carries the version stored now, as a form loaded just before would (optimistic concurrency). */
  const post = (path: string, form: Record<string, unknown>) => {
    const edit = /^\/admin\/statements\/([^/]+)\/edit$/.exec(path);
    const version = edit ? ctx.store.versions.current('statement', decodeURIComponent(edit[1] as string)) : undefined;
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, ...(version === undefined ? {} : { version: String(version) }), ...form });
  };

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    createImportService(ctx.store).run({
      sources: [
        {
          row: 1,
          value: {
            id: 'stored-story',
            type: 'news_article',
            title: 'Parents pack board',
            outlet: 'Test Gazette',
            text: SOURCE_TEXT,
          },
        },
        { row: 2, value: { id: 'unstored-story', type: 'news_article', title: 'No copy kept', outlet: 'Test Gazette' } },
      ],
      statements: [
        // Found word for word (typography aside).
        { row: 3, value: statementRecord({ id: 'v-found', source: { id: 'stored-story' } }) },
        // The source is stored, the words are not in it.
        {
          row: 4,
          value: statementRecord({ id: 'v-not-found', text: 'We need ninety more counselors.', source: { id: 'stored-story' } }),
        },
        // Nothing stored to check against.
        {
          row: 5,
          value: statementRecord({
            id: 'v-unchecked',
            text: 'Words from an article we keep no copy of.',
            source: { id: 'unstored-story' },
          }),
        },
        {
          row: 6,
          value: statementRecord({
            id: 'to-retract',
            text: 'Words that were never said by this speaker',
            speaker: { id: 'sam-ortiz', name: 'Sam Ortiz', role: 'board member', role_category: 'board_member' },
            source: { id: 'unstored-story' },
          }),
        },
      ],
    });
    await prepareIndex(ctx.store, ctx.target);
    ({ agent, csrf } = await signedInAgent(ctx.app, { password: PASSWORD, formPage: '/admin/statements/new' }));
  }, 120_000);
  afterAll(async () => {
    await ctx.cleanup();
  });

  describe('1. quote vs paraphrase', () => {
    it('never puts a paraphrase in quotation marks or calls it verbatim: title, og/twitter tags, page', async () => {
      const res = await permalink('rose-resolution-shortsighted').expect(200);
      for (const text of headTexts(res.text)) {
        expect(text).not.toMatch(QUOTE_MARKS);
        expect(text.toLowerCase()).not.toContain('verbatim');
      }
      expect(headTexts(res.text)[0]).toContain('Dave Rose, paraphrased by');
      expect(res.text).not.toContain('data-testid="verified"');
      expect(res.text).not.toContain('data-testid="verbatim-warning"');
      const status = /data-testid="verbatim-status">([^<]*)</.exec(res.text)?.[1] ?? '';
      expect(status.toLowerCase()).not.toContain('verbatim');
      // A quote keeps its quotation marks.
      const quote = await permalink('v-found').expect(200);
      expect(headTexts(quote.text)[0]).toMatch(/^Jordan Avery: “We need more counselors/);
    });

    it('gives paraphrase cards no verbatim badge, and quote cards theirs', async () => {
      const res = await request(ctx.app).get('/search?q=shortsighted').expect(200);
      const cards = res.text.split('data-testid="statement-card"').slice(1);
      const rose = cards.find((card) => card.includes('Dave Rose')) as string;
      expect(rose).toBeDefined();
      expect(rose).toContain('Paraphrase:');
      expect(rose.toLowerCase()).not.toContain('verbatim');
      const found = (await request(ctx.app).get('/search?q=counselors%20police').expect(200)).text;
      expect(found).toContain('data-testid="verbatim-found"');
    });

    it('never quotes a paraphrase in the Atom feed; CSV marks it and says it is not verbatim', async () => {
      const xml = (await request(ctx.app).get('/feeds/search.atom?kind=paraphrase').expect(200)).text;
      const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
        feed: { entry: { title: string | { '#text': string }; content: string | { '#text': string } }[] };
      };
      const text = (v: string | { '#text': string }) => (typeof v === 'string' ? v : v['#text']);
      expect(feed.feed.entry.length).toBeGreaterThan(0);
      for (const entry of feed.feed.entry) {
        // A paraphrase may hold a few of the source's quoted words; it is never itself presented as a quote.
        expect(text(entry.title)).not.toMatch(QUOTED_WORDS);
        expect(text(entry.title)).toContain('paraphrased');
        expect(text(entry.content)).not.toContain('<blockquote>');
        expect(text(entry.content).toLowerCase()).not.toContain('verbatim');
      }
      const csv = (await request(ctx.app).get('/export/search.csv?kind=paraphrase').expect(200)).text;
      const rows = parseCsv<Record<string, string>>(csv, { columns: true });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.kind).toBe('paraphrase');
        expect(row.verified).toBe('false');
      }
    });
  });

  describe('2. verbatim status', () => {
    it('computes found / not_found / no_source_text on write, and shows each on the page, in the API and exports', async () => {
      const expected = { 'v-found': 'found', 'v-not-found': 'not_found', 'v-unchecked': 'no_source_text' } as const;
      for (const [id, status] of Object.entries(expected)) {
        expect(ctx.store.statements.findById(id)?.verbatim_status, id).toBe(status);
        const api = await request(ctx.app).get(`/api/statements/${id}`).expect(200);
        expect(api.body.verbatim_status, id).toBe(status);
      }
      const found = await permalink('v-found').expect(200);
      expect(found.text).toContain('data-testid="verified"');
      expect(found.text).toContain('data-testid="passage"');
      expect(found.text).toContain('Found word for word in the stored source text');

      const notFound = await permalink('v-not-found').expect(200);
      expect(notFound.text).toContain('data-testid="verbatim-warning"');
      expect(visibleText(notFound.text)).toContain('NOT found in the stored source text');
      expect(notFound.text).toContain('data-testid="passage-missing"');
      expect(notFound.text).not.toContain('data-testid="verified"');

      const unchecked = await permalink('v-unchecked').expect(200);
      expect(unchecked.text).not.toContain('data-testid="verbatim-warning"');
      expect(unchecked.text).toContain('No stored source text to check against');

      const csv = parseCsv<Record<string, string>>(
        (await request(ctx.app).get('/export/search.csv?measure=test-measure').expect(200)).text,
        { columns: true },
      );
      const byId = new Map(csv.map((row) => [row.id, row.verbatim_status]));
      expect(byId.get('v-found')).toBe('found');
      expect(byId.get('v-not-found')).toBe('not_found');
      expect(byId.get('v-unchecked')).toBe('no_source_text');
      const ndjson = (await request(ctx.app).get('/export/search.ndjson?measure=test-measure').expect(200)).text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; verbatim_status: string });
      expect(ndjson.find((s) => s.id === 'v-not-found')?.verbatim_status).toBe('not_found');
    });

    it('asks the editor to confirm a new quote whose words are not in the stored source; nothing is saved until then', async () => {
      const form = {
        text: 'Counselors cost less than officers, and they stay.',
        kind: 'quote',
        stance: 'support',
        speaker_type: 'person',
        speaker: 'Jordan Avery',
        role: 'parent',
        role_category: 'parent',
        measure: 'test-measure',
        source: 'stored-story',
        topics: ['budget'],
      };
      const before = count('SELECT count(*) FROM statements');
      const refused = await post('/admin/statements/new', form).expect(400);
      expect(refused.text).toContain('data-testid="error-confirm_not_found"');
      expect(count('SELECT count(*) FROM statements')).toBe(before);
      const saved = await post('/admin/statements/new', { ...form, confirm_not_found: 'yes' }).expect(303);
      const id = /statements\/([^/]+)\/edit/.exec(String(saved.headers.location))?.[1] as string;
      expect(ctx.store.statements.findById(id)?.verbatim_status).toBe('not_found');
    });

    it('records a change of a published quote’s words as a public correction: old and new words, when and why', async () => {
      const id = 'v-unchecked';
      const form = {
        text: 'Words from an article we keep no copy of, corrected.',
        kind: 'quote',
        stance: 'support',
        speaker_type: 'person',
        speaker: ctx.store.statements.findById(id)?.speaker.id,
        role: 'parent',
        role_category: 'parent',
        measure: 'test-measure',
        source: 'unstored-story',
        topics: ['mental-health'],
      };
      const refused = await post(`/admin/statements/${id}/edit`, form).expect(400);
      expect(refused.text).toContain('data-testid="error-correction_reason"');
      await post(`/admin/statements/${id}/edit`, {
        ...form,
        correction_reason: 'The article’s print edition has a longer sentence.',
      }).expect(303);
      const page = await permalink(id).expect(200);
      const notice = page.text.slice(page.text.indexOf('data-testid="corrections"'), page.text.indexOf('data-testid="quote"'));
      expect(notice).toContain(`data-testid="correction-old">Words from an article we keep no copy of.<`);
      expect(notice).toContain('data-testid="correction-new">Words from an article we keep no copy of, corrected.<');
      expect(visibleText(notice)).toContain('The article’s print edition has a longer sentence.');
      expect(visibleText(notice)).toMatch(/[A-Z][a-z]+ \d{1,2}, \d{4}:/);
      const api = await request(ctx.app).get(`/api/statements/${id}`).expect(200);
      expect(api.body.corrections).toEqual([
        {
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          note: 'The article’s print edition has a longer sentence.',
          old_text: 'Words from an article we keep no copy of.',
          new_text: 'Words from an article we keep no copy of, corrected.',
        },
      ]);
      // The whole-archive export carries both versions into another archive.
      const copy = openStore(join(ctx.dir, 'copy.db'));
      try {
        syncTopics(copy);
        const document = JSON.parse(JSON.stringify(exportPopolo(ctx.store.db))) as Parameters<typeof popoloToImportPlan>[0];
        createImportService(copy).run(popoloToImportPlan(document));
        expect(copy.statements.findById(id)?.corrections).toEqual([
          expect.objectContaining({
            old_text: 'Words from an article we keep no copy of.',
            new_text: 'Words from an article we keep no copy of, corrected.',
          }),
        ]);
        expect(copy.statements.findById('v-not-found')?.verbatim_status).toBe('not_found');
      } finally {
        copy.close();
      }
    });
  });

  describe('5. retractions and feeds', () => {
    beforeAll(async () => {
      ctx.store.transaction(() =>
        ctx.store.statements.retract('to-retract', 'Misattributed: the words were the moderator’s', '2026-11-30'),
      );
      await drainOutbox(ctx.store, ctx.target);
    });

    it('answers 410 with a tombstone naming speaker, source, date and reason, never the words', async () => {
      const res = await permalink('to-retract').expect(410).expect('Content-Type', /html/);
      const text = visibleText(res.text);
      expect(res.text).toContain('data-testid="tombstone"');
      expect(text).toContain('Sam Ortiz');
      expect(text).toContain('No copy kept');
      expect(text).toContain('Test Gazette');
      expect(text).toContain('November 30, 2026');
      expect(text).toContain('Misattributed: the words were the moderator’s');
      expect(res.text).not.toContain('Words that were never said');
      const api = await request(ctx.app).get('/api/statements/to-retract').expect(410);
      expect(api.body.error).toMatchObject({
        code: 'retracted',
        speaker: { id: 'sam-ortiz', name: 'Sam Ortiz' },
        source: { id: 'unstored-story', title: 'No copy kept' },
        retracted_on: '2026-11-30',
      });
      expect(JSON.stringify(api.body)).not.toContain('never said');
    });

    it('carries retractions as RFC 6721 deleted entries in a feed a strict XML parser reads', async () => {
      const xml = (await request(ctx.app).get('/feeds/search.atom?measure=test-measure').expect(200)).text;
      expect(XMLValidator.validate(xml)).toBe(true);
      const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
        feed: {
          'xmlns:at': string;
          title: string;
          updated: string;
          entry: { id: string }[];
          'at:deleted-entry': { ref: string; when: string; 'at:comment': string } | { ref: string; when: string }[];
        };
      };
      expect(feed.feed['xmlns:at']).toBe('http://purl.org/atompub/tombstones/1.0');
      const deleted = ([] as { ref: string; when: string; 'at:comment'?: string }[]).concat(feed.feed['at:deleted-entry']);
      expect(deleted).toContainEqual(
        expect.objectContaining({
          ref: `${TEST_BASE_URL}/statements/to-retract`,
          when: '2026-11-30T00:00:00.000Z',
          'at:comment': 'Retracted: Misattributed: the words were the moderator’s',
        }),
      );
      expect(xml).not.toContain('never said');
      expect(feed.feed.entry.map((e) => e.id)).not.toContain(`${TEST_BASE_URL}/statements/to-retract`);
      // The title names the filter by its label.
      expect(feed.feed.title).toBe('On Record: statements — Measure: Test district resolution to end the SRO contract');
    });

    it('names the filters in the feed title and never says 1970 for an empty feed', async () => {
      const xml = (await request(ctx.app).get('/feeds/search.atom?q=zzzyxnothing&stance=mixed').expect(200)).text;
      expect(XMLValidator.validate(xml)).toBe(true);
      const feed = new XMLParser().parse(xml) as { feed: { title: string; updated: string; entry?: unknown } };
      expect(feed.feed.entry).toBeUndefined();
      expect(feed.feed.title).toBe('On Record: “zzzyxnothing” — Stance: Mixed');
      expect(feed.feed.updated.startsWith('1970')).toBe(false);
      expect(new Date(feed.feed.updated).getFullYear()).toBeGreaterThanOrEqual(2026);
    });

    it('links the search page to its feed for autodiscovery, titled with the filters', async () => {
      const res = await request(ctx.app).get('/search?q=police&stance=oppose').expect(200);
      const link = /<link rel="alternate" type="application\/atom\+xml" title="([^"]*)" href="([^"]*)">/.exec(res.text);
      expect(link?.[1]).toBe('On Record: “police” — Stance: Opposes');
      expect(link?.[2]).toBe('/feeds/search.atom?q=police&amp;stance=oppose');
      await request(ctx.app)
        .get(String(link?.[2]).replace(/&amp;/g, '&'))
        .expect(200)
        .expect('Content-Type', /atom\+xml/);
    });
  });

  describe('6. text hygiene', () => {
    it('refuses control characters, U+FFFE and lone surrogates in CSV and JSON imports, naming row and field', () => {
      const before = count('SELECT count(*) FROM statements');
      const csv =
        'id,text,speaker_name\r\nc-1,Fine words,Ann Lee\r\nc-2,Ring \u0007 the bell,Ann Lee\r\nc-3,Fine,Esc\u001b Person\r\n';
      expect(refusal(() => createImportService(ctx.store).run(parseImportText(csv, 'x.csv')))).toEqual([
        'row 3, text: contains U+0007 (BEL, the bell) at character 6; remove it (only letters, punctuation, spaces, tabs and line breaks are kept)',
        'row 4, speaker_name: contains U+001B (ESC, the escape character) at character 4; remove it (only letters, punctuation, spaces, tabs and line breaks are kept)',
      ]);
      const json = JSON.stringify([
        statementRecord({ id: 'j-1', text: 'A noncharacter \uFFFE here' }),
        statementRecord({ id: 'j-2', context: 'Lone \uD800 half' }),
        statementRecord({ id: 'j-3', text: 'NUL \u0000 byte' }),
      ]);
      expect(refusal(() => createImportService(ctx.store).run(parseImportText(json, 'x.json')))).toEqual([
        expect.stringMatching(/^row 1, text: contains U\+FFFE/),
        expect.stringMatching(/^row 2, context: contains U\+D800 \(half of a surrogate pair, alone\)/),
        expect.stringMatching(/^row 3, text: contains U\+0000 \(NUL\)/),
      ]);
      expect(count('SELECT count(*) FROM statements')).toBe(before);
    });

    it('refuses a control character in the statement form and an entity form, naming the field', async () => {
      const res = await post('/admin/statements/new', {
        text: 'Hidden \u001b[31m escape',
        kind: 'quote',
        stance: 'support',
        speaker_type: 'person',
        speaker: 'Jordan Avery',
      }).expect(400);
      expect(res.text).toMatch(/data-testid="error-text">[^<]*U\+001B/);
      const person = await post('/admin/people/new', { name: 'Bell\u0007 Ringer' }).expect(400);
      expect(person.text).toMatch(/data-testid="error-name">[^<]*U\+0007/);
      expect(ctx.store.people.findById('bell-ringer')).toBeUndefined();
    });

    it('refuses a document with a control character at ingest, naming the line, and a detail field by name', () => {
      const ingest = createIngestService(ctx.store);
      const details = { title: 'Board meeting', outlet: null, author: null, url: null, published_on: null };
      const refusedWith = (fn: () => unknown): { field: string; message: string } => {
        try {
          fn();
        } catch (error) {
          if (error instanceof IngestRefusal) return { field: error.field, message: error.message };
          throw error;
        }
        throw new Error('expected the document to be refused');
      };
      const before = count('SELECT count(*) FROM sources');
      expect(
        refusedWith(() => ingest.ingest({ content: 'Line one.\nAnn Lee said: “Ring\u0007 the bell.”\n', details, by: 'test' })),
      ).toEqual({
        field: 'content',
        message: expect.stringMatching(/^The document, line 2, contains U\+0007 \(BEL, the bell\)/),
      });
      expect(
        refusedWith(() =>
          ingest.ingest({ content: 'Ann Lee said: “Fine.”', details: { ...details, outlet: 'Gazette\u001b' }, by: 'test' }),
        ),
      ).toEqual({ field: 'outlet', message: expect.stringMatching(/^This field contains U\+001B/) });
      expect(count('SELECT count(*) FROM sources')).toBe(before);
    });

    it('refuses a form body that is not UTF-8 with a 400 naming the field, and stores nothing', async () => {
      const before = count('SELECT count(*) FROM statements');
      const body = `_csrf=${encodeURIComponent(csrf)}&text=Caf%E9+au+lait&kind=quote&stance=support&speaker_type=person&speaker=Jordan+Avery`;
      const res = await agent.post('/admin/statements/new').type('form').set('Accept', 'text/html').send(body).expect(400);
      expect(visibleText(res.text)).toContain('The form field "text" is not valid UTF-8 text');
      const json = await agent
        .post('/admin/statements/new')
        .type('form')
        .set('Accept', 'application/json')
        .send(body)
        .expect(400);
      expect(json.body.error).toMatchObject({ code: 'invalid_encoding', param: 'text' });
      expect(count('SELECT count(*) FROM statements')).toBe(before);
      // Valid UTF-8, percent-encoded, is of course fine.
      const ok = `_csrf=${encodeURIComponent(csrf)}&text=${encodeURIComponent('Café au lait for every counselor.')}&kind=quote&stance=support&speaker_type=person&speaker=Jordan+Avery`;
      await agent.post('/admin/statements/new').type('form').send(ok).expect(303);
    });

    it('keeps the feed well-formed XML even for a legacy row stored with control characters', async () => {
      ctx.store.db
        .prepare(`UPDATE statements SET text = ? WHERE id = 'v-found'`)
        .run('We need more counselors\u0007 in our schools\u001b, not more police.\uFFFE');
      ctx.store.statements.enqueueForIndex('v-found');
      await drainOutbox(ctx.store, ctx.target);
      const xml = (await request(ctx.app).get('/feeds/search.atom?measure=test-measure').expect(200)).text;
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).toContain('We need more counselors in our schools, not more police.');
    });
  });

  describe('7. one import report with every problem, right rows whatever the line endings', () => {
    const lines = [
      'id,text,speaker_name,stance,measure_id,topics',
      'ok-1,Fine words,Ann Lee,support,,',
      'bad-stance,"Two lines\nof words",Ann Lee,maybe,,',
      'bad-ref,Words,Ann Lee,oppose,no-such-measure,',
      'ok-1,Duplicate id,Ann Lee,support,,',
      'bad-topic,Words,Ann Lee,support,,astrology',
      ',,Ann Lee,support,,',
    ];
    const expected = [
      'row 3, stance: expected one of support, oppose, mixed, neutral, unclear',
      'row 5, measure_id: unknown measure "no-such-measure"',
      'row 6, id: duplicate id "ok-1" (also on row 2)',
      'row 7, topics: unknown topic "astrology" (see data/topics.json)',
      'row 8, text: is required',
    ];
    const files: Record<string, string> = {
      LF: lines.join('\n') + '\n',
      CRLF: lines.join('\r\n').replace('Two lines\nof', 'Two lines\r\nof') + '\r\n',
      // Line endings differ from line to line, and inside the quoted cell.
      mixed: lines
        .map((line, i) => line.replace('Two lines\nof', 'Two lines\r\nof') + ['\r\n', '\n', '\r\n', '\r', '\n', '\r\n', '\n'][i])
        .join(''),
    };

    for (const [name, file] of Object.entries(files)) {
      it(`reports schema, reference and duplicate problems in one round (${name})`, () => {
        const before = count('SELECT count(*) FROM statements');
        const problems = refusal(() => createImportService(ctx.store).run(parseImportText(file, 'bad.csv')));
        expect(problems.map((p) => p.replace(/^(row \d+, text): .*/, '$1: is required'))).toEqual(expected);
        expect(count('SELECT count(*) FROM statements')).toBe(before);
      });
    }

    it('caps the report at 20 problems', () => {
      const file = ['id,text,speaker_name,stance', ...Array.from({ length: 30 }, (_, i) => `x-${i},Words,Ann,never`)].join(
        '\r\n',
      );
      expect(refusal(() => createImportService(ctx.store).run(parseImportText(file, 'many.csv')))).toHaveLength(20);
      try {
        createImportService(ctx.store).run(parseImportText(file, 'many.csv'));
      } catch (error) {
        expect((error as ImportError).total).toBe(30);
        expect((error as ImportError).message).toMatch(/^row 2, stance: .* \(and 29 more problems\)$/);
      }
    });
  });
});
