import { describe, expect, it } from 'vitest';
import { popoloToImportPlan } from '../../data/popolo/popolo.import.js';

// How a Popolo file's dates, speakers and decisions become import records (the import then
// validates them as any other): the format-2 fields, and a format-1 file still read the same.
describe('reading a Popolo file into import records', () => {
  const read = (document: Record<string, unknown>) => {
    const plan = popoloToImportPlan(document);
    return { speeches: plan.statements.map((r) => r.value), motions: (plan.measures ?? []).map((r) => r.value) };
  };

  it('takes a date-time’s calendar day, a partial date as it is, and a collective speaker by its extension', () => {
    const { speeches, motions } = read({
      on_record: { version: 2 },
      speeches: [
        { id: 'a', creator_id: 'p', date: '2024-05-14T00:00:00Z', partial_date: null },
        // The day as written where the words were said, whatever the offset.
        { id: 'b', creator_id: 'p', date: '2024-05-14T23:30:00-07:00' },
        { id: 'c', creator_organization_id: 'org', attribution_text: 'Org', date: null, partial_date: '2024-05' },
        { id: 'd', creator_id: 'p', date: 'last spring' },
      ],
      motions: [
        {
          id: 'm1',
          text: 'M1',
          vote_events: [{ start_date: '2024-06-11T00:00:00Z', partial_start_date: null, result: 'Adopted' }],
        },
        { id: 'm2', text: 'M2', result: 'Passed', vote_events: [{ start_date: null, partial_start_date: '2023-06' }] },
        { id: 'm3', text: 'M3', result: 'Approved', vote_events: [] },
      ],
    });
    expect(speeches.map((s) => (s as { said_on: unknown }).said_on)).toEqual([
      '2024-05-14',
      '2024-05-14',
      '2024-05',
      'last spring',
    ]);
    expect(speeches.map((s) => (s as { speaker: { id: unknown; type: unknown } }).speaker)).toMatchObject([
      { id: 'p', type: undefined },
      { id: 'p', type: undefined },
      { id: 'org', type: 'organization' },
      { id: 'p', type: undefined },
    ]);
    expect(motions).toMatchObject([
      { id: 'm1', decided_on: '2024-06-11' },
      { id: 'm2', decided_on: '2023-06', outcome: 'Passed' },
      { id: 'm3', decided_on: undefined, outcome: 'Approved' },
    ]);
  });

  it('still reads a format-1 file (creator_type, partial dates in date, decided_on)', () => {
    const { speeches, motions } = read({
      on_record: { version: 1 },
      speeches: [{ id: 'a', creator_id: 'org', creator_type: 'organization', date: '2024-05' }],
      motions: [{ id: 'm', text: 'M', result: 'Passed', decided_on: '2023-06' }],
    });
    expect(speeches[0]).toMatchObject({ said_on: '2024-05', speaker: { id: 'org', type: 'organization' } });
    expect(motions[0]).toMatchObject({ decided_on: '2023-06', outcome: 'Passed' });
  });
});
