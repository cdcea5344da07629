// A suggested stance of a statement toward the measure the curator picked, with the words that
// suggest it. Only ever a suggestion: the review queue shows it beside the stance control and the
// curator decides; nothing here writes a stance.
export type Stance = 'support' | 'oppose' | 'mixed' | 'neutral' | 'unclear';

export interface MeasureForStance {
  title: string;
  description?: string | null;
}

export interface StanceSuggestion {
  stance: Stance;
  /** The cue words found in the statement, each with the stance it points to. */
  cues: { words: string; toward: 'support' | 'oppose' | 'neutral' }[];
  /** 0-1: how one-sided the cues are; 0 when there are none. */
  confidence: number;
}

const NEGATION = String.raw`(?:not|n't|never|no longer|cannot|can't|won't|don't|doesn't)`;
/** Cues for the measure itself, whatever it does. */
const FOR_MEASURE = [
  /\b(?:i|we)\s+(?:strongly\s+|fully\s+)?support\b/i,
  /\bin (?:support|favou?r) of\b/i,
  /\bvote yes\b/i,
  /\bvoted? (?:for|yes on)\b/i,
  /\burge (?:you|the board|the council|members) to (?:approve|pass|adopt|support|vote yes)\b/i,
  /\b(?:approve|pass|adopt) (?:this|it|the (?:plan|proposal|measure|resolution|ordinance))\b/i,
  /\b(?:this|the) (?:plan|proposal|measure|resolution|ordinance) (?:is|makes) (?:the right|a good|sense)\b/i,
  /\bwe need this\b/i,
];
const AGAINST_MEASURE = [
  /\b(?:i|we)\s+(?:strongly\s+)?oppose\b/i,
  /\bopposed to\b/i,
  /\bagainst (?:this|it|the (?:plan|proposal|measure|resolution|ordinance|increase|change))\b/i,
  /\bvote no\b/i,
  /\bvoted? (?:against|no on)\b/i,
  /\breject (?:this|it|the)\b/i,
  /\bvote (?:it|this) down\b/i,
  /\b(?:hold|delay|postpone|pause|table) (?:this|the) (?:vote|decision|plan|proposal)\b/i,
  /\bwrong (?:decision|move|plan)\b/i,
  new RegExp(String.raw`\b(?:i|we)\s+(?:do|can|could|will)?\s*${NEGATION}\s+(?:support|vote for|back)\b`, 'i'),
];
const NEUTRAL = [/\b(?:no position|not taking (?:a )?side|neither for nor against|neutral on)\b/i];

/** Measures that take something away: keeping that thing is then a cue against them. */
const REMOVING =
  /\b(?:end|ending|remove|removing|eliminate|cut|cutting|close|closing|ban|banning|repeal|terminate|reduce|defund|phase out)\b/i;
const KEEP = /\b(?:keep|protect|save|preserve|retain|maintain)\b/i;
const TAKE_AWAY = /\b(?:get rid of|remove|end|eliminate|cut|close|take (?:them|it) out)\b/i;

function matchedWords(text: string, pattern: RegExp): string | null {
  return pattern.exec(text)?.[0] ?? null;
}

/** The measure's object: the words of its title after the removing verb ("sro", "contract"), plural folded. */
function objectWords(measure: MeasureForStance): string[] {
  const after = measure.title.split(REMOVING)[1] ?? measure.title;
  return (after.match(/\p{L}{3,}/gu) ?? [])
    .map((word) => word.toLowerCase().replace(/s$/, ''))
    .filter((word) => !['the', 'and', 'for', 'with', 'from', 'that', 'thi', 'their'].includes(word));
}

export function suggestStance(statement: string, measure: MeasureForStance): StanceSuggestion {
  const cues: StanceSuggestion['cues'] = [];
  for (const pattern of FOR_MEASURE) {
    const words = matchedWords(statement, pattern);
    if (words) cues.push({ words, toward: 'support' });
  }
  for (const pattern of AGAINST_MEASURE) {
    const words = matchedWords(statement, pattern);
    if (words && !cues.some((cue) => words.includes(cue.words) || cue.words.includes(words)))
      cues.push({ words, toward: 'oppose' });
  }
  // "Keep the officers" against a measure ending the officers' contract, "remove them" for it.
  if (REMOVING.test(measure.title)) {
    const objects = objectWords(measure);
    for (const sentence of statement.split(/(?<=[.!?])\s+/)) {
      const lower = sentence.toLowerCase();
      if (!objects.some((word) => lower.includes(word)) && !/\b(?:them|it|him|her)\b/.test(lower)) continue;
      const keep = matchedWords(sentence, KEEP);
      const take = matchedWords(sentence, TAKE_AWAY);
      if (keep) cues.push({ words: keep, toward: 'oppose' });
      else if (take) cues.push({ words: take, toward: 'support' });
    }
  }
  for (const pattern of NEUTRAL) {
    const words = matchedWords(statement, pattern);
    if (words) cues.push({ words, toward: 'neutral' });
  }
  const support = cues.filter((cue) => cue.toward === 'support').length;
  const oppose = cues.filter((cue) => cue.toward === 'oppose').length;
  const neutral = cues.filter((cue) => cue.toward === 'neutral').length;
  let stance: Stance = 'unclear';
  if (support > 0 && oppose > 0) stance = 'mixed';
  else if (support > 0) stance = 'support';
  else if (oppose > 0) stance = 'oppose';
  else if (neutral > 0) stance = 'neutral';
  const total = support + oppose + neutral;
  const confidence = total === 0 ? 0 : Math.min(0.9, 0.4 + 0.15 * total) * (Math.max(support, oppose, neutral) / total);
  return { stance, cues, confidence: Math.round(confidence * 100) / 100 };
}
