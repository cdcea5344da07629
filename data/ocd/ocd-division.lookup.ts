import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { projectRoot } from '../paths.js';

// Open Civic Data division ids (ocd-division/country:us/state:ca/county:…/school_district:…), checked
// against the official list of the opencivicdata/ocd-division-ids repository, shipped as
// data/ocd/us-ids.txt.gz (see data/ocd/README.md; us-ids.generate.ts builds it).

export const US_IDS_FILE = join(projectRoot, 'data', 'ocd', 'us-ids.txt.gz');
const US_ROOT = 'ocd-division/country:us';

export type OcdCheck = { ok: true } | { ok: false; message: string; suggestions: string[] };

export interface OcdLookup {
  /** The list's first line: repository, commit, date, count. */
  readonly source: string;
  readonly size: number;
  /** Whether the id is a canonical id of the list (an alias is not: see check). */
  has(id: string): boolean;
  /** Up to `limit` real ids nearest to the given text, nearest first. */
  suggest(value: string, limit?: number): string[];
  /** A canonical id passes; anything else is refused, saying why and which real ids are nearest. */
  check(value: string): OcdCheck;
}

/** How a person tends to mistype an id: capitals, spaces for "_", stray blanks. */
const normalize = (value: string) => value.trim().toLowerCase().replace(/\s+/g, '_');

const leafOf = (id: string) => id.slice(id.lastIndexOf('/') + 1);
const splitLeaf = (leaf: string) => {
  const colon = leaf.indexOf(':');
  return colon === -1 ? { type: '', name: leaf } : { type: leaf.slice(0, colon), name: leaf.slice(colon + 1) };
};

/** The lookup over the list's text (header line, then "id" or "alias<TAB>canonical" lines, sorted). */
export function createOcdLookup(text: string): OcdLookup {
  const lines = text.split('\n');
  const source = lines[0]?.startsWith('#') ? lines.shift()!.slice(1).trim() : 'unknown source';
  const ids: string[] = [];
  const aliases = new Map<string, string>();
  for (const line of lines) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    if (tab === -1) ids.push(line);
    else aliases.set(line.slice(0, tab), line.slice(tab + 1));
  }
  const known = new Set(ids);
  const leaves = ids.map((id) => splitLeaf(leafOf(id)));

  /** The index range of the ids under a prefix: a binary search for the first, the list being sorted. */
  const rangeUnder = (prefix: string): [number, number] => {
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ids[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    let end = low;
    while (end < ids.length && ids[end]!.startsWith(prefix)) end += 1;
    return [low, end];
  };

  function suggest(value: string, limit = 3): string[] {
    const wanted = normalize(value);
    if (known.has(wanted)) return [wanted];
    const alias = aliases.get(wanted);
    if (alias !== undefined) return [alias];
    // The deepest part of the id that is real (the state, a county, ...) narrows the search; what
    // follows is matched by the last segment's name, a wrong type costing a little.
    let ancestor = US_ROOT;
    if (wanted.startsWith(`${US_ROOT}/`)) {
      const parts = wanted.split('/');
      for (let n = parts.length - 1; n > 2; n -= 1) {
        const prefix = parts.slice(0, n).join('/');
        if (known.has(prefix)) {
          ancestor = prefix;
          break;
        }
      }
    }
    const leaf = splitLeaf(wanted.startsWith('ocd-division/') ? leafOf(wanted) : wanted);
    const [start, end] = rangeUnder(`${ancestor}/`);
    // The best `limit` so far, best first; a candidate whose length alone puts it past the worst is skipped
    // (an edit distance is at least the difference in length), which spares most distance computations.
    const best: { index: number; score: number }[] = [];
    const better = (a: { index: number; score: number }, b: { index: number; score: number }) =>
      a.score - b.score || ids[a.index]!.length - ids[b.index]!.length || (ids[a.index]! < ids[b.index]! ? -1 : 1);
    for (let index = start; index < end; index += 1) {
      const candidate = leaves[index]!;
      const typeCost = leaf.type === '' || leaf.type === candidate.type ? 0 : 2;
      const worst = best.length === limit ? best[limit - 1]!.score : Infinity;
      if (Math.abs(leaf.name.length - candidate.name.length) + typeCost > worst) continue;
      const entry = { index, score: distance(leaf.name, candidate.name) + typeCost };
      if (best.length === limit && better(entry, best[limit - 1]!) >= 0) continue;
      best.push(entry);
      best.sort(better);
      if (best.length > limit) best.pop();
    }
    return best.map((entry) => ids[entry.index]!);
  }

  return {
    source,
    size: known.size,
    has: (id) => known.has(id),
    suggest,
    check(value) {
      if (known.has(value)) return { ok: true };
      const canonical = aliases.get(value);
      if (canonical !== undefined) {
        return {
          ok: false,
          message: `"${value}" is an alias in the official Open Civic Data list; use ${canonical}`,
          suggestions: [canonical],
        };
      }
      const suggestions = suggest(value);
      const nearest = suggestions.length === 0 ? '' : `; nearest real ids: ${suggestions.join(', ')}`;
      return {
        ok: false,
        message: `"${value}" is not in the official Open Civic Data list of US divisions${nearest}`,
        suggestions,
      };
    },
  };
}

let shipped: OcdLookup | undefined;

/** The shipped US list, read on first use (about 84,000 ids). */
export function ocdDivisions(): OcdLookup {
  shipped ??= createOcdLookup(gunzipSync(readFileSync(US_IDS_FILE)).toString('utf8'));
  return shipped;
}

/** For a zod schema's superRefine: a given id must be in the shipped list (null is "not known"). */
export function refineOcdId(value: string | null, ctx: z.RefinementCtx): void {
  if (value === null) return;
  const check = ocdDivisions().check(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
}
