import type { Statement } from '../../data/archive.types.js';

/** A complete published statement; override only what a test is about. */
export function makeStatement(overrides: Partial<Statement> = {}): Statement {
  return {
    id: 's-1',
    seq: 1,
    text: 'We need counselors, not cops.',
    kind: 'quote',
    stance: 'oppose',
    language: 'en',
    speaker: {
      id: 'p-jane-doe',
      type: 'person',
      name: 'Jane Doe',
      sort_name: 'Doe, Jane',
      role: 'Parent',
      role_category: 'parent',
      organization: null,
    },
    measure: { id: 'm-sro', title: 'Resolution to end the SRO contract' },
    meeting: null,
    body: { id: 'b-susd', name: 'Stockton Unified School District' },
    state: 'CA',
    said_on: null,
    said_on_precision: 'unknown',
    source: null,
    position: null,
    also_in: [],
    topics: ['police-in-schools'],
    context: null,
    verified: false,
    verbatim_status: 'no_source_text',
    corrections: [],
    provenance: { via: 'imported', by: null },
    status: 'published',
    retraction_reason: null,
    retracted_on: null,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}

export function makeMeeting(
  date: string | null,
  precision: NonNullable<Statement['meeting']>['date_precision'],
): NonNullable<Statement['meeting']> {
  return { id: 'mt-1', title: 'Regular board meeting', body: null, date, date_precision: precision, location: null };
}
