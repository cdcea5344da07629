import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../data/store.js';
import type { StatementRow } from '../../data/statement.repository.js';

// The entity repositories against a temp SQLite file: rows in, domain objects out.

const statementRow = (overrides: Partial<StatementRow> & Pick<StatementRow, 'id'>): StatementRow => ({
  text: `Words of ${overrides.id}.`,
  kind: 'quote',
  speaker_person_id: 'ada',
  speaker_org_id: null,
  role: null,
  role_category: null,
  organization_id: null,
  measure_id: null,
  stance: 'support',
  meeting_id: null,
  said_on: null,
  said_on_precision: 'unknown',
  context: null,
  language: 'en',
  verified: 0,
  verbatim_status: 'no_source_text',
  ...overrides,
});

describe('entity repositories', () => {
  let dir: string;
  let store: Store;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onrecord-repositories-'));
    store = openStore(join(dir, 'archive.sqlite'));
    store.transaction(() => {
      store.people.upsert({ id: 'ada', name: 'Ada Byron', sort_name: 'Byron, Ada' });
      store.people.upsert({ id: 'bo', name: 'Bo Quiet', sort_name: 'Quiet, Bo' });
      store.organizations.upsert({
        id: 'district',
        name: 'Test District',
        classification: 'district',
        state: 'CA',
        ocd_id: null,
      });
      store.organizations.upsert({ id: 'union', name: 'Teachers Union', classification: 'union', state: null, ocd_id: null });
      store.meetings.upsert({
        id: 'board-may',
        title: 'Board meeting',
        body_id: 'district',
        date: '2024-05',
        date_precision: 'month',
        location: 'Hall',
      });
      store.meetings.upsert({
        id: 'town-hall',
        title: 'Town hall',
        body_id: null,
        date: null,
        date_precision: 'unknown',
        location: null,
      });
      store.measures.upsert({
        id: 'plan',
        title: 'Counselor plan',
        body_id: 'district',
        description: null,
        outcome: 'Passed',
        decided_on: '2024',
        decided_on_precision: 'year',
      });
      store.sources.upsert({
        id: 'minutes',
        type: 'minutes',
        title: '100% minutes',
        outlet: 'District',
        author: null,
        url: null,
        published_on: '2024-05-02',
        published_on_precision: 'day',
        retrieved_on: null,
        text: 'Stored words.',
      });
      store.topics.upsert({ slug: 'budget', label: 'Budget', description: null });
      const link = { source_id: 'minutes', char_start: null, char_end: null, time_start: null, time_end: null };
      for (let i = 1; i <= 5; i++) {
        store.statements.saveStatement(
          statementRow({
            id: `ada-${i}`,
            meeting_id: 'board-may',
            measure_id: 'plan',
            said_on: `2024-05-0${i}`,
            said_on_precision: 'day',
          }),
          [link],
          ['budget'],
        );
      }
      store.statements.saveStatement(
        statementRow({ id: 'union-says', speaker_person_id: null, speaker_org_id: 'union', stance: 'oppose' }),
        [link],
        [],
      );
    });
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps a meeting to its body as an entity reference, keeping the date precision', () => {
    expect(store.meetings.findById('board-may')).toEqual({
      id: 'board-may',
      title: 'Board meeting',
      body: { id: 'district', name: 'Test District' },
      date: '2024-05',
      date_precision: 'month',
      location: 'Hall',
    });
    expect(store.meetings.findById('town-hall')).toMatchObject({ body: null, date: null, date_precision: 'unknown' });
    expect(store.meetings.findById('nowhere')).toBeUndefined();
  });

  it('maps a measure to its body and decision date precision', () => {
    expect(store.measures.findById('plan')).toEqual({
      id: 'plan',
      title: 'Counselor plan',
      body: { id: 'district', name: 'Test District' },
      description: null,
      outcome: 'Passed',
      decided_on: '2024',
      decided_on_precision: 'year',
    });
    expect(store.measures.listAtMeeting('board-may')).toEqual([{ id: 'plan', name: 'Counselor plan' }]);
  });

  it('finds an organization that has spoken as a speaker, filed under its name, and no other organization', () => {
    expect(store.speakers.findById('union')).toEqual({
      id: 'union',
      type: 'organization',
      name: 'Teachers Union',
      sort_name: 'Teachers Union',
    });
    expect(store.speakers.findById('ada')).toEqual({ id: 'ada', type: 'person', name: 'Ada Byron', sort_name: 'Byron, Ada' });
    expect(store.speakers.findById('district')).toBeUndefined();
    expect(store.statements.findById('union-says')?.speaker).toMatchObject({
      id: 'union',
      type: 'organization',
      name: 'Teachers Union',
    });
    expect(store.speakers.findLabels(['union', 'ada'])).toEqual(
      new Map([
        ['union', 'Teachers Union'],
        ['ada', 'Ada Byron'],
      ]),
    );
  });

  it('records a membership once for the same person, organization and role wording', () => {
    const row = {
      person_id: 'ada',
      organization_id: 'district',
      role: 'Parent',
      role_category: 'parent',
      start_date: '2020',
      end_date: null,
    };
    expect(store.memberships.ensure(row)).toBe(true);
    expect(store.memberships.ensure({ ...row, start_date: '2021' })).toBe(false);
    expect(store.memberships.ensure({ ...row, organization_id: null })).toBe(true);
    const id = store.memberships.findId(row);
    expect(id).toBeTypeOf('number');
    // The first wording is kept (the second ensure changed nothing); same start, so in the order recorded.
    expect(store.memberships.listOfPerson('ada')).toEqual([
      {
        id,
        person_id: 'ada',
        organization: { id: 'district', name: 'Test District' },
        role: 'Parent',
        role_category: 'parent',
        start_date: '2020',
        end_date: null,
      },
      {
        id: expect.any(Number),
        person_id: 'ada',
        organization: null,
        role: 'Parent',
        role_category: 'parent',
        start_date: '2020',
        end_date: null,
      },
    ]);
    expect(store.memberships.findById(id ?? -1)?.organization).toEqual({ id: 'district', name: 'Test District' });
  });

  it('pages typed lists without overlap, in a stable order', () => {
    const first = store.statements.listIdsBySpeaker({ id: 'ada', type: 'person' }, { offset: 0, limit: 2 });
    const second = store.statements.listIdsBySpeaker({ id: 'ada', type: 'person' }, { offset: 2, limit: 2 });
    const third = store.statements.listIdsBySpeaker({ id: 'ada', type: 'person' }, { offset: 4, limit: 2 });
    expect([...first, ...second, ...third]).toEqual(['ada-1', 'ada-2', 'ada-3', 'ada-4', 'ada-5']);
    expect(store.statements.countByMeeting('board-may')).toBe(5);
    expect(store.statements.tallyByMeasure('plan')).toEqual({
      total: 5,
      byMeasure: [{ measure_id: 'plan', measure_title: 'Counselor plan', stance: 'support', n: 5 }],
      byYear: [{ year: '2024', n: 5 }],
    });
    expect(store.speakers.listPage({ offset: 0, limit: 1 })).toEqual([
      { id: 'ada', type: 'person', name: 'Ada Byron', sort_name: 'Byron, Ada', statements: 5 },
    ]);
    expect(store.speakers.listPage({ offset: 1, limit: 5 }).map((s) => s.id)).toEqual(['union']);
    expect(store.speakers.countByInitial()).toEqual([
      { initial: 'B', n: 1 },
      { initial: 'T', n: 1 },
    ]);
  });

  it("keeps a source's stored text out of its metadata, and finds a curator's typed % literally", () => {
    expect(store.sources.findById('minutes')).not.toHaveProperty('text');
    expect(store.sources.findWithText('minutes')?.text).toBe('Stored words.');
    expect(store.sources.listByMeeting('board-may').map((s) => s.id)).toEqual(['minutes']);
    expect(store.sources.findForCurator('100%', 10).map((s) => s.id)).toEqual(['minutes']);
    expect(store.sources.findForCurator('10%0', 10)).toEqual([]);
    expect(store.sources.findIdByCitation({ url: null, title: '100% minutes', outlet: 'District' })).toBe('minutes');
  });

  it('answers what the old caller-grouped calls answered, in the domain shapes', () => {
    expect(store.measures.findById('plan')).toMatchObject({ body: { id: 'district', name: 'Test District' } });
    expect(store.measures.findLabels(['plan'])).toEqual(new Map([['plan', 'Counselor plan']]));
    expect(store.topics.findLabels(['budget'])).toEqual(new Map([['budget', 'Budget']]));

    const row = {
      person_id: 'bo',
      organization_id: 'union',
      role: 'Member',
      role_category: 'union',
      start_date: null,
      end_date: null,
    };
    expect(store.memberships.ensure(row)).toBe(true);
    const id = store.memberships.findId(row);
    const membership = {
      id,
      person_id: 'bo',
      organization: { id: 'union', name: 'Teachers Union' },
      role: 'Member',
      role_category: 'union',
      start_date: null,
      end_date: null,
    };
    expect(store.memberships.findById(id ?? -1)).toEqual(membership);
    expect(store.memberships.listOfPerson('bo')).toEqual([membership]);
    expect(store.measures.listOptions()).toEqual([{ id: 'plan', label: 'Counselor plan' }]);
    expect(store.meetings.listOptions()).toEqual([
      { id: 'board-may', label: 'Board meeting (2024-05)' },
      { id: 'town-hall', label: 'Town hall' },
    ]);
  });

  it("writes a statement's lifecycle: provenance, a correction and a retraction, each queued for the index", () => {
    const queued = () => store.outbox.countPending();
    const before = queued();
    store.statements.setProvenance('ada-1', 'typed', 'curator');
    store.statements.addCorrection('ada-1', '2024-06-01', 'Date fixed.');
    expect(store.statements.retract('ada-2', 'wrong speaker', '2024-06-02')).toBe(true);
    expect(store.statements.retract('ada-2', 'again', '2024-06-03')).toBe(false);
    expect(queued()).toBe(before + 2);
    expect(store.statements.findById('ada-1')).toMatchObject({
      provenance: { via: 'typed', by: 'curator' },
      corrections: [{ date: '2024-06-01', note: 'Date fixed.' }],
    });
    expect(store.statements.findById('ada-2')).toMatchObject({ status: 'retracted', retraction_reason: 'wrong speaker' });
    expect(store.statements.listIdsBySpeaker({ id: 'ada', type: 'person' }, { offset: 0, limit: 10 })).not.toContain('ada-2');
  });
});
