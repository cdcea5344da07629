import { describe, expect, it } from 'vitest';
import { loadExtractorFixtures } from '../../server/ingest/extraction.fixtures.js';
import { overlapRatio, scoreExtraction, totalScore } from '../../server/ingest/extraction.metrics.js';
import { ingestDocument } from '../../server/ingest/ingest.file.js';

describe('quote extraction on the fixture set', () => {
  const fixtures = loadExtractorFixtures();
  const scores = fixtures.map((fixture) => {
    const { source, candidates } = ingestDocument(fixture.content, fixture.path);
    for (const c of candidates) expect(source.text.slice(c.char_start, c.char_end)).toBe(c.text);
    return scoreExtraction(candidates, fixture.expected);
  });

  it('has at least twelve articles and two transcripts', () => {
    expect(fixtures.filter((f) => /\.(?:txt|html)$/.test(f.name)).length).toBeGreaterThanOrEqual(12);
    expect(fixtures.filter((f) => /\.(?:vtt|srt)$/.test(f.name)).length).toBeGreaterThanOrEqual(2);
  });

  it('reaches F1 ≥ 0.95 and speaker accuracy ≥ 0.95 over all fixtures', () => {
    const total = totalScore(scores);
    expect(total.f1, JSON.stringify({ missed: total.missed, spurious: total.spurious }, null, 1)).toBeGreaterThanOrEqual(0.95);
    expect(total.speakerAccuracy, JSON.stringify(total.wrongSpeaker, null, 1)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('extraction metrics', () => {
  it('matches quotes by word overlap, ignoring marks and paragraph breaks', () => {
    expect(overlapRatio('A, he said. “B', 'a he said b')).toBe(1);
    expect(overlapRatio('one two three', 'four five six')).toBe(0);
  });

  it('counts a match one-to-one and scores speakers case-insensitively', () => {
    const score = scoreExtraction(
      [
        { text: 'We will not balance the budget on the backs of students', speaker: 'ana ruiz' },
        { text: 'We will not balance the budget on the backs of students', speaker: 'Ana Ruiz' },
      ],
      [{ text: 'We will not balance the budget on the backs of students.', speaker: 'Ana Ruiz' }],
    );
    expect(score).toMatchObject({ matched: 1, precision: 0.5, recall: 1, speakerAccuracy: 1 });
  });
});
