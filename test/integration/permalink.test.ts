import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createTestContext, statementRecord, TEST_BASE_URL, type TestContext } from '../support/test-context.js';

const HOSTILE_TEXT = 'Officers "><script>alert("x")</script> & counselors must work together.';
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&quot;': '"', '&#39;': "'" };

/** The content attributes of every <meta> with this name or property, decoded as a browser would. */
function metaContents(html: string, key: string): string[] {
  const pattern = new RegExp(`<meta (?:name|property)="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" content="([^"]*)">`, 'g');
  return [...html.matchAll(pattern)].map((m) => (m[1] ?? '').replace(/&(amp|lt|gt|quot|#34|#39);/g, (e) => ENTITIES[e] ?? e));
}

/** The page's text with tags removed and white space collapsed, to check what a reader sees. */
function visibleText(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('statement permalinks and citations', () => {
  let ctx: TestContext;
  const page = (id: string) => request(ctx.app).get(`/statements/${id}`).set('Accept', 'text/html');
  const citation = (id: string, query: string) => request(ctx.app).get(`/api/statements/${id}/citation?${query}`);

  beforeAll(() => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    const speaker = { id: 'jordan-avery', name: 'Jordan Avery', role: 'parent', role_category: 'parent' };
    createImportService(ctx.store).run({
      statements: [
        { row: 1, value: statementRecord({ id: 'hostile-meta', text: HOSTILE_TEXT, speaker }) },
        {
          row: 2,
          value: statementRecord({
            id: 'dated-transcript',
            text: 'Response times matter more than anything else tonight.',
            speaker,
            said_on: '2023-12-07',
            meeting: {
              id: 'test-board-dec',
              title: 'Test board regular meeting',
              date: '2023-12-07',
              location: 'Test City Hall',
            },
            source: {
              id: 'test-video',
              type: 'transcript',
              title: 'Board meeting video',
              outlet: 'Test TV',
              url: 'https://video.example.org/board?id=7',
            },
            position: { time_start: 123.4 },
            also_in: [
              {
                source: {
                  id: 'test-minutes',
                  type: 'minutes',
                  title: 'Minutes of December 7',
                  outlet: 'Test Unified School District',
                },
              },
            ],
          }),
        },
        { row: 3, value: statementRecord({ id: 'to-retract', text: 'Words that were never said by this speaker.', speaker }) },
        {
          row: 4,
          value: statementRecord({ id: 'corrected', text: 'We have nine counselors for four thousand students.', speaker }),
        },
        {
          row: 5,
          value: statementRecord({
            id: 'bad-link',
            text: 'A link that must not be followed.',
            speaker,
            source: { id: 'bad-link-source', type: 'news_article', title: 'Bad link article', url: 'https://example.org/fine' },
          }),
        },
      ],
    });
    // Retractions and corrections are curation actions; there is no importer field for them yet.
    ctx.store.db
      .prepare(`UPDATE statements SET status = 'retracted', retraction_reason = ?, retracted_on = ? WHERE id = ?`)
      .run('Misattributed: the words were the moderator’s', '2024-05-02', 'to-retract');
    ctx.store.db
      .prepare('INSERT INTO corrections (statement_id, corrected_on, note) VALUES (?, ?, ?)')
      .run('corrected', '2024-03-01', 'An earlier version said ninety counselors; the source says nine.');
    // A stored URL that is not http(s) must never become a link (the importer refuses them; old data may not).
    ctx.store.db.prepare('UPDATE sources SET url = ? WHERE id = ?').run('javascript:alert(1)', 'bad-link-source');
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  describe('the permalink page', () => {
    it('shows the full quote, the speaker link, the stance with its measure, and unknowns as "not given in source"', async () => {
      const res = await page('rose-jail-last-resort').expect(200).expect('Content-Type', /html/);
      expect(res.text).toMatch(
        /<blockquote[^>]*data-testid="quote"[^>]*>In fact, that’s the last thing we try to do\. That’s a last resort\.<\/blockquote>/,
      );
      expect(res.text).toContain('<a href="/speakers/dave-rose" data-testid="speaker-link">Dave Rose</a>');
      expect(res.text).toContain('SUSD Police Officers Association President');
      expect(res.text).toContain('<a href="/measures/susd-police-resolution">');
      const text = visibleText(res.text);
      expect(text).toContain('Opposes: SUSD resolution to eliminate the district police department');
      expect(res.text).toMatch(/data-testid="date">not given in source</);
      expect(res.text).toMatch(/data-testid="meeting">not given in source</);
      expect(text).toContain('FOX40 (KTXL)');
    });

    it('marks a verified quote and shows it in its source passage with the words highlighted', async () => {
      const res = await page('rose-jail-last-resort').expect(200);
      expect(res.text).toContain('data-testid="verified">✓ Checked verbatim against the source<');
      expect(res.text).toMatch(
        /data-testid="passage">[^<]*<mark>In fact, that’s the last thing we try to do\. That’s a last resort\.<\/mark>/,
      );
      const unverified = await page('hostile-meta').expect(200);
      expect(unverified.text).not.toContain('data-testid="verified"');
    });

    it('labels a paraphrase as a paraphrase', async () => {
      const res = await page('rose-resolution-shortsighted').expect(200);
      expect(res.text).toContain('Paraphrase by Dave Rose');
      expect(res.text).toContain('data-testid="paraphrase-note"');
      expect(res.text).toMatch(/class="quote big is-paraphrase"/);
    });

    it('links the meeting, the date, the source with its outlet, and the moment in the recording', async () => {
      const res = await page('dated-transcript').expect(200);
      expect(res.text).toMatch(/data-testid="date">December 7, 2023</);
      expect(res.text).toContain('<a href="/meetings/test-board-dec">Test board regular meeting</a>');
      expect(res.text).toContain('Test City Hall');
      expect(res.text).toContain(
        '<a href="https://video.example.org/board?id=7" rel="noopener noreferrer">Board meeting video</a>',
      );
      expect(res.text).toContain('href="https://video.example.org/board?id=7#t=123"');
      expect(visibleText(res.text)).toContain('Play the recording from 2:03');
      // Every other source carrying the same words.
      expect(res.text).toMatch(/data-testid="also-in">[\s\S]*Minutes of December 7[\s\S]*Test Unified School District/);
    });

    it('never renders a non-http(s) source URL as a link', async () => {
      const res = await page('bad-link').expect(200);
      expect(res.text).not.toContain('javascript:');
      expect(res.text).toContain('Bad link article');
    });

    it('lists related statements by the same speaker and on the same measure, never the statement itself', async () => {
      const res = await page('rose-jail-last-resort').expect(200);
      const related = res.text.slice(res.text.indexOf('data-testid="related"'));
      expect(related).toContain('More from Dave Rose');
      expect(related).toContain('href="/statements/rose-not-out-to-jail"');
      expect(related).toContain('More on SUSD resolution to eliminate the district police department');
      expect(related).not.toContain('href="/statements/rose-jail-last-resort"');
      const ids = [...related.matchAll(/href="\/statements\/([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('shows the APA, MLA and Chicago citations as text with copy buttons, and the downloads', async () => {
      const res = await page('rose-jail-last-resort').expect(200);
      expect(res.text).toContain('data-testid="citation-apa">Rose, D. (n.d.). In fact, that’s the last thing we try to do.');
      expect(res.text).toContain('data-testid="citation-mla">Rose, Dave. “In fact, that’s the last thing we try to do.');
      expect(res.text).toContain('data-testid="citation-chicago">Rose, Dave. n.d. “In fact, that’s the last thing we try to do.');
      expect(res.text.match(/class="copy-button" data-copy-target="citation-(apa|mla|chicago)"/g)).toHaveLength(3);
      expect(res.text).toContain('<script src="/static/copy.js" defer></script>');
      for (const style of ['bibtex', 'ris', 'csl-json']) {
        expect(res.text).toContain(`href="/api/statements/rose-jail-last-resort/citation?style=${style}&amp;download=1"`);
      }
      await request(ctx.app)
        .get('/static/copy.js')
        .expect(200)
        .expect('Content-Type', /javascript/);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      const res = await page('no-such-statement').expect(404);
      expect(res.text).toContain('Not found');
      await page('not%20an%20id').expect(404);
    });

    it('answers 410 for a retracted statement, with the reason and the date', async () => {
      const res = await page('to-retract').expect(410).expect('Content-Type', /html/);
      const text = visibleText(res.text);
      expect(text).toContain('Retracted');
      expect(text).toContain('was retracted on May 2, 2024');
      expect(text).toContain('Misattributed: the words were the moderator’s');
      expect(res.text).not.toContain('Words that were never said');
    });

    it('shows a correction, with its date, above the quote', async () => {
      const res = await page('corrected').expect(200);
      const notice = res.text.indexOf('data-testid="corrections"');
      const quote = res.text.indexOf('data-testid="quote"');
      expect(notice).toBeGreaterThan(-1);
      expect(notice).toBeLessThan(quote);
      const text = visibleText(res.text.slice(notice, quote));
      expect(text).toContain('March 1, 2024: An earlier version said ninety counselors; the source says nine.');
      const uncorrected = await page('rose-jail-last-resort').expect(200);
      expect(uncorrected.text).not.toContain('data-testid="corrections"');
    });
  });

  describe('reference-manager metadata', () => {
    it('gives the canonical URL, Highwire citation tags and Open Graph tags', async () => {
      const res = await page('dated-transcript').expect(200);
      const url = `${TEST_BASE_URL}/statements/dated-transcript`;
      expect(res.text).toContain(`<link rel="canonical" href="${url}">`);
      expect(metaContents(res.text, 'citation_title')).toEqual(['Response times matter more than anything else tonight.']);
      expect(metaContents(res.text, 'citation_author')).toEqual(['Avery, Jordan']);
      expect(metaContents(res.text, 'citation_date')).toEqual(['2023/12/07']);
      // The original's URL, type and outlet, as Zotero's Embedded Metadata translator reads them.
      expect(metaContents(res.text, 'citation_public_url')).toEqual(['https://video.example.org/board?id=7']);
      expect(metaContents(res.text, 'prism.publicationName')).toEqual(['Test TV']);
      expect(metaContents(res.text, 'z.itemType')).toEqual(['webpage']);
      expect(metaContents(res.text, 'citation_journal_title')).toEqual([]);
      expect(metaContents(res.text, 'og:type')).toEqual(['article']);
      expect(metaContents(res.text, 'og:url')).toEqual([url]);
      expect(metaContents(res.text, 'og:title')[0]).toContain('Jordan Avery: “Response times matter');
      expect(metaContents(res.text, 'og:description')[0]).toContain('Response times matter more than anything else tonight.');
    });

    it('gives no citation_date when the date is unknown', async () => {
      const res = await page('rose-jail-last-resort').expect(200);
      expect(metaContents(res.text, 'citation_date')).toEqual([]);
      expect(metaContents(res.text, 'citation_author')).toEqual(['Rose, Dave']);
      expect(metaContents(res.text, 'citation_public_url')).toEqual([`${TEST_BASE_URL}/statements/rose-jail-last-resort`]);
    });

    it('escapes the words inside meta tags and the page', async () => {
      const res = await page('hostile-meta').expect(200);
      expect(res.text).not.toContain('"><script>');
      expect(res.text).not.toContain('<script>alert');
      expect(metaContents(res.text, 'citation_title')).toEqual([HOSTILE_TEXT]);
      expect(metaContents(res.text, 'og:description')[0]).toContain(HOSTILE_TEXT);
      expect(res.text).toContain(
        'content="Officers &#34;&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; counselors must work together.">',
      );
    });
  });

  describe('GET /api/statements/:id/citation', () => {
    it('renders every style with its media type', async () => {
      const apa = await citation('rose-jail-last-resort', 'style=apa')
        .expect(200)
        .expect('Content-Type', 'text/plain; charset=utf-8');
      // Undated, so APA gives the retrieval date (today) with the permalink.
      expect(apa.text).toMatch(
        /^Rose, D\. \(n\.d\.\)\. In fact, that’s the last thing we try to do\. That’s a last resort\. \[Quoted in a news article\]\. FOX40 \(KTXL\)\. On Record\. Retrieved [A-Z][a-z]+ \d{1,2}, \d{4}, from http:\/\/onrecord\.test\/statements\/rose-jail-last-resort$/,
      );
      const mla = await citation('rose-jail-last-resort', 'style=mla')
        .expect(200)
        .expect('Content-Type', /^text\/plain/);
      expect(mla.text).toMatch(/^Rose, Dave\. “In fact/);
      const chicago = await citation('rose-jail-last-resort', 'style=chicago')
        .expect(200)
        .expect('Content-Type', /^text\/plain/);
      expect(chicago.text).toMatch(/^Rose, Dave\. n\.d\. “In fact/);
      const bibtex = await citation('rose-jail-last-resort', 'style=bibtex')
        .expect(200)
        .expect('Content-Type', /^application\/x-bibtex/);
      expect(bibtex.text).toMatch(/^@article\{rose-jail-last-resort,\n {2}author = \{Rose, Dave\}/);
      const ris = await citation('rose-jail-last-resort', 'style=ris')
        .expect(200)
        .expect('Content-Type', /^application\/x-research-info-systems/);
      expect(ris.text).toMatch(/^TY {2}- NEWS\nID {2}- rose-jail-last-resort\n/);
      expect(ris.text).toContain(`UR  - ${TEST_BASE_URL}/statements/rose-jail-last-resort`);
      const csl = await citation('dated-transcript', 'style=csl-json')
        .expect(200)
        .expect('Content-Type', /^application\/json/);
      expect(csl.body).toEqual([
        expect.objectContaining({
          id: 'dated-transcript',
          type: 'webpage',
          issued: { 'date-parts': [[2023, 12, 7]] },
          title: '<span class="nocase">Response times matter more than anything else tonight.</span>',
          genre: 'Quoted in “Board meeting video,” at 2:03',
          'container-title': 'Test TV',
          URL: 'https://video.example.org/board?id=7',
          archive: `On Record, ${TEST_BASE_URL}/statements/dated-transcript`,
        }),
      ]);
    });

    it('uses the statement’s date in every style where one is known', async () => {
      for (const style of ['apa', 'mla', 'chicago', 'bibtex', 'ris']) {
        const res = await citation('dated-transcript', `style=${style}`).expect(200);
        expect(res.text, style).toContain('2023');
        expect(res.text, style).toContain('Avery');
      }
    });

    it('answers 400 naming style for an unknown, missing or repeated style, and names unknown parameters', async () => {
      for (const query of ['style=harvard', 'style=harvard1', '', 'style=apa&style=mla', 'style=APA']) {
        const res = await citation('rose-jail-last-resort', query).expect(400).expect('Content-Type', /json/);
        expect(res.body.error).toMatchObject({ code: 'invalid_parameter', param: 'style' });
        expect(res.body.error.message).toContain('apa, mla, chicago, bibtex, ris, csl-json');
      }
      const extra = await citation('rose-jail-last-resort', 'style=apa&format=html').expect(400);
      expect(extra.body.error).toMatchObject({ code: 'invalid_parameter', param: 'format' });
      const download = await citation('rose-jail-last-resort', 'style=apa&download=yes').expect(400);
      expect(download.body.error).toMatchObject({ code: 'invalid_parameter', param: 'download' });
    });

    it('answers 404 for an unknown statement and 410 with the reason for a retracted one', async () => {
      const missing = await citation('no-such-statement', 'style=apa').expect(404).expect('Content-Type', /json/);
      expect(missing.body.error.code).toBe('not_found');
      const retracted = await citation('to-retract', 'style=apa').expect(410).expect('Content-Type', /json/);
      expect(retracted.body.error).toMatchObject({
        code: 'retracted',
        reason: 'Misattributed: the words were the moderator’s',
        retracted_on: '2024-05-02',
      });
    });

    it('offers downloads with a file name that says what they cite', async () => {
      const cases: [string, string][] = [
        ['bibtex', 'rose-jail-last-resort.bib'],
        ['ris', 'rose-jail-last-resort.ris'],
        ['csl-json', 'rose-jail-last-resort.json'],
        ['apa', 'rose-jail-last-resort-apa.txt'],
      ];
      for (const [style, fileName] of cases) {
        const res = await citation('rose-jail-last-resort', `style=${style}&download=1`).expect(200);
        // RFC 6266: a token-safe file name may appear without quotes.
        expect(res.headers['content-disposition']).toMatch(
          new RegExp(`^attachment; filename="?${fileName.replace(/\./g, '\\.')}"?$`),
        );
      }
      const inline = await citation('rose-jail-last-resort', 'style=bibtex').expect(200);
      expect(inline.headers['content-disposition']).toBeUndefined();
    });
  });
});
