import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../server/services/import/import.service.js';
import { drainOutbox } from '../../indexer/outbox.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';
import type { VersionedEntity } from '../../data/version.repository.js';
import { signedInAgent } from '../support/curator-agent.js';

const PASSWORD = 'correct horse battery staple';
const SOURCE_TEXT =
  'The board heard from parents for two hours.\n\n' +
  'Jordan Avery, a parent, said: “We need more counselors in our schools, not more police.”\n\n' +
  'Officer Dana Reyes answered that response times would suffer without officers on campus.';
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

type Agent = ReturnType<typeof request.agent>;

/** The statement form as a curator fills it in, with just what a test cares about changed. */
function statementForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    text: 'Counselors, not cops, keep students safe.',
    kind: 'quote',
    stance: 'support',
    speaker_type: 'person',
    speaker: 'Priya Natarajan',
    role: 'teacher at Test High',
    role_category: 'teacher',
    organization: '',
    measure: 'test-measure',
    meeting: '',
    said_on: '2024-02',
    source: '',
    char_start: '',
    char_end: '',
    time_start: '',
    time_end: '',
    topics: ['mental-health', 'budget'],
    context: '',
    ...overrides,
  };
}

describe('curators editing the archive', () => {
  let ctx: TestContext;
  let agent: Agent;
  let csrf: string;

  const count = (sql: string, ...params: unknown[]) =>
    ctx.store.db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  const counts = () => ({
    statements: count('SELECT count(*) FROM statements'),
    revisions: count('SELECT count(*) FROM revisions'),
    outbox: count('SELECT count(*) FROM index_outbox'),
    corrections: count('SELECT count(*) FROM corrections'),
    people: count('SELECT count(*) FROM people'),
  });
  const permalink = (id: string) => request(ctx.app).get(`/statements/${id}`).set('Accept', 'text/html');
  async function searchIds(q: string): Promise<string[]> {
    await drainOutbox(ctx.store, ctx.target);
    const res = await request(ctx.app).get('/api/search').query({ q, per_page: 100 }).expect(200);
    return (res.body.items as { id: string }[]).map((item) => item.id);
  }
  // The entity each edit page's path names, to post the version its form would carry.
  const ENTITY_OF_PATH: Record<string, VersionedEntity> = {
    statements: 'statement',
    people: 'person',
    organizations: 'organization',
    memberships: 'membership',
    meetings: 'meeting',
    measures: 'measure',
    sources: 'source',
  };
  /** Posts a form; an edit carries the version stored now, as a form loaded just before would. */
  function post(path: string, form: Record<string, unknown>) {
    const edit = /^\/admin\/([a-z]+)\/([^/]+)\/edit$/.exec(path);
    const entity = edit ? ENTITY_OF_PATH[edit[1] as string] : undefined;
    const version = entity && edit ? ctx.store.versions.current(entity, decodeURIComponent(edit[2] as string)) : undefined;
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, ...(version === undefined ? {} : { version: String(version) }), ...form });
  }

  beforeAll(async () => {
    ctx = createTestContext();
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    createImportService(ctx.store).run({
      sources: [
        {
          row: 1,
          value: {
            id: 'gazette-story',
            type: 'news_article',
            title: 'Parents pack board meeting',
            outlet: 'Test Gazette',
            text: SOURCE_TEXT,
          },
        },
      ],
      statements: [
        {
          row: 2,
          value: statementRecord({
            id: 'avery-counselors',
            speaker: { id: 'jordan-avery', name: 'Jordan Avery', role: 'parent', role_category: 'parent' },
            source: { id: 'gazette-story' },
          }),
        },
        {
          row: 3,
          value: statementRecord({
            id: 'reyes-response',
            text: 'response times would suffer without officers on campus',
            kind: 'paraphrase',
            stance: 'oppose',
            speaker: { id: 'dana-reyes', name: 'Dana Reyes', role: 'officer', role_category: 'police' },
            source: { id: 'gazette-story' },
          }),
        },
      ],
      provenance: { via: 'imported', by: 'fixture.ndjson' },
    });
    await prepareIndex(ctx.store, ctx.target);

    ({ agent, csrf } = await signedInAgent(ctx.app, { password: PASSWORD, formPage: '/admin/statements/new' }));
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('sends editing pages to sign-in without a session, and changes nothing for a post without one', async () => {
    for (const path of [
      '/admin/statements',
      '/admin/statements/new',
      '/admin/statements/avery-counselors/edit',
      '/admin/people/jordan-avery/edit',
      '/admin/sources/gazette-story/history',
    ]) {
      const res = await request(ctx.app).get(path).set('Accept', 'text/html').expect(303);
      expect(res.headers.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
    const before = counts();
    await request(ctx.app)
      .post('/admin/statements/new')
      .set('Accept', 'text/html')
      .type('form')
      .send(statementForm())
      .expect(303);
    await request(ctx.app)
      .post('/admin/people/jordan-avery/edit')
      .set('Accept', 'application/json')
      .type('form')
      .send({ name: 'Someone Else' })
      .expect(401);
    expect(counts()).toEqual(before);
    expect(ctx.store.people.findById('jordan-avery')?.name).toBe('Jordan Avery');
  });

  it('refuses a post without a valid CSRF token with 403 and changes nothing', async () => {
    const before = counts();
    await agent.post('/admin/statements/new').type('form').send(statementForm()).expect(403);
    await agent
      .post('/admin/statements/new')
      .type('form')
      .send({ ...statementForm(), _csrf: 'forged-token' })
      .expect(403);
    await agent
      .post('/admin/statements/avery-counselors/edit')
      .type('form')
      .send(statementForm({ text: 'Forged words.' }))
      .expect(403);
    await agent
      .post('/admin/statements/avery-counselors/corrections')
      .type('form')
      .send({ corrected_on: '2024-01-01', note: 'forged' })
      .expect(403);
    await agent.post('/admin/statements/avery-counselors/retract').type('form').send({ reason: 'forged', _csrf: '' }).expect(403);
    await agent
      .post('/admin/people/jordan-avery/edit')
      .type('form')
      .send({ name: 'Forged Name', _csrf: csrf.slice(1) })
      .expect(403);
    expect(counts()).toEqual(before);
    expect(ctx.store.statements.findById('avery-counselors')?.text).toBe(
      'We need more counselors in our schools, not more police.',
    );
    expect(ctx.store.people.findById('jordan-avery')?.name).toBe('Jordan Avery');
  });

  it('adds a statement typed into the form: its permalink says who typed it in, and search finds it after sync', async () => {
    const form = await agent.get('/admin/statements/new').expect(200);
    // Existing speakers are suggested, measures offered in a dropdown, topics as checkboxes.
    expect(form.text).toContain('<datalist id="speaker-options">');
    expect(form.text).toMatch(/<option value="jordan-avery">Jordan Avery \(jordan-avery\)<\/option>/);
    expect(form.text).toMatch(/<select id="statement-form-measure" name="measure"/);
    expect(form.text).toMatch(/type="checkbox" id="statement-form-topics-\d+" name="topics" value="mental-health"/);

    const res = await post('/admin/statements/new', statementForm()).expect(303);
    const id = /^\/admin\/statements\/([^/]+)\/edit\?notice=created$/.exec(String(res.headers.location))?.[1] as string;
    expect(id).toBeTruthy();

    const stored = ctx.store.statements.findById(id);
    expect(stored).toMatchObject({
      text: 'Counselors, not cops, keep students safe.',
      stance: 'support',
      said_on: '2024-02',
      said_on_precision: 'month',
      provenance: { via: 'typed', by: 'maria' },
      topics: ['budget', 'mental-health'],
      measure: { id: 'test-measure' },
      speaker: { id: 'priya-natarajan', name: 'Priya Natarajan', role: 'teacher at Test High', role_category: 'teacher' },
    });
    const revisions = ctx.store.revisions.listOf('statement', id);
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ action: 'create', user_name: 'maria', before_json: null });
    expect(JSON.parse(revisions[0]?.after_json as string)).toMatchObject({ text: 'Counselors, not cops, keep students safe.' });

    const page = await permalink(id).expect(200);
    expect(page.text).toContain('data-testid="provenance">Typed in by a curator (maria)<');
    expect(await searchIds('counselors cops')).toContain(id);

    const created = await agent.get(String(res.headers.location)).expect(200);
    expect(created.text).toContain('The statement was added.');
  });

  it('records an edit as a revision with before and after, and shows the diff on the history page', async () => {
    const id = 'avery-counselors';
    const edit = await agent.get(`/admin/statements/${id}/edit`).expect(200);
    expect(edit.text).toContain('We need more counselors in our schools, not more police.');
    await post(
      `/admin/statements/${id}/edit`,
      statementForm({
        text: 'We need more counselors in our schools, not more police.',
        speaker: 'jordan-avery',
        role: 'parent',
        role_category: 'parent',
        stance: 'oppose',
        said_on: '',
        source: 'gazette-story',
        topics: ['mental-health'],
      }),
    )
      .expect(303)
      .expect('Location', `/admin/statements/${id}/edit?notice=saved`);

    const [latest] = ctx.store.revisions.listOf('statement', id);
    expect(latest).toMatchObject({ action: 'update', user_name: 'maria' });
    expect(JSON.parse(latest?.before_json as string)).toMatchObject({ stance: 'support' });
    expect(JSON.parse(latest?.after_json as string)).toMatchObject({ stance: 'oppose' });

    const history = await agent.get(`/admin/statements/${id}/history`).expect(200);
    expect(history.text).toContain('maria edited');
    expect(history.text).toMatch(
      /data-testid="change-stance"><th scope="row">stance<\/th><td class="diff-before"><del>support<\/del><\/td><td class="diff-after"><ins>oppose<\/ins>/,
    );
    // Only what changed is listed.
    expect(history.text).not.toContain('data-testid="change-text"');

    // Saving the same values again changes nothing and records nothing.
    const before = counts();
    await post(
      `/admin/statements/${id}/edit`,
      statementForm({
        text: 'We need more counselors in our schools, not more police.',
        speaker: 'jordan-avery',
        role: 'parent',
        role_category: 'parent',
        stance: 'oppose',
        said_on: '',
        source: 'gazette-story',
        topics: ['mental-health'],
      }),
    )
      .expect(303)
      .expect('Location', `/admin/statements/${id}/edit?notice=unchanged`);
    expect(counts()).toEqual(before);
  });

  it('shows a validation message next to each bad field, keeps what was typed, and changes nothing', async () => {
    const before = counts();
    const res = await post(
      '/admin/statements/new',
      statementForm({ text: '   ', said_on: 'March 2023', speaker: 'Kept Speaker Name', measure: 'no-such-measure' }),
    ).expect(400);
    expect(res.text).toMatch(
      /<p class="field-error" id="statement-form-text-error" data-testid="error-text">Enter the words that were said<\/p>/,
    );
    expect(res.text).toMatch(
      /<textarea id="statement-form-text" name="text"[^>]* aria-invalid="true" aria-describedby="statement-form-text-hint statement-form-text-error">/,
    );
    expect(res.text).toContain(
      'id="statement-form-said-on-error" data-testid="error-said_on">Enter a date as YYYY, YYYY-MM or YYYY-MM-DD',
    );
    expect(res.text).toMatch(
      /<input id="statement-form-said-on" name="said_on" type="text" value="March 2023"[^>]* aria-invalid="true"/,
    );
    expect(res.text).toContain('value="Kept Speaker Name"');
    expect(res.text).toMatch(/type="checkbox" id="statement-form-topics-\d+" name="topics" value="budget" checked/);

    // Past the form's own checks, an unknown reference is named next to its field too.
    const unknown = await post('/admin/statements/new', statementForm({ measure: 'no-such-measure' })).expect(400);
    expect(unknown.text).toContain('data-testid="error-measure">No measure with this id<');
    expect(unknown.text).toContain('Please correct this problem');
    expect(counts()).toEqual(before);

    const person = await post('/admin/people/jordan-avery/edit', { name: '', sort_name: 'Avery, J.' }).expect(400);
    expect(person.text).toContain('data-testid="error-name">Enter the person’s full name as sources give it<');
    expect(person.text).toContain('value="Avery, J."');
    expect(counts()).toEqual(before);
  });

  it('warns the curator when an edit breaks the verbatim match, and the public page loses the mark', async () => {
    const id = 'avery-counselors';
    const original = ctx.store.statements.findById(id)?.text;
    expect((await permalink(id).expect(200)).text).toContain('data-testid="verified"');
    const edit = {
      text: 'We need many more counselors in our schools.',
      speaker: 'jordan-avery',
      role: 'parent',
      role_category: 'parent',
      stance: 'oppose',
      said_on: '',
      source: 'gazette-story',
      topics: ['mental-health'],
    };
    // Words changed without a reason, and words not in the source without the box ticked: refused, nothing saved.
    const refused = await post(`/admin/statements/${id}/edit`, statementForm(edit)).expect(400);
    expect(refused.text).toContain('data-testid="error-correction_reason">The words of a published statement changed');
    const unconfirmed = await post(
      `/admin/statements/${id}/edit`,
      statementForm({ ...edit, correction_reason: 'The source was misread.' }),
    ).expect(400);
    expect(unconfirmed.text).toContain('data-testid="error-confirm_not_found">These words were not found in the stored text');
    expect(ctx.store.statements.findById(id)?.text).toBe(original);
    expect(ctx.store.statements.findById(id)?.corrections).toEqual([]);

    const res = await post(
      `/admin/statements/${id}/edit`,
      statementForm({ ...edit, correction_reason: 'The source was misread.', confirm_not_found: 'yes' }),
    ).expect(303);
    expect(res.headers.location).toBe(`/admin/statements/${id}/edit?notice=unverified`);
    const page = await agent.get(String(res.headers.location)).expect(200);
    expect(page.text).toContain('no longer found word for word in its source; the verbatim mark was removed');
    expect(ctx.store.statements.findById(id)?.verified).toBe(false);
    const [latest] = ctx.store.revisions.listOf('statement', id);
    expect(JSON.parse(latest?.before_json as string)).toMatchObject({ verified: true });
    expect(JSON.parse(latest?.after_json as string)).toMatchObject({ verified: false });

    const publicPage = await permalink(id).expect(200);
    expect(publicPage.text).not.toContain('data-testid="verified"');
    // The old offsets pointed at the old words: no stale passage is highlighted.
    expect(publicPage.text).not.toContain('data-testid="passage"');
    expect(publicPage.text).toContain('data-testid="provenance">Imported from a file (fixture.ndjson)<');
    // Not found, said loudly; and the change of words is a public correction with both versions.
    expect(ctx.store.statements.findById(id)?.verbatim_status).toBe('not_found');
    expect(publicPage.text).toContain('data-testid="verbatim-warning"');
    expect(publicPage.text).toContain('data-testid="passage-missing"');
    expect(publicPage.text).toContain(`data-testid="correction-old">${original}<`);
    expect(publicPage.text).toContain('data-testid="correction-new">We need many more counselors in our schools.<');
    expect(publicPage.text).toContain('The source was misread.');
  });

  it('adds a correction that the permalink shows above the quote, with a revision', async () => {
    const id = 'reyes-response';
    await post(`/admin/statements/${id}/corrections`, { corrected_on: '', note: '' })
      .expect(400)
      .expect((res) => expect(res.text).toContain('data-testid="error-note">Say what was corrected'));
    const form = await agent.get(`/admin/statements/${id}/edit`).expect(200);
    expect(form.text).toMatch(new RegExp(`name="corrected_on" type="text" value="${new Date().toISOString().slice(0, 10)}"`));

    await post(`/admin/statements/${id}/corrections`, {
      corrected_on: '2024-03-05',
      note: 'An earlier version named the wrong officer.',
    })
      .expect(303)
      .expect('Location', `/admin/statements/${id}/edit?notice=corrected`);
    const page = await permalink(id).expect(200);
    const correction = page.text.indexOf('An earlier version named the wrong officer.');
    expect(correction).toBeGreaterThan(0);
    expect(correction).toBeLessThan(page.text.indexOf('data-testid="quote"'));
    expect(page.text).toContain('March 5, 2024');
    expect(ctx.store.revisions.listOf('statement', id)[0]).toMatchObject({ action: 'correct', user_name: 'maria' });
  });

  it('retracts a statement: the permalink answers 410 with the reason and search drops it after sync', async () => {
    const id = 'reyes-response';
    expect(await searchIds('response times')).toContain(id);
    await post(`/admin/statements/${id}/retract`, { reason: '' }).expect(400);
    expect(ctx.store.statements.findById(id)?.status).toBe('published');

    await post(`/admin/statements/${id}/retract`, { reason: 'The quote was attributed to the wrong speaker.' })
      .expect(303)
      .expect('Location', `/admin/statements/${id}/edit?notice=retracted`);
    const tombstone = await permalink(id).expect(410);
    expect(tombstone.text).toContain('The quote was attributed to the wrong speaker');
    expect(await searchIds('response times')).not.toContain(id);
    expect(ctx.store.revisions.listOf('statement', id)[0]).toMatchObject({ action: 'retract', user_name: 'maria' });

    const admin = await agent.get(`/admin/statements/${id}/edit`).expect(200);
    expect(admin.text).toContain('data-testid="retracted"');
    const before = counts();
    await post(`/admin/statements/${id}/edit`, statementForm({ speaker: 'dana-reyes' })).expect(409);
    expect(counts()).toEqual(before);
  });

  it('reindexes a person’s statements when their name is edited, so search finds them by the new name', async () => {
    expect(await searchIds('Averyson')).not.toContain('avery-counselors');
    await post('/admin/people/jordan-avery/edit', { name: 'Jordan Averyson', sort_name: '' })
      .expect(303)
      .expect('Location', '/admin/people/jordan-avery/edit?notice=saved');
    expect(ctx.store.people.findById('jordan-avery')).toMatchObject({ name: 'Jordan Averyson', sort_name: 'Averyson, Jordan' });
    expect(await searchIds('Averyson')).toContain('avery-counselors');
    const [revision] = ctx.store.revisions.listOf('person', 'jordan-avery');
    expect(JSON.parse(revision?.before_json as string)).toMatchObject({ name: 'Jordan Avery' });
    expect(JSON.parse(revision?.after_json as string)).toMatchObject({ name: 'Jordan Averyson' });
    const history = await agent.get('/admin/people/jordan-avery/history').expect(200);
    expect(history.text).toContain('<del>Jordan Avery</del>');
    expect(history.text).toContain('<ins>Jordan Averyson</ins>');
  });

  it('adds measures, sources and memberships through their forms, refusing a taken id', async () => {
    await post('/admin/measures/new', {
      id: '',
      title: 'Test plan to add counselors',
      body_id: '',
      description: 'Two counselors per school.',
      outcome: '',
      decided_on: '2024',
    })
      .expect(303)
      .expect('Location', '/admin/measures/test-plan-to-add-counselors/edit?notice=created');
    expect(ctx.store.measures.findById('test-plan-to-add-counselors')).toMatchObject({
      decided_on: '2024',
      decided_on_precision: 'year',
    });
    const taken = await post('/admin/measures/new', { id: 'test-measure', title: 'Another' }).expect(400);
    expect(taken.text).toContain('The id “test-measure” is taken');

    await post('/admin/sources/new', {
      id: 'minutes-feb',
      type: 'minutes',
      title: 'Minutes of February 6',
      url: 'javascript:alert(1)',
      text: '',
    })
      .expect(400)
      .expect((res) => expect(res.text).toContain('data-testid="error-url">Enter a full http(s) address'));
    await post('/admin/sources/new', {
      id: 'minutes-feb',
      type: 'minutes',
      title: 'Minutes of February 6',
      url: 'https://example.org/minutes',
      text: 'Ms. Natarajan said counselors help every student.',
    }).expect(303);
    const res = await post(
      '/admin/statements/new',
      statementForm({
        text: 'counselors help every student',
        speaker: 'priya-natarajan',
        source: 'minutes-feb',
        measure: 'test-plan-to-add-counselors',
      }),
    ).expect(303);
    const id = /statements\/([^/]+)\/edit/.exec(String(res.headers.location))?.[1] as string;
    expect(ctx.store.statements.findById(id)).toMatchObject({ verified: true, position: { char_start: 19, char_end: 48 } });

    await post('/admin/memberships/new', {
      person_id: 'priya-natarajan',
      organization_id: 'test-district',
      role: 'counselor',
      role_category: 'district_staff',
      start_date: '2021',
      end_date: '',
    }).expect(303);
    const twin = await post('/admin/memberships/new', {
      person_id: 'priya-natarajan',
      organization_id: 'test-district',
      role: 'counselor',
    }).expect(400);
    expect(twin.text).toContain('This person already has this role in this organization');

    // Editing the source's text so the words are gone removes their mark and says so.
    const edited = await post('/admin/sources/minutes-feb/edit', {
      type: 'minutes',
      title: 'Minutes of February 6',
      url: 'https://example.org/minutes',
      text: 'The minutes were amended.',
    }).expect(303);
    expect(edited.headers.location).toBe('/admin/sources/minutes-feb/edit?notice=recheck&n=1');
    expect((await agent.get(String(edited.headers.location)).expect(200)).text).toContain(
      '1 statement citing this source is no longer found word for word',
    );
    expect(ctx.store.statements.findById(id)?.verified).toBe(false);

    const lists = [];
    for (const path of [
      '/admin/statements?q=every%20student',
      '/admin/people?q=natarajan',
      '/admin/measures',
      '/admin/sources',
      '/admin/memberships',
      '/admin/organizations',
      '/admin/meetings',
    ]) {
      lists.push(await agent.get(path).expect(200));
    }
    expect(lists[0]?.text).toContain(`/admin/statements/${id}/edit`);
    expect(lists[1]?.text).toContain('/admin/people/priya-natarajan/edit');
  });

  it('finds statements with a LIKE search that treats % and _ literally', async () => {
    const all = await agent.get('/admin/statements').query({ q: '%' }).expect(200);
    expect(all.text).toContain('Nothing found for “%”.');
  });

  it('stores script payloads as text and renders them escaped on admin pages and the permalink', async () => {
    const text = `Safety first ${SCRIPT} and ${IMG} always.`;
    const res = await post(
      '/admin/statements/new',
      statementForm({ text, speaker: `Mallory ${IMG}`, role: SCRIPT, context: IMG }),
    ).expect(303);
    const id = /statements\/([^/]+)\/edit/.exec(String(res.headers.location))?.[1] as string;
    const stored = ctx.store.statements.findById(id);
    expect(stored?.text).toBe(text);
    expect(stored?.speaker.name).toBe(`Mallory ${IMG}`);

    await post(
      `/admin/statements/${id}/edit`,
      statementForm({
        text: `${text} ${SCRIPT}`,
        speaker: stored?.speaker.id as string,
        role: SCRIPT,
        context: IMG,
        correction_reason: `Added ${SCRIPT}`,
      }),
    ).expect(303);
    await post(`/admin/statements/${id}/corrections`, { corrected_on: '2024-04-01', note: `Fixed ${SCRIPT}` }).expect(303);

    const pages = [
      await agent.get(`/admin/statements/${id}/edit`),
      await agent.get(`/admin/statements/${id}/history`),
      await agent.get('/admin/statements').query({ q: 'Safety first' }),
      await agent.get('/admin/people').query({ q: 'Mallory' }),
      await permalink(id),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(SCRIPT);
      expect(page.text).not.toContain(IMG);
      expect(page.text).not.toMatch(/<img src=x/i);
    }
    expect(pages[0]?.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages[1]?.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(pages[4]?.text).toContain('Fixed &lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
