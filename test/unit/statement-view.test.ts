import { describe, expect, it } from 'vitest';
import type { Stance } from '../../data/archive.types.js';
import { stanceLabel } from '../../server/statements/statement.view.js';
import { formatPartialDate } from '../../data/domain/partial-date.js';

describe('formatPartialDate', () => {
  it('writes a full date as month, day and year', () => {
    expect(formatPartialDate('2023-12-07', 'day')).toBe('December 7, 2023');
    expect(formatPartialDate('2023-01-31')).toBe('January 31, 2023');
  });

  it('writes a month date as month and year', () => {
    expect(formatPartialDate('2023-06', 'month')).toBe('June 2023');
    expect(formatPartialDate('2023-06')).toBe('June 2023');
  });

  it('writes a year date as the year', () => {
    expect(formatPartialDate('2023', 'year')).toBe('2023');
    expect(formatPartialDate('2023')).toBe('2023');
  });

  it('shows no more than the precision allows', () => {
    expect(formatPartialDate('2023-06-15', 'month')).toBe('June 2023');
    expect(formatPartialDate('2023-06-15', 'year')).toBe('2023');
  });

  it('returns null when the date is unknown', () => {
    expect(formatPartialDate(null)).toBeNull();
    expect(formatPartialDate(null, 'day')).toBeNull();
    expect(formatPartialDate('', 'year')).toBeNull();
    expect(formatPartialDate('2023-06-15', 'unknown')).toBeNull();
  });
});

describe('stanceLabel', () => {
  const measure = { id: 'm-sro', title: 'DPS resolution to end the SRO contract' };

  it.each<[Stance, string]>([
    ['support', 'Supports: DPS resolution to end the SRO contract'],
    ['oppose', 'Opposes: DPS resolution to end the SRO contract'],
    ['mixed', 'Mixed on: DPS resolution to end the SRO contract'],
    ['neutral', 'Neutral on: DPS resolution to end the SRO contract'],
    ['unclear', 'Stance unclear on: DPS resolution to end the SRO contract'],
  ])('names the measure for stance %s', (stance, label) => {
    expect(stanceLabel({ stance, measure })).toBe(label);
  });

  it.each<[Stance, string]>([
    ['support', 'Stance: supports (no measure named)'],
    ['oppose', 'Stance: opposes (no measure named)'],
    ['mixed', 'Stance: mixed (no measure named)'],
    ['neutral', 'Stance: neutral (no measure named)'],
    ['unclear', 'Stance: unclear (no measure named)'],
  ])('says no measure is named for stance %s without one', (stance, label) => {
    expect(stanceLabel({ stance, measure: null })).toBe(label);
  });
});
