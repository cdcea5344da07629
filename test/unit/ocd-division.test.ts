import { describe, expect, it } from 'vitest';
import { createOcdLookup, ocdDivisions } from '../../data/ocd/ocd-division.lookup.js';
import { readImportFile } from '../../data/import/import.file.js';
import { seedDir } from '../../data/paths.js';
import { join } from 'node:path';

const STOCKTON = 'ocd-division/country:us/state:ca/county:san_joaquin/school_district:stockton_unified';

describe('the shipped list of US Open Civic Data division ids', () => {
  const list = ocdDivisions();

  it('is the official list, with its source named', () => {
    expect(list.source).toMatch(/^opencivicdata\/ocd-division-ids [0-9a-f]{40} \d{4}-\d{2}-\d{2}: 83223 US division ids/);
    expect(list.size).toBe(83223);
    for (const id of [
      'ocd-division/country:us',
      'ocd-division/country:us/state:ca',
      'ocd-division/country:us/state:ca/county:san_joaquin',
      'ocd-division/country:us/state:ca/place:stockton',
      STOCKTON,
      'ocd-division/country:us/state:or/county:multnomah/school_district:portland_sd_1j',
    ]) {
      expect(list.check(id), id).toEqual({ ok: true });
    }
  });

  it('has every ocd_id the seed gives (the seed districts carry their real ids)', () => {
    const plan = readImportFile(join(seedDir, 'seed.json'));
    const ids = (plan.organizations ?? []).map((o) => (o.value as { ocd_id?: string }).ocd_id).filter((id) => id !== undefined);
    expect(ids).toEqual([
      STOCKTON,
      'ocd-division/country:us/state:co/county:denver/school_district:school_district_no._1',
      'ocd-division/country:us/state:ca/county:sacramento/school_district:sacramento_city_unified',
      'ocd-division/country:us/state:ca/county:los_angeles/school_district:los_angeles_unified',
    ]);
    for (const id of ids) expect(list.has(id), id).toBe(true);
  });

  it('refuses the ids the issue found accepted, suggesting the real one nearest', () => {
    // The documented shape without the county, as California ids are not.
    const noCounty = list.check('ocd-division/country:us/state:ca/school_district:stockton_unified');
    expect(noCounty.ok).toBe(false);
    expect(noCounty).toMatchObject({ suggestions: [STOCKTON, expect.any(String), expect.any(String)] });
    if (!noCounty.ok) {
      expect(noCounty.message).toBe(
        '"ocd-division/country:us/state:ca/school_district:stockton_unified" is not in the official Open Civic Data list of ' +
          `US divisions; nearest real ids: ${noCounty.suggestions.join(', ')}`,
      );
    }
    // Capitals and a space: refused, and the suggestions stay within Oregon's school districts' state.
    const bogus = list.check('ocd-division/country:US/state:OR/school district:Bogus');
    expect(bogus.ok).toBe(false);
    if (!bogus.ok) {
      expect(bogus.suggestions).toHaveLength(3);
      for (const id of bogus.suggestions) expect(id.startsWith('ocd-division/country:us/state:or/')).toBe(true);
    }
    // Only case and spacing wrong: the one real id is the suggestion.
    expect(list.check('ocd-division/country:us/state:CA/county:San Joaquin/school_district:Stockton Unified')).toMatchObject({
      ok: false,
      suggestions: [STOCKTON],
    });
    // Words only: found by the name.
    expect(list.suggest('stockton unified')[0]).toBe(STOCKTON);
  });

  it('refuses an alias, naming the id to use', () => {
    expect(list.check('ocd-division/country:us/state:ak/place:anchorage')).toEqual({
      ok: false,
      message:
        '"ocd-division/country:us/state:ak/place:anchorage" is an alias in the official Open Civic Data list; ' +
        'use ocd-division/country:us/state:ak/borough:anchorage',
      suggestions: ['ocd-division/country:us/state:ak/borough:anchorage'],
    });
  });
});

describe('suggestions (on a small list)', () => {
  const lookup = createOcdLookup(
    [
      '# test list',
      'ocd-division/country:us',
      'ocd-division/country:us/state:ca',
      'ocd-division/country:us/state:ca/county:alameda',
      'ocd-division/country:us/state:ca/county:alameda/school_district:oakland_unified',
      'ocd-division/country:us/state:ca/county:alameda/school_district:albany_city_unified',
      'ocd-division/country:us/state:ca/place:oakland',
      'ocd-division/country:us/state:co',
      'ocd-division/country:us/state:co/place:oakland_hills',
    ].join('\n'),
  );

  it('looks under the deepest real part of the id, by the last segment’s name, the type breaking ties', () => {
    expect(lookup.source).toBe('test list');
    // One letter off (distance 1), then a place named Oakland (7 edits, +2 for the other type), then Albany City Unified (10 edits).
    expect(lookup.suggest('ocd-division/country:us/state:ca/school_district:oakland_unifed')).toEqual([
      'ocd-division/country:us/state:ca/county:alameda/school_district:oakland_unified',
      'ocd-division/country:us/state:ca/place:oakland',
      'ocd-division/country:us/state:ca/county:alameda/school_district:albany_city_unified',
    ]);
    // Same name, two types: the one of the asked type first.
    expect(lookup.suggest('ocd-division/country:us/state:ca/place:oakland_unified', 2)).toEqual([
      'ocd-division/country:us/state:ca/county:alameda/school_district:oakland_unified',
      'ocd-division/country:us/state:ca/place:oakland',
    ]);
    // A state that is real keeps the search in it: Colorado's Oakland Hills, not California's.
    expect(lookup.suggest('ocd-division/country:us/state:co/place:oakland', 1)).toEqual([
      'ocd-division/country:us/state:co/place:oakland_hills',
    ]);
    expect(lookup.check('ocd-division/country:us/state:ca/place:oakland')).toEqual({ ok: true });
  });
});
