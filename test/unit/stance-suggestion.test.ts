import { describe, expect, it } from 'vitest';
import { suggestStance } from '../../server/ingest/stance-suggestion.js';

const endContract = { title: 'DPS resolution to end the SRO contract' };
const fareIncrease = { title: 'Proposed fare increase' };

describe('suggestStance', () => {
  it('suggests support for "vote yes" and shows the cue words', () => {
    const suggestion = suggestStance("I'm asking you to vote yes on ending this agreement.", endContract);
    expect(suggestion.stance).toBe('support');
    expect(suggestion.cues.map((cue) => cue.words.toLowerCase())).toContain('vote yes');
  });

  it('reads "keep the officers" as opposing a measure that removes them', () => {
    expect(suggestStance('Please keep the SRO in our building. Our officer knows every kid.', endContract)).toMatchObject({
      stance: 'oppose',
      cues: [{ words: 'keep', toward: 'oppose' }],
    });
  });

  it('reads "hold this vote" and "cannot support" as opposition', () => {
    expect(suggestStance("I'm asking you to hold this vote until it is.", fareIncrease).stance).toBe('oppose');
    expect(suggestStance('We cannot support an increase this steep.', fareIncrease).stance).toBe('oppose');
  });

  it('calls cues both ways mixed, and no cues unclear, with no confidence', () => {
    expect(suggestStance('I support the goal, but I urge you to vote no tonight.', fareIncrease).stance).toBe('mixed');
    expect(suggestStance('Fifty cents more each way is twenty dollars a month for me.', fareIncrease)).toEqual({
      stance: 'unclear',
      cues: [],
      confidence: 0,
    });
  });
});

describe('stance suggestions in the review queue', () => {
  it('lists a suggestion with its cue words for each measure the words point at, and none when they point nowhere', async () => {
    const { toStanceSuggestions } = await import('../../server/admin/review.admin.view.js');
    const lines = toStanceSuggestions('Please keep the SRO in our building.', [
      { label: 'Resolution to end the SRO contract' },
      { label: 'Library budget' },
    ]);
    expect(lines).toEqual(['Suggested toward “Resolution to end the SRO contract”: Opposes (cues: “keep”)']);
  });
});
