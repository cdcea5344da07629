import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/admin/passwords.js';
import { extractorFixturesDir } from '../../server/ingest/extraction.fixtures.js';
import { splitParagraphs } from '../../server/ingest/quote-extractor.text.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { waitFor } from '../support/app-process.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';
import { signedInAgent } from '../support/curator-agent.js';

const PASSWORD = 'correct horse battery staple';

// A long document (about 1.9 MB, under ingest's 2 MB limit): one article repeated with its numbers
// made distinct, so the extractor has thousands of quotes to find and takes seconds over them.
const ARTICLE = readFileSync(join(extractorFixturesDir, '01-harbor-city-police-budget.txt'), 'utf8');
let LARGE = '';
for (let i = 0; LARGE.length + ARTICLE.length < 1_900_000; i += 1)
  LARGE += `${ARTICLE.replace(/\b(\d+)\b/g, (n) => `${n}${i}`)}\n\n`;

describe('ingest from the web runs as a job, off the request thread', () => {
  let ctx: TestContext;
  let agent: ReturnType<typeof request.agent>;
  let csrf: string;
  const count = (sql: string) => ctx.store.db.prepare(sql).pluck().get() as number;
  const written = () => ({
    sources: count('SELECT count(*) FROM sources'),
    candidates: count('SELECT count(*) FROM candidates'),
    documents: count('SELECT count(*) FROM ingested_documents'),
    revisions: count('SELECT count(*) FROM revisions'),
  });
  const postLarge = () =>
    agent
      .post('/admin/ingest')
      .type('form')
      .send({ _csrf: csrf, content: LARGE, title: 'Harbor City budget hearings, all of them', format: '' })
      .expect(303);
  /** What waits in DATA_DIR/jobs: a pasted document must not stay there once its job has it. */
  const leftInputs = () => (existsSync(join(ctx.dir, 'jobs')) ? readdirSync(join(ctx.dir, 'jobs')) : []);
  const jobIdOf = (location: string) => /^\/admin\/jobs\/([A-Za-z0-9_-]+)$/.exec(location)?.[1] as string;
  /** The ingest job processes this test process started (by their command line), as pids. */
  const ingestJobPids = () =>
    execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('ingest.job'))
      .map((line) => Number(line.trim().split(/\s+/)[0]));

  beforeAll(async () => {
    ctx = createTestContext();
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    createImportService(ctx.store).run({
      statements: [{ row: 1, value: statementRecord({ id: 'avery-counselors' }) }],
      provenance: { via: 'imported', by: 'fixture.ndjson' },
    });
    ({ agent, csrf } = await signedInAgent(ctx.app, { password: PASSWORD, formPage: '/admin/ingest' }));
  });
  afterAll(async () => {
    ctx?.deps.jobs.stop();
    await ctx?.cleanup();
  });

  it('shows a clear failure when the extraction process dies, and writes nothing', async () => {
    const before = written();
    const posted = await postLarge();
    const id = jobIdOf(posted.headers.location as string);
    const [pid] = await waitFor('the ingest job process', () => {
      const pids = ingestJobPids();
      return pids.length > 0 ? pids : undefined;
    });
    process.kill(pid as number, 'SIGKILL');
    const page = await waitFor('the job to be failed', async () => {
      const res = await agent.get(`/admin/jobs/${id}`).expect(200);
      return res.text.includes('data-testid="import-outcome"') ? res.text : undefined;
    });
    expect(page).toContain('The extraction process stopped (SIGKILL). Nothing was written.');
    expect(page).toContain('href="/admin/ingest"');
    expect(page).not.toContain('http-equiv="refresh"');
    expect(ctx.store.jobs.findById(id)).toMatchObject({ kind: 'ingest', status: 'failed' });
    expect(written()).toEqual(before);
    expect(leftInputs()).toEqual([]);
  });

  it('answers other requests while a long document is extracted, shows how far it is, then sends the curator to its review queue', async () => {
    const posted = await postLarge();
    const id = jobIdOf(posted.headers.location as string);
    expect(id).toBeTruthy();

    // The job page says it is extracting, and reloads itself.
    const running = await agent.get(`/admin/jobs/${id}`).expect(200);
    expect(running.text).toContain('Extracting statements');
    expect(running.text).toContain('<meta http-equiv="refresh" content="1">');
    // Other requests are answered while the job is still running: the web process is not extracting.
    const health = await request(ctx.app).get('/healthz');
    expect(health.body).toHaveProperty('status');
    const permalink = await request(ctx.app).get('/statements/avery-counselors').expect(200);
    expect(permalink.text).toContain('We need more counselors in our schools');
    expect(ctx.store.jobs.findById(id)?.status).toBe('running');

    // While it runs, the page says how far the extraction is (a paragraph of the document, or a
    // candidate queued); once done, it redirects (303) to the document's queue, as the form did
    // when it extracted itself.
    const progressSeen = new Set<string>();
    const ended = await waitFor(
      'the ingest job to end',
      async () => {
        const res = await agent.get(`/admin/jobs/${id}`);
        const progress = /data-testid="job-progress">([^<]*)</.exec(res.text)?.[1];
        if (progress) progressSeen.add(progress);
        return res.status === 303 ? res : undefined;
      },
      120_000,
    );
    const location = new URL(ended.headers.location as string, 'http://x');
    expect(location.pathname).toBe('/admin/review');
    expect(location.searchParams.get('done')).toBe('ingested');
    const sourceId = location.searchParams.get('source') as string;
    const queued = ctx.store.candidates.listBySource(sourceId);
    expect(queued.length).toBeGreaterThan(1000);
    expect(location.searchParams.get('n')).toBe(String(queued.length));
    expect(location.searchParams.get('m')).toBe('0');
    const stored = ctx.store.sources.findWithText(sourceId);
    expect(stored?.title).toBe('Harbor City budget hearings, all of them');
    // Figures out of the document itself: its paragraphs (as the extractor splits the stored text), or its candidates.
    const paragraphs = splitParagraphs(stored?.text ?? '').length.toLocaleString('en-US');
    const figures = [...progressSeen].flatMap((text) => {
      const figure =
        /^Extracting statements: finding (?:quotations|paraphrases), paragraph ([\d,]+) of ([\d,]+)$/.exec(text) ??
        /^Queuing candidates for review: ([\d,]+) of ([\d,]+)$/.exec(text);
      return figure ? [{ text, done: Number(figure[1]?.replace(/,/g, '')), of: figure[2] }] : [];
    });
    expect(figures.length, `progress shown: ${[...progressSeen].join(' | ')}`).toBeGreaterThan(0);
    for (const figure of figures) {
      expect([paragraphs, queued.length.toLocaleString('en-US')]).toContain(figure.of);
      expect(figure.done).toBeGreaterThan(0);
      expect(figure.done).toBeLessThanOrEqual(Number(figure.of?.replace(/,/g, '')));
    }
    const queue = await agent.get(ended.headers.location as string).expect(200);
    expect(queue.text).toContain('Harbor City budget hearings, all of them');
    expect(leftInputs()).toEqual([]);
  }, 180_000);

  it('removes, on start-up, inputs a killed app left behind, and keeps one a job is about to read', () => {
    const jobs = join(ctx.dir, 'jobs');
    mkdirSync(jobs, { recursive: true });
    writeFileSync(join(jobs, 'gone-job.ingest.json'), '{"content":"a pasted document"}');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(jobs, 'gone-job.ingest.json'), hourAgo, hourAgo);
    writeFileSync(join(jobs, 'starting-job.upload.csv'), 'id,text\n');
    ctx.deps.jobs.failOrphans();
    expect(leftInputs()).toEqual(['starting-job.upload.csv']);
    rmSync(join(jobs, 'starting-job.upload.csv'));
  });

  it('refuses a document already ingested on the job page, naming the field, and writes nothing', async () => {
    const before = written();
    const posted = await postLarge();
    const id = jobIdOf(posted.headers.location as string);
    const page = await waitFor(
      'the refusal',
      async () => {
        const res = await agent.get(`/admin/jobs/${id}`).expect(200);
        return res.text.includes('data-testid="import-outcome"') ? res.text : undefined;
      },
      120_000,
    );
    expect(page).toContain('The document was refused and nothing was written.');
    expect(page).toContain('Text of the document: This document was already ingested as source');
    expect(page).toContain('href="/admin/ingest"');
    expect(ctx.store.jobs.findById(id)).toMatchObject({ status: 'refused', result: { field: 'content' } });
    expect(written()).toEqual(before);
    expect(leftInputs()).toEqual([]);
  }, 180_000);
});
