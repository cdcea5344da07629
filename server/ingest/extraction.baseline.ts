// The naive baseline the extractor is measured beside: every span between double quote marks is
// a quote; its speaker is the "Name said" / "said Name" nearest to it in the same paragraph (a
// lone surname taken to the last full name ending in it). Nothing else: no paraphrases, no roles.
import type { PredictedEntry } from './extraction.scoring.js';

const QUOTED = /["“]([^"“”\n]{1,2000})["”]/g;
const NAME = String.raw`\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){0,3}`;
const SAID = new RegExp(String.raw`(${NAME}) (?:said|says|told|added|wrote)\b|\b(?:said|says|told|added|wrote) (${NAME})`, 'gu');
const NOT_A_NAME = /^(?:The|A|An|He|She|They|It|We|I|This|That|But|And)$/;

export function extractBaseline(text: string): PredictedEntry[] {
  const fullNames: { name: string; at: number }[] = [];
  for (const match of text.matchAll(new RegExp(String.raw`\b${NAME}`, 'gu'))) {
    if (match[0].includes(' ')) fullNames.push({ name: match[0], at: match.index });
  }
  const resolve = (name: string, at: number): string => {
    if (name.includes(' ')) return name;
    const before = fullNames.filter((f) => f.at < at && f.name.endsWith(` ${name}`));
    return before.at(-1)?.name ?? name;
  };
  const entries: PredictedEntry[] = [];
  let paragraphStart = 0;
  for (const paragraph of text.split(/\n\s*\n/)) {
    const start = text.indexOf(paragraph, paragraphStart);
    paragraphStart = start + paragraph.length;
    const saids = [...paragraph.matchAll(SAID)]
      .map((m) => ({ name: (m[1] ?? m[2] ?? '').trim(), at: m.index }))
      .filter((s) => s.name !== '' && !NOT_A_NAME.test(s.name));
    for (const quote of paragraph.matchAll(QUOTED)) {
      const inner = (quote[1] as string).trim().replace(/,$/, '');
      if (inner === '') continue;
      const nearest = saids
        .map((s) => ({ ...s, distance: Math.abs(s.at - quote.index) }))
        .sort((a, b) => a.distance - b.distance)[0];
      entries.push({
        text: inner,
        speaker: nearest ? resolve(nearest.name, start + nearest.at) : null,
        role: null,
        kind: 'quote',
      });
    }
  }
  return entries;
}
