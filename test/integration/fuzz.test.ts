import { randomInt } from 'node:crypto';
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import type { Statement } from '../../data/archive.types.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { effectiveDate } from '../../indexer/to-search-document.js';
import { createApp } from '../../server/app.js';
import {
  createRng,
  dateBounds,
  expectedOutcome,
  generateRequest,
  KNOWN_PARAMS,
  requestPath,
  type FacetValues,
  type FuzzPair,
  type FuzzRequest,
} from '../support/query-fuzz.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';

// A fixed seed by default, so CI is reproducible; FUZZ_SEED=random explores new inputs, and a
// failing run prints its seed: FUZZ_SEED=<seed> npx vitest run test/integration/fuzz.test.ts replays it.
const SEED =
  process.env.FUZZ_SEED === 'random' ? randomInt(2 ** 31) : process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 1546697559;
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const CONCURRENCY = 8;
/** Every match fits in one API page of this size (the corpus is ~40 statements), so the API lists them all. */
const ALL = 100;
const FEED_SIZE = 50;

interface Reply {
  status: number;
  type: string;
  body: string;
}

/** The API's answer for a request's search parameters alone: what the other endpoints are held to. */
interface ApiAnswer {
  total: number;
  ids: string[];
  query: Record<string, unknown>;
}

const unescapeHtml = (text: string) =>
  text
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** A statement's values of each facet, read from the store (SPEC §1), not from the index under test. */
const FACET_VALUES_OF: Record<FacetName, (s: Statement) => (string | null | undefined)[]> = {
  stance: (s) => [s.stance],
  measure: (s) => [s.measure?.id],
  speaker: (s) => [s.speaker.id],
  role: (s) => [s.speaker.role_category],
  org: (s) => [s.speaker.organization?.id],
  body: (s) => [s.body?.id],
  state: (s) => [s.state],
  topic: (s) => s.topics,
  kind: (s) => [s.kind],
  year: (s) => [effectiveDate(s)?.slice(0, 4)],
};
const facetValuesOf = (s: Statement, facet: FacetName) =>
  FACET_VALUES_OF[facet](s).filter((v): v is string => typeof v === 'string');

const isBlank = (pair: FuzzPair) => pair.decoded !== undefined && pair.decoded.trim() === '';
const NO_NAME = 'A parameter with no name';
const FILTER_PARAMS: ReadonlySet<string> = new Set<string>([...FACET_NAMES, 'from', 'to']);

describe(`query fuzzer (seed ${SEED})`, () => {
  let ctx: TestContext;
  let server: Server;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let statements: Statement[];
  const existing = {} as FacetValues;
  let words: string[];

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    // Ids that are also words of Meilisearch's filter syntax, and ids that differ only in case (the
    // engine compares strings regardless of case): a filter must still match each exactly.
    createImportService(ctx.store).run({
      statements: [
        statementRecord({
          id: 'OR',
          text: 'Keyword ids must be matched as values: counselors before citations.',
          stance: 'mixed',
          kind: 'written_comment',
          said_on: '2021-06',
          topics: ['budget'],
          speaker: { id: 'AND', name: 'Ann Dee', role_category: 'student', organization: { id: 'NOT', name: 'Not A Coalition' } },
          measure: { id: 'TO', title: 'Keyword measure', body: { id: 'IN', name: 'Inland District', state: 'NY' } },
        }),
        statementRecord({
          id: '_geo',
          text: 'An undated remark about school police response.',
          stance: 'neutral',
          speaker: { id: '_geo', name: 'Geo Grapher', role_category: 'researcher' },
          measure: { id: 'EXISTS', title: 'Exists measure' },
        }),
        statementRecord({
          id: 'or-lower',
          text: 'The lowercase twin of a keyword measure, on school police.',
          stance: 'support',
          speaker: { id: 'and', name: 'Andy Lower', role_category: 'parent' },
          measure: { id: 'to', title: 'Lowercase twin measure' },
        }),
        statementRecord({
          id: 'year-only',
          text: 'Said some time that year about training officers.',
          stance: 'oppose',
          said_on: '2020',
          topics: ['training'],
        }),
      ].map((value, i) => ({ row: i + 1, value })),
    });
    await prepareIndex(ctx.store, ctx.target);
    statements = ctx.store.statements.listPublished(0, 10_000);
    for (const facet of FACET_NAMES) existing[facet] = [...new Set(statements.flatMap((s) => facetValuesOf(s, facet)))];
    words = [...new Set(statements.flatMap((s) => s.text.toLowerCase().match(/[a-z]{4,}/g) ?? []))];
    // The fuzzer sends thousands of requests a minute, several at once: the per-client limits
    // (export-limits.test.ts tests the concurrent-export one) are not what it tests.
    const app = createApp({
      ...ctx.deps,
      config: { ...ctx.deps.config, rateLimits: { searchPerMinute: 0, exportPerMinute: 0 }, exportsPerClient: 0 },
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await ctx?.cleanup();
  });

  /** A raw GET: the path goes out byte for byte, malformed percent-encoding included. */
  function get(path: string, accept: string | null = null): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: accept ? { accept } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  const answers = new Map<string, Promise<ApiAnswer>>();
  /** /api/search for these pairs (search parameters only), every match on one page; memoized. */
  function apiAnswer(pairs: FuzzPair[]): Promise<ApiAnswer> {
    const path = requestPath({
      endpoint: '/api/search',
      // Sorted by date, so by words alone: statements close in meaning join only a relevance ranking.
      pairs: [
        ...pairs,
        { key: 'per_page', value: String(ALL), name: 'per_page', verdict: 'good', kind: 'oracle' },
        { key: 'sort', value: 'newest', name: 'sort', verdict: 'good', kind: 'oracle' },
      ],
      separators: [],
      accept: null,
    });
    let answer = answers.get(path);
    if (!answer) {
      answer = get(path).then((reply) => {
        if (reply.status !== 200)
          throw new Error(
            `the API refused the accepted request's own search (${reply.status}): ${path.slice(0, 300)}\n${reply.body.slice(0, 300)}`,
          );
        const body = JSON.parse(reply.body) as {
          total: number;
          items: { id: string }[];
          query: Record<string, unknown>;
        };
        const ids = body.items.map((i) => i.id);
        return { total: body.total, ids: ids.sort(), query: body.query };
      });
      answers.set(path, answer);
    }
    return answer;
  }

  /** Whether a statement passes the filters the API says it applied (SPEC: values of a facet ORed, facets ANDed, dates overlap). */
  function matchesQuery(statement: Statement, query: Record<string, unknown>): boolean {
    for (const facet of FACET_NAMES) {
      const values = query[facet] as string[] | undefined;
      if (values?.length && !facetValuesOf(statement, facet).some((v) => values.includes(v))) return false;
    }
    const from = typeof query.from === 'string' ? dateBounds(query.from) : null;
    const to = typeof query.to === 'string' ? dateBounds(query.to) : null;
    const date = effectiveDate(statement);
    const range = date ? dateBounds(date) : null;
    if ((from || to) && !range) return false;
    if (from && range && range.end < from.start) return false;
    if (to && range && range.start > to.end) return false;
    return true;
  }

  /** Everything that must hold of an accepted request: no filter widens, an absent value matches nothing, each endpoint agrees with the API. */
  async function checkAccepted(request: FuzzRequest, reply: Reply, rng: ReturnType<typeof createRng>): Promise<string[]> {
    const problems: string[] = [];
    const search = request.pairs.filter(
      (p) => p.name !== null && KNOWN_PARAMS.has(p.name) && !['page', 'per_page', 'sort'].includes(p.name),
    );
    const answer = await apiAnswer(search);
    const passing = statements.filter((s) => matchesQuery(s, answer.query));
    const known = new Set(statements.map((s) => s.id));

    // The API's own answer: every item passes every filter, and with no words the count is exact.
    if (answer.total > ALL) problems.push(`total ${answer.total} is more than the corpus`);
    if (answer.ids.length !== answer.total) problems.push(`API listed ${answer.ids.length} of ${answer.total}`);
    for (const id of answer.ids) {
      const statement = statements.find((s) => s.id === id);
      if (!statement || !matchesQuery(statement, answer.query))
        problems.push(`item ${id} does not pass the filters ${JSON.stringify(answer.query).slice(0, 300)}`);
    }
    if (answer.query.q === '' && answer.total !== passing.length)
      problems.push(`total ${answer.total}, but ${passing.length} statements pass the filters`);
    if (answer.total > passing.length)
      problems.push(`total ${answer.total} exceeds the ${passing.length} statements passing the filters`);

    // A value sent is a value applied: none silently dropped.
    for (const facet of FACET_NAMES) {
      const sent = search.filter((p) => p.name === facet && !isBlank(p));
      const applied = (answer.query[facet] as string[] | undefined) ?? [];
      if (sent.length && !applied.length) problems.push(`${facet} was sent but not applied`);
      // A well-formed value no statement has must match nothing, never everything.
      if (sent.length && sent.every((p) => p.absent) && answer.total !== 0)
        problems.push(`${facet}=${sent[0]?.decoded} matches no statement, yet the total is ${answer.total}`);
    }
    for (const bound of ['from', 'to'] as const) {
      if (search.some((p) => p.name === bound && !isBlank(p)) && typeof answer.query[bound] !== 'string')
        problems.push(`${bound} was sent but not applied`);
    }

    // Removing one filter, or all of them, never lowers the total.
    const filterNames = [
      ...new Set(search.filter((p) => FILTER_PARAMS.has(p.name as string) && !isBlank(p)).map((p) => p.name as string)),
    ];
    if (filterNames.length) {
      const dropped = rng.pick(filterNames);
      const without = await apiAnswer(search.filter((p) => p.name !== dropped));
      if (without.total < answer.total)
        problems.push(
          `without ${dropped} the total is ${without.total}, with it ${answer.total}: the filter widened the results`,
        );
      const unfiltered = await apiAnswer(search.filter((p) => !FILTER_PARAMS.has(p.name as string)));
      if (unfiltered.total < answer.total)
        problems.push(`without any filter the total is ${unfiltered.total}, with them ${answer.total}`);
    }

    // The endpoint itself agrees with the API.
    const sameIds = (ids: string[], what: string) => {
      if (JSON.stringify([...ids].sort()) !== JSON.stringify(answer.ids))
        problems.push(`${what} has ${ids.length} statements, the API ${answer.total}`);
    };
    switch (request.endpoint) {
      case '/api/search': {
        const body = JSON.parse(reply.body) as {
          total: number;
          page: number;
          per_page: number;
          items: { id: string; found_by_meaning: boolean }[];
        };
        if (body.total !== answer.total) problems.push(`total ${body.total}, but ${answer.total} without paging and sort`);
        const expected = Math.max(0, Math.min(body.per_page, body.total - (body.page - 1) * body.per_page));
        const byWords = body.items.filter((i) => !i.found_by_meaning);
        // Statements ranked by meaning share the page with the matches and may push some to the next.
        if (
          body.items.length > body.per_page ||
          byWords.length > Math.min(body.per_page, body.total) ||
          (expected > 0 && body.items.length === 0)
        )
          problems.push(
            `page ${body.page} of ${body.per_page} has ${byWords.length} matches (${body.items.length} items), expected ${expected}`,
          );
        if (byWords.some((i) => !answer.ids.includes(i.id))) problems.push('an item is not among the matches');
        break;
      }
      case '/export/search.ndjson':
        sameIds(
          reply.body
            .split('\n')
            .filter(Boolean)
            .map((line) => (JSON.parse(line) as { id: string }).id),
          'the NDJSON export',
        );
        break;
      case '/export/search.csv':
        sameIds(
          parseCsv<{ id: string }>(reply.body, { columns: true }).map((r) => r.id),
          'the CSV export',
        );
        break;
      case '/feeds/search.atom': {
        if (XMLValidator.validate(reply.body) !== true) {
          problems.push('the feed is not well-formed XML');
          break;
        }
        const feed = new XMLParser().parse(reply.body) as { feed: { entry?: { id: string } | { id: string }[] } };
        const entries = feed.feed.entry === undefined ? [] : Array.isArray(feed.feed.entry) ? feed.feed.entry : [feed.feed.entry];
        if (entries.length !== Math.min(FEED_SIZE, answer.total))
          problems.push(`the feed has ${entries.length} entries, the API ${answer.total} matches`);
        if (entries.some((e) => !answer.ids.includes(String(e.id).split('/').pop() ?? '')))
          problems.push('a feed entry is not among the matches');
        break;
      }
      case '/search': {
        const label = `${answer.total.toLocaleString('en-US')} statement${answer.total === 1 ? '' : 's'}`;
        if (!reply.body.includes(`data-testid="result-count">${label}`)) problems.push(`the page does not say "${label}"`);
        for (const pair of request.pairs) {
          if (pair.name === null || KNOWN_PARAMS.has(pair.name) || pair.name === 'more' || pair.name === '') continue;
          const notice = /Ignored unknown parameters?: ([\s\S]*?)\.<\/p>/.exec(reply.body)?.[1];
          if (!notice || !unescapeHtml(notice).includes(pair.name))
            problems.push(`the page does not say it ignored ${JSON.stringify(pair.name.slice(0, 40))}`);
        }
        break;
      }
    }
    if (answer.ids.some((id) => !known.has(id))) problems.push('the API returned an id the archive does not have');
    return problems;
  }

  /** A refused request names a parameter the request really got wrong, in the JSON envelope or on the error page. */
  function checkRefused(request: FuzzRequest, reply: Reply): string[] {
    if (reply.status !== 400) return [`status ${reply.status}, expected 400 for a bad parameter`];
    let param: string | undefined;
    if (reply.type.includes('application/json')) {
      const body = JSON.parse(reply.body) as { error?: { code?: string; message?: string; param?: string } };
      if (body.error?.code !== 'invalid_parameter') return [`error code ${body.error?.code}, expected invalid_parameter`];
      param = body.error.param;
      const message = body.error.message ?? '';
      if (typeof param !== 'string' || !message.includes(param) || (param === '' && !message.includes(NO_NAME)))
        return [`the message ${JSON.stringify(message)} does not name ${JSON.stringify(param)}`];
    } else if (reply.type.includes('text/html')) {
      const named = /Parameter: <code>([^<]*)<\/code>/.exec(reply.body)?.[1];
      if (!reply.body.includes('data-testid="error"')) return ['a 400 without the error page'];
      // A parameter with no name has nothing to show in <code>: the message says so instead.
      if (named === undefined && !reply.body.includes(NO_NAME)) return ['the error page names no parameter'];
      param = named === undefined ? '' : unescapeHtml(named);
    } else {
      return [`a 400 as ${reply.type || 'no content type'}`];
    }
    const suspects = new Set(request.pairs.filter((p) => p.verdict !== 'good' && p.name !== null).map((p) => p.name as string));
    const anyUnknown = request.pairs.some((p) => p.name === null && p.verdict !== 'good');
    if (param === '' && !request.pairs.some((p) => p.name === '')) return ['the error names an empty parameter'];
    if (!suspects.has(param) && !(anyUnknown && !KNOWN_PARAMS.has(param))) {
      return [
        `the error names ${JSON.stringify(param.slice(0, 60))}, which was acceptable; suspects: ${JSON.stringify([...suspects].map((s) => s.slice(0, 30)))}`,
      ];
    }
    return [];
  }

  it(`sends ${REQUESTS} generated requests: no 5xx, every refusal names its parameter, no filter widens`, async () => {
    const started = performance.now();
    const rng = createRng(SEED);
    const requests = Array.from({ length: REQUESTS }, () => generateRequest(rng, existing, words));
    const statuses = new Map<string, number>();
    const outcomes = { ok: 0, error: 0, either: 0 };
    const failures: string[] = [];
    let next = 0;

    async function worker(): Promise<void> {
      while (next < requests.length) {
        const index = next++;
        const request = requests[index] as FuzzRequest;
        // Per request, so a replay makes the same choices whatever order the workers take.
        const checkRng = createRng(SEED + index + 1);
        const path = requestPath(request);
        const expected = expectedOutcome(request);
        outcomes[expected]++;
        let problems: string[];
        try {
          const reply = await get(path, request.accept);
          const key = `${request.endpoint} ${reply.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (reply.status >= 500) problems = [`status ${reply.status}: ${reply.body.slice(0, 200)}`];
          else if (reply.status === 200) {
            problems = expected === 'error' ? ['accepted a bad parameter'] : await checkAccepted(request, reply, checkRng);
          } else {
            problems =
              expected === 'ok'
                ? [`status ${reply.status} for a good request: ${reply.body.slice(0, 300)}`]
                : checkRefused(request, reply);
          }
        } catch (error) {
          problems = [`request failed: ${(error as Error).message}`];
        }
        if (problems.length) {
          const pairs = request.pairs.map((p) => `${p.kind}:${p.verdict}`).join(' ');
          failures.push(`${path.slice(0, 400)}\n    [${pairs}] accept=${request.accept}\n    ${problems.join('\n    ')}`);
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const distribution = [...statuses.entries()]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    console.log(
      `fuzz seed ${SEED}: ${REQUESTS} requests (+${answers.size} API oracle requests) in ${seconds} s; ` +
        `expected ok ${outcomes.ok}, error ${outcomes.error}, either ${outcomes.either}; ${distribution}`,
    );
    if (failures.length)
      console.log(
        `fuzz seed ${SEED}: ${failures.length} failures; first ones:\n${failures.slice(0, Number(process.env.FUZZ_SHOW ?? 15)).join('\n')}`,
      );
    expect(failures.slice(0, 15), `seed ${SEED}`).toEqual([]);
    // The generator must keep producing both kinds, or it tests nothing.
    const count = (status: string) =>
      [...statuses.entries()].filter(([k]) => k.endsWith(` ${status}`)).reduce((n, [, v]) => n + v, 0);
    expect(count('200')).toBeGreaterThan(REQUESTS * 0.2);
    expect(count('400')).toBeGreaterThan(REQUESTS * 0.2);
  }, 180_000);
});
