import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../data/import/import.errors.js';
import { popoloToImportPlan } from '../../data/popolo/popolo.import.js';
import { prepareIndex } from '../../indexer/rebuild.js';
import { hashPassword } from '../../server/admin/passwords.js';
import { createImportService } from '../../server/services/import/import.service.js';
import { loadSeed } from '../../server/services/seed.service.js';
import { createTestContext, statementRecord, type TestContext } from '../support/test-context.js';
import { signedInAgent } from '../support/curator-agent.js';

/**
 * Open Civic Data division ids from the official list: the seed's districts carry theirs, an id not
 * in the list is refused (import files, Popolo files, the admin form) with the nearest real ids,
 * organization and measure pages and their JSON show the id, and a search can keep to a district.
 */

const STOCKTON = 'ocd-division/country:us/state:ca/county:san_joaquin/school_district:stockton_unified';
const OAKLAND = 'ocd-division/country:us/state:ca/county:alameda/school_district:oakland_unified';
const NO_COUNTY = 'ocd-division/country:us/state:ca/school_district:stockton_unified';
const PASSWORD = 'correct horse battery staple';

describe('Open Civic Data division ids', () => {
  let ctx: TestContext;
  const contentCounts = () =>
    ctx.store.db
      .prepare(
        `SELECT (SELECT count(*) FROM statements) AS statements, (SELECT count(*) FROM organizations) AS organizations,
                (SELECT count(*) FROM index_outbox) AS outbox, (SELECT group_concat(ocd_id) FROM organizations) AS ids`,
      )
      .get();
  const refusal = (run: () => unknown): string[] => {
    try {
      run();
    } catch (error) {
      if (error instanceof ImportError) return error.problems.map((p) => `row ${p.row}, ${p.field}: ${p.message}`);
      throw error;
    }
    throw new Error('expected the import to be refused');
  };

  beforeAll(async () => {
    ctx = createTestContext();
    loadSeed(ctx.store);
    // A district that speaks in its own name, with its division.
    createImportService(ctx.store).run({
      organizations: [
        { row: 1, value: { id: 'oakland-usd', name: 'Oakland Unified School District', state: 'CA', ocd_id: OAKLAND } },
      ],
      statements: [
        {
          row: 2,
          value: statementRecord({
            id: 'oakland-letter',
            text: 'The district asks the state for counselor funding.',
            kind: 'written_comment',
            speaker: { id: 'oakland-usd', type: 'organization' },
            measure: null,
          }),
        },
      ],
    });
    await prepareIndex(ctx.store, ctx.target);
  }, 120_000);
  afterAll(async () => {
    await ctx.cleanup();
  });

  it('gives the seed districts their real ids', () => {
    expect(ctx.store.organizations.findById('stockton-usd')?.ocd_id).toBe(STOCKTON);
    expect(ctx.store.organizations.findById('lausd')?.ocd_id).toBe(
      'ocd-division/country:us/state:ca/county:los_angeles/school_district:los_angeles_unified',
    );
    // A coalition is no division: unknown stays unknown.
    expect(ctx.store.organizations.findById('police-free-lausd')?.ocd_id).toBeNull();
  });

  it('refuses an import naming an id not in the official list, suggesting the nearest real ones, and writes nothing', () => {
    const before = contentCounts();
    const problems = refusal(() =>
      createImportService(ctx.store).run({
        statements: [
          {
            row: 1,
            value: statementRecord({
              id: 'bad-division',
              measure: {
                id: 'new-measure',
                title: 'A new measure',
                body: { id: 'stockton-usd-2', name: 'Stockton USD', ocd_id: NO_COUNTY },
              },
            }),
          },
        ],
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^row 1, measure\\.body\\.ocd_id: "${NO_COUNTY}" is not in the official Open Civic Data list of US divisions; ` +
          `nearest real ids: ${STOCKTON}, `,
      ),
    );
    // The example: capitals, a space, a made-up name.
    const bogus = refusal(() =>
      createImportService(ctx.store).run({
        organizations: [
          { row: 4, value: { id: 'bogus', name: 'Bogus SD', ocd_id: 'ocd-division/country:US/state:OR/school district:Bogus' } },
        ],
        statements: [],
      }),
    );
    expect(bogus[0]).toMatch(
      /^row 4, ocd_id: "ocd-division\/country:US\/state:OR\/school district:Bogus" is not in the official/,
    );
    expect(contentCounts()).toEqual(before);
  });

  it('refuses such an id in a Popolo file under its Popolo field', () => {
    const before = contentCounts();
    const problems = refusal(() =>
      createImportService(ctx.store).run(
        popoloToImportPlan({
          organizations: [
            { id: 'a-district', name: 'A District', identifiers: [{ scheme: 'ocd-division', identifier: NO_COUNTY }] },
          ],
          persons: [],
        }),
      ),
    );
    expect(problems[0]).toMatch(new RegExp(`^row 1, organizations\\.identifiers: "${NO_COUNTY}" is not in the official`));
    expect(contentCounts()).toEqual(before);
  });

  it('refuses it in the admin form, next to the field, with the suggestions', async () => {
    ctx.store.curators.save('maria', await hashPassword(PASSWORD));
    const { agent, csrf } = await signedInAgent(ctx.app, { password: PASSWORD, formPage: '/admin/organizations/new' });
    const before = contentCounts();
    const refused = await agent
      .post('/admin/organizations/new')
      .type('form')
      .send({ _csrf: csrf, id: 'new-district', name: 'New District', state: 'CA', ocd_id: NO_COUNTY })
      .expect(400);
    expect(refused.text).toContain('is not in the official Open Civic Data list of US divisions; nearest real ids: ' + STOCKTON);
    expect(contentCounts()).toEqual(before);
    const saved = await agent
      .post('/admin/organizations/new')
      .type('form')
      .send({ _csrf: csrf, id: 'new-district', name: 'New District', state: 'CA', ocd_id: STOCKTON })
      .expect(303);
    expect(saved.headers.location).toContain('/admin/organizations/new-district/edit');
    expect(ctx.store.organizations.findById('new-district')?.ocd_id).toBe(STOCKTON);
  });

  it('shows the id on an organization’s page and a measure’s page, and in their JSON', async () => {
    const speakerPage = await request(ctx.app).get('/speakers/oakland-usd').expect(200);
    expect(speakerPage.text).toContain(
      `Open Civic Data division: <code>${OAKLAND}</code> · <a href="/search?ocd_id=${encodeURIComponent(OAKLAND)}">`,
    );
    const speakerJson = await request(ctx.app).get('/api/speakers/oakland-usd').expect(200);
    expect(speakerJson.body).toMatchObject({ id: 'oakland-usd', type: 'organization', ocd_id: OAKLAND });
    // A person has no division; an organization without one shows none.
    const person = await request(ctx.app).get('/api/speakers/lange-luntao').expect(200);
    expect(person.body.ocd_id).toBeNull();
    const coalition = await request(ctx.app).get('/speakers/stockton-coalition-for-shared-safety').expect(200);
    expect(coalition.text).not.toContain('Open Civic Data division');

    const measurePage = await request(ctx.app).get('/measures/susd-police-resolution').expect(200);
    expect(measurePage.text).toContain(`Open Civic Data division: <code>${STOCKTON}</code>`);
    const measureJson = await request(ctx.app).get('/api/measures/susd-police-resolution').expect(200);
    expect(measureJson.body.body).toEqual({ id: 'stockton-usd', name: 'Stockton Unified School District', ocd_id: STOCKTON });
  });

  it('searches one district by its id, refuses an id not in the list naming the parameter, and finds nothing for a division without a body', async () => {
    const all = await request(ctx.app).get('/api/search').query({ per_page: 100 }).expect(200);
    const byBody = await request(ctx.app).get('/api/search').query({ body: 'stockton-usd', per_page: 100 }).expect(200);
    const atStockton = byBody.body.items as { id: string }[];
    expect(atStockton.length).toBeGreaterThan(0);
    expect(atStockton.length).toBeLessThan(all.body.total);

    const district = await request(ctx.app).get('/api/search').query({ ocd_id: STOCKTON, per_page: 100 }).expect(200);
    expect(district.body.total).toBe(atStockton.length);
    expect((district.body.items as { id: string }[]).map((s) => s.id).sort()).toEqual(atStockton.map((s) => s.id).sort());

    // The search page too, with the district's body shown as the filter in use.
    const page = await request(ctx.app).get('/search').query({ ocd_id: STOCKTON }).expect(200);
    expect(page.text).toContain('Stockton Unified School District');

    const refused = await request(ctx.app).get('/api/search').query({ ocd_id: NO_COUNTY }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('ocd_id');
    expect(JSON.stringify(refused.body)).toContain(`nearest real ids: ${STOCKTON}`);
    // Request text never reaches a filter: a quote in it is refused like any id not in the list.
    await request(ctx.app).get('/api/search').query({ ocd_id: 'x" OR body_id EXISTS' }).expect(400);

    const empty = await request(ctx.app)
      .get('/api/search')
      .query({ ocd_id: 'ocd-division/country:us/state:ca/county:alameda/school_district:albany_city_unified' })
      .expect(200);
    expect(empty.body.total).toBe(0);
  });
});
