import { describe, expect, it } from 'vitest';
import { ImportError } from '../../data/import/import.errors.js';
import type { ImportPlan } from '../../data/import/import.plan.js';
import { MAX_REPORTED_PROBLEMS, validatePlan } from '../../server/services/import/import.validate.js';

const statement = (over: Record<string, unknown> = {}) => ({
  text: 'Keep the officers.',
  speaker: { name: 'Avery Quinn' },
  ...over,
});

function problemsOf(plan: ImportPlan) {
  try {
    validatePlan(plan);
  } catch (error) {
    if (error instanceof ImportError) return error.problems;
    throw error;
  }
  throw new Error('the plan was valid');
}

describe('validatePlan', () => {
  it('returns every record parsed, with the schema defaults applied', () => {
    const valid = validatePlan({
      statements: [{ row: 1, value: statement() }],
      topics: [{ row: 1, value: { slug: 'budget', label: 'Budget' } }],
    });
    expect(valid.statements).toEqual([
      { row: 1, value: expect.objectContaining({ kind: 'quote', stance: 'unclear', language: 'en', topics: [] }) },
    ]);
    expect(valid.topics).toEqual([{ row: 1, value: { slug: 'budget', label: 'Budget', description: null } }]);
    expect(valid.people).toEqual([]);
  });

  it('reports the problems of every list at once, each at its row and field', () => {
    expect(
      problemsOf({
        people: [{ row: 2, value: { id: 'bad id!', name: 'X' } }],
        statements: [
          { row: 1, value: statement() },
          { row: 3, value: statement({ stance: 'maybe' }) },
        ],
      }),
    ).toEqual([
      { row: 2, field: 'id', message: 'expected 1-64 letters, digits, "-" or "_"' },
      { row: 3, field: 'stance', message: 'expected one of support, oppose, mixed, neutral, unclear' },
    ]);
  });

  it('puts the list label before a field where the file names its lists', () => {
    expect(problemsOf({ statements: [{ row: 4, value: statement({ text: '' }) }], labels: { statements: 'speeches' } })).toEqual([
      { row: 4, field: 'speeches.text', message: 'must not be empty' },
    ]);
  });

  it(`reports at most ${MAX_REPORTED_PROBLEMS} problems`, () => {
    const bad = Array.from({ length: 30 }, (_, i) => ({ row: i + 1, value: statement({ kind: 'rumour' }) }));
    expect(problemsOf({ statements: bad })).toHaveLength(MAX_REPORTED_PROBLEMS);
  });

  it('checks a whole archive’s statements for their status, and other plans not', () => {
    const retracted = statement({ status: 'retracted' });
    expect(problemsOf({ statements: [{ row: 1, value: retracted }], archive: { seededAt: null } })).toEqual([
      { row: 1, field: 'status', message: 'a retracted statement needs its retraction_reason and retracted_on' },
    ]);
    expect(validatePlan({ statements: [{ row: 1, value: retracted }] }).statements).toHaveLength(1);
  });
});
