import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { openStore } from '../../data/store.js';
import { drainOutbox } from '../../indexer/outbox.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { ingestDocument } from '../../server/ingest/ingest.file.js';
import { extractorFixturesDir } from '../../server/ingest/extraction.fixtures.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';
import { runCliSync } from '../support/app-process.js';
import { signedInAgent } from '../support/curator-agent.js';

const PASSWORD = 'correct horse battery staple';
const ARTICLE_FILE = join(extractorFixturesDir, '01-harbor-city-police-budget.txt');
const ARTICLE = readFileSync(ARTICLE_FILE, 'utf8');
// Another outlet's report of words already archived (tests/support's statementRecord): a dash
// and an exclamation mark where the archived text has a comma and a full stop.
const SECOND_REPORT =
  'SPRINGFIELD — Parents returned to the school board on Tuesday night to press trustees on campus police.\n\n' +
  '"We need more counselors in our schools — not more police!" Jordan Avery, a parent of two, told the board.\n\n' +
  'Board member Lena Ortiz said the district would study the cost. "We will bring the numbers back to this board in March, before the budget vote," Ortiz said.\n';

type Agent = ReturnType<typeof request.agent>;

describe('ingesting documents and reviewing their candidates', () => {
  let ctx: TestContext;
  let agent: Agent;
  let csrf: string;
  let harborSourceId: string;

  const count = (sql: string, ...params: unknown[]) =>
    ctx.store.db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  const counts = () => ({
    statements: count('SELECT count(*) FROM statements'),
    links: count('SELECT count(*) FROM statement_sources'),
    revisions: count('SELECT count(*) FROM revisions'),
    outbox: count('SELECT count(*) FROM index_outbox'),
    sources: count('SELECT count(*) FROM sources'),
    candidates: count('SELECT count(*) FROM candidates'),
    pending: count(`SELECT count(*) FROM candidates WHERE status = 'pending'`),
  });
  const post = (path: string, form: Record<string, unknown>) =>
    agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, ...form });
  async function searchIds(q: string): Promise<string[]> {
    await drainOutbox(ctx.store, ctx.target);
    const res = await request(ctx.app).get('/api/search').query({ q, per_page: 100 }).expect(200);
    return (res.body.items as { id: string }[]).map((item) => item.id);
  }
  /** Follows a job's page (it reloads itself while the job runs) until the job has ended. */
  async function followJob(res: request.Response): Promise<request.Response> {
    const jobPage = res.headers.location as string;
    expect(jobPage).toMatch(/^\/admin\/jobs\/[A-Za-z0-9_-]+$/);
    for (let attempt = 0; attempt < 1200; attempt += 1) {
      const page = await agent.get(jobPage);
      if (page.status !== 200 || !page.text.includes('data-testid="job-running"')) return page;
      expect(page.text).toMatch(/Extracting statements|Queuing candidates for review/);
      await sleep(50);
    }
    throw new Error(`the job at ${jobPage} did not end`);
  }
  /** Posts the form and follows its job to the review queue it redirects to. */
  async function ingestTo(form: Record<string, unknown>): Promise<URL> {
    const ended = await followJob(await post('/admin/ingest', form).expect(303));
    expect(ended.status, ended.text).toBe(303);
    return new URL(ended.headers.location as string, 'http://x');
  }
  async function ingest(content: string, title: string, extra: Record<string, string> = {}): Promise<string> {
    const location = await ingestTo({
      content,
      title,
      format: '',
      outlet: 'KHCV',
      url: 'https://example.org/story',
      published_on: '2024-03-05',
      ...extra,
    });
    expect(location.pathname).toBe('/admin/review');
    expect(location.searchParams.get('done')).toBe('ingested');
    return location.searchParams.get('source') as string;
  }
  const candidatesOf = (sourceId: string) => ctx.store.candidates.listBySource(sourceId);

  beforeAll(async () => {
    ctx = createTestContext();
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    createImportService(ctx.store).run({
      statements: [
        {
          row: 1,
          value: statementRecord({
            id: 'avery-counselors',
            speaker: { id: 'jordan-avery', name: 'Jordan Avery', role: 'parent', role_category: 'parent' },
          }),
        },
      ],
      provenance: { via: 'imported', by: 'fixture.ndjson' },
    });
    await prepareIndex(ctx.store, ctx.target);
    ({ agent, csrf } = await signedInAgent(ctx.app, { password: PASSWORD, formPage: '/admin/ingest' }));
  });
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('sends the queue to sign-in without a session, answers JSON with 401, and changes nothing', async () => {
    for (const path of ['/admin/ingest', '/admin/review']) {
      const res = await request(ctx.app).get(path).set('Accept', 'text/html').expect(303);
      expect(res.headers.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
    const before = counts();
    await request(ctx.app)
      .post('/admin/ingest')
      .set('Accept', 'text/html')
      .type('form')
      .send({ content: ARTICLE, title: 'x' })
      .expect(303);
    await request(ctx.app).post('/admin/review/1/reject').set('Accept', 'application/json').type('form').send({}).expect(401);
    expect(counts()).toEqual(before);
  });

  it('stores the article as a source with its text and queues every candidate the extractor finds', async () => {
    const sourceId = await ingest(ARTICLE, 'Harbor City weighs police budget cut');
    const expected = ingestDocument(ARTICLE, ARTICLE_FILE);
    const source = ctx.store.sources.findWithText(sourceId);
    expect(source).toMatchObject({
      type: 'news_article',
      title: 'Harbor City weighs police budget cut',
      outlet: 'KHCV',
      url: 'https://example.org/story',
      published_on: '2024-03-05',
      published_on_precision: 'day',
      text: expected.source.text,
    });
    const queued = candidatesOf(sourceId);
    expect(queued.map((c) => [c.text, c.speaker_name, c.char_start, c.char_end])).toEqual(
      expected.candidates.map((c) => [c.text, c.speaker, c.char_start, c.char_end]),
    );
    // Seven quotes, and the paraphrases proposed beside them.
    expect(queued.filter((c) => c.kind === 'quote').length).toBe(7);
    expect(queued.some((c) => c.kind === 'paraphrase' && c.evidence !== null)).toBe(true);
    expect(queued.every((c) => c.confidence !== null && c.confidence >= 0 && c.confidence <= 1)).toBe(true);
    expect(queued.every((c) => c.status === 'pending' && c.matched_statement_id === null)).toBe(true);

    const page = await agent.get(`/admin/review?source=${sourceId}`).expect(200);
    expect(page.text).toContain(`${queued.length} candidate statements waiting for review.`);
    expect(page.text).toContain('Read from: ');
    expect(page.text).toContain('Paraphrase: the reporter');
    expect(page.text).toContain(
      '<mark>We keep calling the police for things a counselor could have handled in ten minutes</mark>',
    );
    expect(page.text).toContain('Proposed: Glen Whitaker, Harbor City Police Officers Association President');
    // Nothing is published until a curator accepts it.
    expect(count('SELECT count(*) FROM statements')).toBe(1);
    harborSourceId = sourceId;
  });

  it('refuses the same document a second time, even under another title, and changes nothing', async () => {
    const before = counts();
    // Found once the document is read, so the job's page says it, naming the field.
    const res = await followJob(
      await post('/admin/ingest', { content: ARTICLE, title: 'Another title', format: '' }).expect(303),
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('The document was refused and nothing was written.');
    expect(res.text).toContain(`Text of the document: This document was already ingested as source &#34;${harborSourceId}&#34;`);
    expect(res.text).toContain('href="/admin/ingest"');
    expect(res.text).not.toContain('http-equiv="refresh"');
    expect(counts()).toEqual(before);
  });

  it('refuses a bad form on the form itself (422, the field named), starting no job and writing nothing', async () => {
    const before = { ...counts(), jobs: count('SELECT count(*) FROM jobs') };
    const badUrl = await post('/admin/ingest', {
      content: SECOND_REPORT,
      title: 'Bad address',
      url: 'ftp://x',
      format: '',
    }).expect(422);
    expect(badUrl.text).toContain('Enter an http(s) URL, or leave it empty');
    const forbidden = await post('/admin/ingest', {
      content: `Line one\nLine two \u0007 bell`,
      title: 'Bell',
      format: '',
    }).expect(422);
    expect(forbidden.text).toContain('The document, line 2,');
    const tooLarge = await post('/admin/ingest', { content: 'x'.repeat(2 * 1024 * 1024 + 1), title: 'Huge', format: '' }).expect(
      422,
    );
    expect(tooLarge.text).toContain('The document is over ingest&#39;s limit of 2.0 MB');
    expect({ ...counts(), jobs: count('SELECT count(*) FROM jobs') }).toEqual(before);
  });

  it('accepts a candidate as a verified statement with extracted provenance and a revision, searchable once the outbox drains', async () => {
    const candidate = ctx.store.candidates
      .listPending({ limit: 100 })
      .find((c) => c.text.startsWith('We keep calling the police'));
    expect(candidate).toBeDefined();
    const before = counts();
    const res = await post(`/admin/review/${candidate!.id}/accept`, {
      speaker_name: 'Marisol Ortega',
      role: 'trustee',
      role_category: 'board_member',
      stance: 'support',
      measure: 'test-measure',
      meeting: '',
      said_on: '2024-03',
      topics: ['budget', 'mental-health'],
    }).expect(303);
    const statementId = new URL(res.headers.location as string, 'http://x').searchParams.get('statement') as string;
    expect(statementId).toMatch(/^s-[0-9a-f]{12}$/);

    const statement = ctx.store.statements.findById(statementId)!;
    expect(statement).toMatchObject({
      text: candidate!.text,
      kind: 'quote',
      stance: 'support',
      verified: true,
      provenance: { via: 'extracted', by: 'maria' },
      measure: { id: 'test-measure' },
      topics: ['budget', 'mental-health'],
      speaker: { id: 'marisol-ortega', name: 'Marisol Ortega', role: 'trustee', role_category: 'board_member' },
      source: { id: candidate!.source_id },
      position: { char_start: candidate!.char_start, char_end: candidate!.char_end },
    });
    expect(ctx.store.candidates.findById(candidate!.id)).toMatchObject({
      status: 'accepted',
      statement_id: statementId,
      reviewed_by: 'maria',
    });
    expect(ctx.store.revisions.listOf('statement', statementId)).toMatchObject([{ action: 'create', user_name: 'maria' }]);
    expect(counts()).toMatchObject({ statements: before.statements + 1, pending: before.pending - 1 });

    expect(await searchIds('counselor could have handled in ten minutes')).toContain(statementId);
    const permalink = await request(ctx.app).get(`/statements/${statementId}`).set('Accept', 'text/html').expect(200);
    expect(permalink.text).toContain('Extracted from the source and reviewed by maria');
  });

  it('answers 409 to a second decision about the same candidate and changes nothing', async () => {
    const accepted = candidatesOf(harborSourceId).find((c) => c.status === 'accepted')!;
    const before = counts();
    const res = await post(`/admin/review/${accepted.id}/reject`, {}).expect(409);
    expect(res.text).toContain('This candidate was already accepted by maria.');
    expect(counts()).toEqual(before);
  });

  it('creates a measure from the review queue, with a revision, and offers it in every candidate form', async () => {
    const res = await post('/admin/review/measures', { title: 'Harbor City police budget cut', source: harborSourceId }).expect(
      303,
    );
    const id = new URL(res.headers.location as string, 'http://x').searchParams.get('measure') as string;
    expect(ctx.store.measures.findById(id)).toMatchObject({ title: 'Harbor City police budget cut' });
    expect(ctx.store.revisions.listOf('measure', id)).toMatchObject([{ action: 'create', user_name: 'maria' }]);
    const page = await agent.get(`/admin/review?source=${harborSourceId}&done=measure-created`).expect(200);
    expect(page.text).toContain('Measure created');
    expect(page.text).toContain('Harbor City police budget cut');
    await post('/admin/review/measures', { title: '  ', source: harborSourceId }).expect(303, /measure-refused/);
  });

  it('rejects a candidate without adding anything to the archive', async () => {
    const candidate = ctx.store.candidates.listPending({ limit: 100 }).find((c) => c.text.startsWith('Disruption is a kid'))!;
    const before = counts();
    await post(`/admin/review/${candidate.id}/reject`, {}).expect(303);
    expect(ctx.store.candidates.findById(candidate.id)).toMatchObject({
      status: 'rejected',
      statement_id: null,
      reviewed_by: 'maria',
    });
    expect(counts()).toEqual({ ...before, pending: before.pending - 1 });
  });

  it('shows a bad accept form again with the problem next to the field, and creates nothing', async () => {
    const candidate = ctx.store.candidates.listPending({ limit: 100 }).find((c) => c.text.startsWith('Nobody puts that'))!;
    const before = counts();
    const unknownMeasure = await post(`/admin/review/${candidate.id}/accept`, {
      speaker_name: 'Glen Whitaker',
      stance: 'oppose',
      measure: 'no-such-measure',
    }).expect(422);
    expect(unknownMeasure.text).toContain('unknown measure &#34;no-such-measure&#34;');
    const noSpeaker = await post(`/admin/review/${candidate.id}/accept`, { speaker_name: '  ', stance: 'oppose' }).expect(422);
    expect(noSpeaker.text).toContain('Enter the speaker’s full name');
    expect(counts()).toEqual(before);
    expect(ctx.store.candidates.findById(candidate.id)?.status).toBe('pending');
  });

  it('offers a candidate that repeats an archived statement as another source for it, and merging adds the source to also_in without a duplicate', async () => {
    const location = await ingestTo({
      content: SECOND_REPORT,
      title: 'Parents return to the board',
      outlet: 'Springfield Ledger',
      format: '',
    });
    expect(location.searchParams.get('m')).toBe('1');
    const sourceId = location.searchParams.get('source') as string;
    const [repeat, other] = candidatesOf(sourceId);
    expect(repeat).toMatchObject({ speaker_name: 'Jordan Avery', matched_statement_id: 'avery-counselors' });
    expect(other).toMatchObject({ speaker_name: 'Lena Ortiz', matched_statement_id: null });

    const page = await agent.get(`/admin/review?source=${sourceId}`).expect(200);
    expect(page.text).toContain(
      'These words are already in the archive as <a href="/statements/avery-counselors">avery-counselors</a>',
    );
    expect(page.text).toContain(`action="/admin/review/${repeat!.id}/merge"`);

    const before = counts();
    await post(`/admin/review/${repeat!.id}/merge`, { statement: 'avery-counselors' }).expect(303);
    expect(counts()).toMatchObject({
      statements: before.statements,
      links: before.links + 1,
      revisions: before.revisions + 1,
      outbox: before.outbox + 1,
    });
    expect(ctx.store.candidates.findById(repeat!.id)).toMatchObject({ status: 'merged', statement_id: 'avery-counselors' });
    const [revision] = ctx.store.revisions.listOf('statement', 'avery-counselors');
    expect(revision).toMatchObject({ action: 'update', user_name: 'maria' });
    expect(JSON.parse(revision!.after_json as string).also_in).toEqual([sourceId]);

    const api = await request(ctx.app).get('/api/statements/avery-counselors').expect(200);
    expect(api.body.source.id).toBe('test-source');
    expect(api.body.also_in).toEqual([
      {
        source: expect.objectContaining({ id: sourceId, title: 'Parents return to the board', outlet: 'Springfield Ledger' }),
        position: expect.objectContaining({ char_start: repeat!.char_start, char_end: repeat!.char_end }),
      },
    ]);
    // The index carries the further source once the outbox drains.
    expect(await searchIds('counselors not more police')).toContain('avery-counselors');
  });

  it('does not offer a merge for the same speaker saying different words', async () => {
    const sourceId = await ingest(
      '"We need more police in our schools, not more counselors," Jordan Avery said on Tuesday.\n',
      'Avery changes course',
    );
    expect(candidatesOf(sourceId).map((c) => c.matched_statement_id)).toEqual([null]);
  });

  it('refuses every decision and the ingest form without a valid CSRF token (403) and changes nothing', async () => {
    const [candidate] = ctx.store.candidates.listPending({ limit: 1 });
    const before = counts();
    for (const action of ['accept', 'reject', 'merge']) {
      await agent
        .post(`/admin/review/${candidate!.id}/${action}`)
        .type('form')
        .send({ speaker_name: 'X', stance: 'support' })
        .expect(403);
      await agent
        .post(`/admin/review/${candidate!.id}/${action}`)
        .type('form')
        .send({ _csrf: 'forged', speaker_name: 'X' })
        .expect(403);
    }
    await agent
      .post('/admin/ingest')
      .type('form')
      .send({ content: 'A "new" article, said Someone Else.', title: 'Forged' })
      .expect(403);
    expect(counts()).toEqual(before);
  });

  it('escapes what a document says when showing it for review', async () => {
    const hostile =
      '<p>"<script>alert(1)</script> We must never let this happen in our district again," said Mona Price, a parent.</p>';
    const sourceId = await ingest(hostile, 'Hostile <b>title</b>', { format: 'text' });
    const page = await agent.get(`/admin/review?source=${sourceId}`).expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toContain('<b>title</b>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('onrecord ingest FILE (storing for review)', () => {
  let dataDir: string;
  const run = (...args: string[]) => runCliSync(args, { DATA_DIR: dataDir });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'onrecord-ingest-queue-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores the document and queues its candidates, printing a summary', () => {
    const file = join(extractorFixturesDir, '02-riverside-sro-vote.html');
    const result = run(
      'ingest',
      file,
      '--outlet',
      'The Valley Ledger',
      '--source-url',
      'https://example.org/riverside',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { source: string; type: string; queued: number; matches: number };
    // Five quotes and two paraphrases (fixture 02).
    expect(summary).toMatchObject({ type: 'news_article', queued: 7, matches: 0 });

    const store = openStore(join(dataDir, 'archive.db'));
    try {
      expect(store.sources.findWithText(summary.source)).toMatchObject({
        outlet: 'The Valley Ledger',
        url: 'https://example.org/riverside',
      });
      const quotes = store.candidates.listBySource(summary.source).filter((c) => c.kind === 'quote');
      expect(quotes.map((c) => c.speaker_name)).toEqual([
        'Alan Choi',
        'Keisha Barnes',
        'Keisha Barnes',
        'Omar Haddad',
        'Jaylen Morris',
      ]);
    } finally {
      store.close();
    }
    const again = run('ingest', file);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('already ingested');
  });

  it('stores a transcript with each candidate’s time in the recording', () => {
    const result = run('ingest', join(extractorFixturesDir, '13-board-public-comment.vtt'));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\d+ candidates? queued for review, 0 matching statements already in the archive/);
    const store = openStore(join(dataDir, 'archive.db'));
    try {
      const [document] = store.candidates.listQueuedSources().filter((s) => s.type === 'transcript');
      const [first] = store.candidates.listBySource(document!.source_id);
      expect(first?.time_start).toBeTypeOf('number');
    } finally {
      store.close();
    }
  });

  it('exits 1 with one line for a --source-url that is not http(s)', () => {
    const result = run('ingest', join(extractorFixturesDir, '05-mixed-quote-marks.txt'), '--source-url', 'javascript:alert(1)');
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('onrecord: ingest: --source-url: Enter an http(s) URL, or leave it empty');
  });
});
