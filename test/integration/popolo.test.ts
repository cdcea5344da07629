import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { POPOLO_FORMAT_VERSION, popoloJsonChunks, type PopoloDocument } from '../../data/popolo/popolo.export.js';
import { openStore, type Store } from '../../data/store.js';
import { correctStatement, retractStatement } from '../../server/services/statement-editing.service.js';
import { CONTENT_TABLES, readAllRows, readArchiveContent } from '../support/archive-content.js';
import { createTestContext, statementRecord } from '../support/test-context.js';
import { listMigrations } from '../../data/db.js';
import { runCliSync } from '../support/app-process.js';
import { createPopoloValidator } from '../support/popolo-schemas.js';
import request from 'supertest';
import { popoloToImportPlan } from '../../data/popolo/popolo.import.js';
import { createImportService } from '../../server/services/import/import.service.js';

// The schema this code migrates to: tests follow new migrations without edits.
const LATEST_SCHEMA = listMigrations().at(-1)?.version;

/**
 * `onrecord export --format popolo` and `onrecord import` of that file: the seed archive plus
 * statements that exercise what the Statement JSON alone cannot carry (a retraction, corrections,
 * a membership with dates, a person nobody quotes, further sources), exported, checked for
 * Popolo's shape, and imported into an empty archive to the same content, twice.
 */

const KEYS: Record<string, string[]> = {
  persons: ['id', 'name', 'sort_name'],
  organizations: ['id', 'name', 'classification', 'identifiers', 'state'],
  memberships: ['person_id', 'organization_id', 'role', 'role_category', 'start_date', 'end_date'],
  membershipsWithoutOrganization: ['person_id', 'role', 'role_category', 'start_date', 'end_date'],
  events: ['id', 'name', 'organization_id', 'start_date', 'date_precision', 'location'],
  motions: ['id', 'text', 'title', 'organization_id', 'description', 'result', 'vote_events'],
  speeches: [
    'id',
    'creator_id',
    'role',
    'role_category',
    'speaker_organization_id',
    'text',
    'date',
    'partial_date',
    'date_precision',
    'event_id',
    'motion_id',
    'stance',
    'kind',
    'language',
    'context',
    'topics',
    'source_refs',
    'sources',
    'verified',
    'status',
    'retraction_reason',
    'retracted_on',
    'corrections',
    'entered_via',
    'entered_by',
    'created_at',
    'updated_at',
  ],
  sources: ['id', 'type', 'title', 'outlet', 'author', 'url', 'published_on', 'published_on_precision', 'retrieved_on', 'text'],
  topics: ['slug', 'label', 'description'],
};

/** A real division id from the official list (the test district stands in for it). */
const TEST_DISTRICT_OCD_ID = 'ocd-division/country:us/state:ca/county:alameda/school_district:oakland_unified';

const QUOTE = 'We need more counselors in our schools, not more police.';
const SOURCE_TEXT = `At the hearing Ms. Avery said: "${QUOTE}" Then the board voted.`;
const QUOTE_AT = { char_start: SOURCE_TEXT.indexOf(QUOTE), char_end: SOURCE_TEXT.indexOf(QUOTE) + QUOTE.length };

/** The keys of a list's objects: memberships without an organization and collective speeches have their own. */
function keysOf(list: string, item: Record<string, unknown>): string[] {
  if (list === 'memberships' && !('organization_id' in item)) return KEYS.membershipsWithoutOrganization!;
  if (list === 'speeches' && 'creator_organization_id' in item) {
    return KEYS.speeches!.flatMap((key) => (key === 'creator_id' ? ['creator_organization_id', 'attribution_text'] : [key]));
  }
  return KEYS[list]!;
}

describe('Popolo export and import', () => {
  let work: string;
  let original: string;
  let copy: string;
  const run = (dataDir: string, ...args: string[]) =>
    runCliSync(
      args,
      {
        DATA_DIR: dataDir,
        MEILI_URL: inject('meiliUrl'),
        MEILI_MASTER_KEY: inject('meiliKey'),
        MEILI_INDEX: `popolo_${Date.now().toString(36)}`,
      },
      { maxBuffer: 64 * 1024 * 1024 },
    );
  const withStore = <T>(dataDir: string, fn: (store: Store) => T): T => {
    const store = openStore(join(dataDir, 'archive.db'));
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };
  const archiveOf = (dataDir: string) => join(dataDir, 'archive.db');
  let document: PopoloDocument;
  let exportFile: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'onrecord-popolo-'));
    original = join(work, 'original');
    copy = join(work, 'copy');
    expect(run(original, 'seed').status).toBe(0);
    const extra = join(work, 'extra.ndjson');
    writeFileSync(
      extra,
      [
        statementRecord({
          id: 'pop-two-sources',
          said_on: '2024-05',
          context: 'Public comment, item 7.',
          topics: ['mental-health', 'budget'],
          source: {
            id: 'pop-minutes',
            type: 'minutes',
            title: 'Minutes of the May meeting',
            url: 'https://example.org/minutes/may',
            text: SOURCE_TEXT,
          },
          position: QUOTE_AT,
          also_in: [
            {
              source: { id: 'pop-video', type: 'video', title: 'Board meeting video', outlet: 'District channel' },
              position: { time_start: 754.5, time_end: 761 },
            },
          ],
        }),
        statementRecord({
          id: 'pop-undated',
          text: 'Nobody told us what the new officers would do.',
          stance: 'unclear',
          topics: [],
          measure: null,
        }),
        statementRecord({
          id: 'pop-retracted',
          text: 'The contract costs twice what the district says.',
          stance: 'oppose',
          said_on: '2023',
        }),
        statementRecord({
          id: 'pop-decided',
          text: 'Vote for the counselors tonight.',
          said_on: '2024-06-11',
          measure: {
            id: 'pop-decided-measure',
            title: 'Counselors instead of officers',
            outcome: 'Adopted 5-2',
            decided_on: '2024-06-11',
            body: { id: 'test-district' },
          },
        }),
        statementRecord({
          id: 'pop-corrected',
          text: 'Our counselors see four hundred students each.',
          said_on: '2024-05-14',
          speaker: {
            name: 'Riley Chen',
            role: 'school counselor',
            role_category: 'district_staff',
            organization: { id: 'test-district', name: 'Test Unified School District' },
          },
        }),
        JSON.stringify({
          id: 'pop-collective',
          text: 'The coalition asks the board to vote no.',
          kind: 'written_comment',
          stance: 'oppose',
          speaker: { id: 'stockton-coalition-for-shared-safety', type: 'organization' },
        }),
      ]
        .map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))
        .join('\n') + '\n',
    );
    const imported = run(original, 'import', extra);
    expect(imported.status, imported.stderr).toBe(0);

    // What a curator does in the app: retract, correct (twice, and a seed statement once), and record
    // a membership with its dates, a person nobody quotes yet, and a district's division id.
    withStore(original, (store) => {
      const find = (id: string) => store.statements.findById(id)!;
      expect(
        retractStatement(
          store,
          find('pop-retracted'),
          { reason: 'The figure was the speaker’s guess, not the budget’s.' },
          'curator',
          '2024-06-03',
        ),
      ).toEqual({ ok: true });
      expect(
        correctStatement(
          store,
          find('pop-corrected'),
          { corrected_on: '2024-06-01', note: 'The speaker’s role was misstated.' },
          'curator',
        ),
      ).toEqual({ ok: true });
      expect(
        correctStatement(
          store,
          find('pop-corrected'),
          { corrected_on: '2024-06-04', note: 'The number of students was misheard.' },
          'curator',
        ),
      ).toEqual({ ok: true });
      expect(
        correctStatement(
          store,
          find('rose-resolution-shortsighted'),
          { corrected_on: '2024-06-02', note: 'Date of the meeting fixed.' },
          'curator',
        ),
      ).toEqual({ ok: true });
      store.transaction(() => {
        store.memberships.insert({
          person_id: 'riley-chen',
          organization_id: 'test-district',
          role: 'head counselor',
          role_category: 'district_staff',
          start_date: '2019-08',
          end_date: '2023',
        });
        store.people.upsert({ id: 'quiet-person', name: 'Quiet Person', sort_name: 'Person, Quiet' });
        store.organizations.upsert({
          id: 'test-district',
          name: 'Test Unified School District',
          classification: 'district',
          state: 'CA',
          ocd_id: TEST_DISTRICT_OCD_ID,
        });
      });
    });

    exportFile = join(work, 'archive.popolo.json');
    const exported = run(original, 'export', '--format', 'popolo', '--output', exportFile);
    expect(exported.status, exported.stderr).toBe(0);
    document = JSON.parse(readFileSync(exportFile, 'utf8')) as PopoloDocument;
  }, 60_000);
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('writes Popolo-shaped JSON with every statement, retracted ones and corrections included, to stdout or a file', () => {
    const toStdout = run(original, 'export', '--format', 'popolo');
    expect(toStdout.status, toStdout.stderr).toBe(0);
    expect(toStdout.stderr).toBe('');
    const streamed = JSON.parse(toStdout.stdout) as PopoloDocument;
    expect({ ...streamed, on_record: { ...streamed.on_record, exported_at: null } }).toEqual({
      ...document,
      on_record: { ...document.on_record, exported_at: null },
    });

    expect(Object.keys(document).sort()).toEqual([
      'events',
      'memberships',
      'motions',
      'on_record',
      'organizations',
      'persons',
      'sources',
      'speeches',
      'topics',
    ]);
    expect(document.on_record).toMatchObject({
      format: 'popolo',
      version: POPOLO_FORMAT_VERSION,
      schema_version: LATEST_SCHEMA,
      seeded_at: expect.any(String),
    });
    for (const list of Object.keys(KEYS).filter((key) => key in document)) {
      const items = document[list as keyof PopoloDocument] as unknown as Record<string, unknown>[];
      expect(items.length, list).toBeGreaterThan(0);
      for (const item of items) {
        expect(Object.keys(item), `${list} ${JSON.stringify(item).slice(0, 80)}`).toEqual(keysOf(list, item));
      }
    }
    const counts = withStore(original, (store) => ({
      statements: store.db.prepare('SELECT count(*) FROM statements').pluck().get(),
      people: store.db.prepare('SELECT count(*) FROM people').pluck().get(),
      memberships: store.db.prepare('SELECT count(*) FROM memberships').pluck().get(),
    }));
    expect(document.speeches).toHaveLength(counts.statements as number);
    expect(document.persons).toHaveLength(counts.people as number);
    expect(document.memberships).toHaveLength(counts.memberships as number);

    // Every reference resolves inside the file; every date is a Popolo date.
    const ids = (list: { id: string }[]) => new Set(list.map((x) => x.id));
    const persons = ids(document.persons);
    const organizations = ids(document.organizations);
    const events = ids(document.events);
    const motions = ids(document.motions);
    const sources = ids(document.sources);
    const topics = new Set(document.topics.map((t) => t.slug));
    for (const m of document.memberships) {
      expect(persons.has(m.person_id)).toBe(true);
      if (m.organization_id !== undefined) expect(organizations.has(m.organization_id)).toBe(true);
    }
    for (const s of document.speeches) {
      if (s.creator_id !== undefined) expect(persons.has(s.creator_id), s.id).toBe(true);
      else expect(organizations.has(s.creator_organization_id!), s.id).toBe(true);
      if (s.event_id !== null) expect(events.has(s.event_id)).toBe(true);
      if (s.motion_id !== null) expect(motions.has(s.motion_id)).toBe(true);
      if (s.speaker_organization_id !== null) expect(organizations.has(s.speaker_organization_id)).toBe(true);
      for (const ref of s.source_refs) expect(sources.has(ref.source_id)).toBe(true);
      for (const slug of s.topics) expect(topics.has(slug)).toBe(true);
    }

    const speech = (id: string) => document.speeches.find((s) => s.id === id)!;
    expect(speech('pop-retracted')).toMatchObject({
      status: 'retracted',
      retraction_reason: 'The figure was the speaker’s guess, not the budget’s.',
      retracted_on: '2024-06-03',
    });
    expect(speech('pop-corrected')).toMatchObject({
      creator_id: 'riley-chen',
      date: '2024-05-14T00:00:00Z',
      partial_date: null,
      date_precision: 'day',
      role: 'school counselor',
      role_category: 'district_staff',
      speaker_organization_id: 'test-district',
      corrections: [
        { date: '2024-06-01', note: 'The speaker’s role was misstated.' },
        { date: '2024-06-04', note: 'The number of students was misheard.' },
      ],
    });
    // A month or a year alone is no date-time: Popolo's date stays null, the partial date beside it.
    expect(speech('pop-two-sources')).toMatchObject({
      date: null,
      partial_date: '2024-05',
      date_precision: 'month',
      verified: true,
      kind: 'quote',
      stance: 'support',
      motion_id: 'test-measure',
      topics: ['budget', 'mental-health'],
      context: 'Public comment, item 7.',
      entered_via: 'imported',
      entered_by: 'extra.ndjson',
      source_refs: [
        { source_id: 'pop-minutes', ...QUOTE_AT, time_start: null, time_end: null },
        { source_id: 'pop-video', char_start: null, char_end: null, time_start: 754.5, time_end: 761 },
      ],
      sources: [{ url: 'https://example.org/minutes/may', note: 'Minutes of the May meeting' }],
    });
    expect(speech('pop-retracted')).toMatchObject({ date: null, partial_date: '2023', date_precision: 'year' });
    // Popolo's creator is a person: a collective statement names its organization in an extension.
    expect(speech('pop-collective')).toMatchObject({
      creator_organization_id: 'stockton-coalition-for-shared-safety',
      attribution_text: 'Stockton Coalition for Shared Safety',
      kind: 'written_comment',
    });
    expect(speech('pop-collective')).not.toHaveProperty('creator_id');
    const motion = (id: string) => document.motions.find((m) => m.id === id)!;
    expect(motion('pop-decided-measure')).toMatchObject({
      result: 'Adopted 5-2',
      vote_events: [
        {
          motion_id: 'pop-decided-measure',
          organization_id: 'test-district',
          start_date: '2024-06-11T00:00:00Z',
          partial_start_date: null,
          result: 'Adopted 5-2',
        },
      ],
    });
    expect(motion('lausd-community-based-safety-resolution').vote_events).toEqual([
      {
        motion_id: 'lausd-community-based-safety-resolution',
        organization_id: 'lausd',
        start_date: null,
        partial_start_date: '2023-06',
        result: 'Passed',
      },
    ]);
    // An outcome without a date is the motion's result alone: no vote event with an invented date.
    expect(motion('reimagine-school-safety')).toMatchObject({ result: expect.any(String), vote_events: [] });
    // Unknown stays unknown: no date, meeting, measure, role or sources invented.
    expect(speech('pop-undated')).toMatchObject({
      date: null,
      partial_date: null,
      date_precision: 'unknown',
      event_id: null,
      motion_id: null,
      verified: false,
    });
    expect(speech('pop-collective')).toMatchObject({ role: null, source_refs: [], sources: [] });
    expect(document.memberships).toContainEqual({
      person_id: 'riley-chen',
      organization_id: 'test-district',
      role: 'head counselor',
      role_category: 'district_staff',
      start_date: '2019-08',
      end_date: '2023',
    });
    expect(document.organizations.find((o) => o.id === 'test-district')?.identifiers).toEqual([
      { scheme: 'ocd-division', identifier: TEST_DISTRICT_OCD_ID },
    ]);
    expect(document.persons).toContainEqual({ id: 'quiet-person', name: 'Quiet Person', sort_name: 'Person, Quiet' });
  }, 60_000);

  it('passes the official popolo-spec schemas with 0 violations, partial dates, collective speakers and all', () => {
    const validate = createPopoloValidator();
    // What the file must exercise for the check to mean something.
    const speeches = document.speeches;
    expect(speeches.some((s) => s.date_precision === 'day')).toBe(true);
    expect(speeches.some((s) => s.date_precision === 'month')).toBe(true);
    expect(speeches.some((s) => s.date_precision === 'year')).toBe(true);
    expect(speeches.some((s) => s.creator_organization_id !== undefined)).toBe(true);
    expect(document.memberships.some((m) => m.organization_id === undefined)).toBe(true);
    expect(document.memberships.some((m) => m.organization_id !== undefined)).toBe(true);
    expect(document.motions.some((m) => m.result !== null && m.vote_events.length > 0)).toBe(true);
    expect(validate(document as unknown as Record<string, unknown>)).toEqual([]);

    // The validator does see what the format-1 file got wrong.
    const old = structuredClone(document) as unknown as Record<string, Record<string, unknown>[]>;
    old.speeches![0]!.date = '2024-05';
    old.memberships![0]!.organization_id = 7;
    old.motions![0]!.date = '2023-06';
    expect(validate(old)).toEqual([
      'memberships[0].organization_id: is not of a type(s) string,null',
      'motions[0].date: does not conform to the "date-time" format',
      'speeches[0].date: does not conform to the "date-time" format',
    ]);
  });

  it('serves the same document at /export/popolo.json, streamed from a snapshot, without the sources’ stored text', async () => {
    const ctx = createTestContext();
    try {
      createImportService(ctx.store).run(popoloToImportPlan(structuredClone(document) as unknown as Record<string, unknown>));
      const response = await request(ctx.app)
        .get('/export/popolo.json')
        .expect(200)
        .expect('Content-Type', /application\/json/);
      expect(response.headers['content-disposition']).toBe('attachment; filename="onrecord-archive.popolo.json"');
      const web = JSON.parse(response.text) as PopoloDocument;
      expect(createPopoloValidator()(web as unknown as Record<string, unknown>)).toEqual([]);
      // Someone else's writing stays out of the public file; everything else is the CLI's document.
      expect(web.sources.filter((s) => 'text' in s)).toEqual([]);
      const comparable = (doc: PopoloDocument) => ({
        ...doc,
        on_record: { ...doc.on_record, exported_at: null },
        speeches: doc.speeches.map(({ created_at: _c, updated_at: _u, ...s }) => s),
        sources: doc.sources.map(({ text: _, ...s }) => s),
      });
      expect(comparable(web)).toEqual(comparable(document));
      // Read three rows at a time, page after page, the file is the same.
      const paged = JSON.parse(
        [...popoloJsonChunks(ctx.store.db, { pageSize: 3, withSourceText: false })].join(''),
      ) as PopoloDocument;
      expect(comparable(paged)).toEqual(comparable(web));
    } finally {
      await ctx.cleanup();
    }
  }, 120_000);

  it('imports into an empty archive to the same content, and importing again changes nothing', () => {
    const first = run(copy, 'import', exportFile);
    expect(first.status, first.stderr).toBe(0);
    const statements = document.speeches.length;
    expect(first.stdout).toContain(`imported statements: ${statements} created, 0 updated, 0 unchanged`);
    expect(first.stdout).toContain(`memberships: ${document.memberships.length} created`);

    const before = readArchiveContent(archiveOf(original));
    const after = readArchiveContent(archiveOf(copy));
    for (const table of CONTENT_TABLES) expect(after[table], table).toEqual(before[table]);
    expect(after.seeded_at).toEqual(before.seeded_at);
    expect((after.statements as { status: string }[]).filter((s) => s.status === 'retracted')).toHaveLength(1);
    expect(after.corrections).toHaveLength(3);

    // Again, from a copy without the .json extension (told from NDJSON by its shape): nothing changes, not even a timestamp.
    const bare = join(work, 'archive-popolo');
    copyFileSync(exportFile, bare);
    const rows = readAllRows(archiveOf(copy));
    const second = run(copy, 'import', bare);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(`imported statements: 0 created, 0 updated, ${statements} unchanged`);
    expect(second.stdout).not.toMatch(/[1-9]\d* (created|updated)/);
    expect(readAllRows(archiveOf(copy))).toEqual(rows);
  }, 120_000);

  it('refuses a bad Popolo file naming the list, row and Popolo field, and writes nothing', () => {
    const empty = join(work, 'empty');
    const attempt = (mutate: (doc: PopoloDocument) => void) => {
      const doc = structuredClone(document);
      mutate(doc);
      const file = join(work, 'bad.json');
      writeFileSync(file, JSON.stringify(doc));
      return run(empty, 'import', file);
    };
    const stance = attempt((doc) => {
      (doc.speeches[4] as { stance: string }).stance = 'sort of';
    });
    expect(stance.status).toBe(1);
    expect(stance.stderr).toContain(
      'onrecord: import refused, nothing was written: row 5, speeches.stance: expected one of support, oppose, mixed, neutral, unclear',
    );
    const speaker = attempt((doc) => {
      doc.speeches[2]!.creator_id = 'nobody-at-all';
    });
    expect(speaker.status).toBe(1);
    expect(speaker.stderr).toContain(
      'onrecord: import refused, nothing was written: row 3, speeches.creator_id: unknown speaker "nobody-at-all"',
    );
    const membership = attempt((doc) => {
      doc.memberships[0]!.start_date = 'last spring';
    });
    expect(membership.stderr).toContain('row 1, memberships.start_date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD');
    const content = readArchiveContent(archiveOf(empty));
    expect(content.statements).toEqual([]);
    expect(content.people).toEqual([]);
  }, 180_000);
});
