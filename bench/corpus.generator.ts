/**
 * A deterministic synthetic corpus for the performance benchmark: statement i is a pure
 * function of (seed, i), so any statement can be regenerated later (the freshness test edits
 * them) without keeping the corpus in memory. Records are in the import format (SPEC §4).
 */
import { readFileSync } from 'node:fs';
import { topicsFile } from '../data/paths.js';
import type { ImportRecord } from '../data/import/import.plan.js';

/** mulberry32: small, fast, good enough for synthetic data. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one entity of one kind, so entities do not shift when the corpus size changes. */
function seedOf(seed: number, kind: number, i: number): number {
  let h = (seed ^ Math.imul(kind + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (i + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

// Ranked roughly by how often such testimony uses them: Zipf weights follow this order.
export const VOCABULARY = `
the to and of a in that we our is for students school are not they have this it be with police
officers on do as safety kids who at children schools more board officer you need can will but
what about district there community feel safe parents mental health would program campus my by
resource from counselors when one an all their if has so should or them because support was here
these just teachers how been year every those than want like were know time think out money
budget other contract also people its get any social workers only help into many some said
after us most arrests years make black youth families trust which go now last dollars well
response day could without services class learning restorative justice see fund crisis much
again see vote tonight sro sros presence staff principal classroom security armed emergency
training listen plan data report funding cut replace remove keep end renew proposal resolution
superintendent trustee equity racial disparities discipline suspension referral referrals arrest
citation citations ticket juvenile court pipeline prison intervention prevention wellbeing trauma
anxiety depression therapist psychologist nurse caseload ratio hire hiring positions salaries
grant federal state local taxpayers cost costs savings invest investment alternative alternatives
violence fight fights weapon weapons gun guns shooting drill drills lockdown threat threats
incident incidents calls call minutes seconds wait waiting respond responded responders patrol
uniform uniforms badge relationships relationship mentor mentors coach coaches counselor
accountability oversight complaint complaints transparency policy policies agreement memorandum
understanding handcuffs handcuffed restraint restrained pepper spray taser force use bias implicit
disability disabilities special education autism behavior behavioral plan plans neighborhood
neighbors latino immigrant immigration undocumented fear afraid scared protect protection protected
evidence research study studies outcomes graduation attendance absent chronic climate culture
belonging voice voices listen heard testimony comment comments public meeting meetings agenda
motion amendment second adopted rejected tabled postponed deferred unanimous majority minority
union association teachers president member members chief sheriff deputy department city county
council mayor commissioner advocate advocates coalition organizer organizers pastor clergy faith
volunteer volunteers alumni graduate senior junior freshman sophomore elementary middle high
daughter son grandson granddaughter mother father grandmother grandfather guardian foster
`
  .trim()
  .split(/\s+/);

// Multi-word expressions that occur as such, so phrase queries have something to find.
// prettier-ignore
export const PHRASES = [
  'mental health', 'school resource officers', 'restorative justice', 'response time', 'last resort',
  'school-to-prison pipeline', 'social workers', 'police department', 'student wellbeing', 'racial equity',
  'use of force', 'pepper spray', 'special education', 'community trust', 'crisis intervention',
  'budget cuts', 'armed intruder', 'implicit bias', 'counselor caseload', 'juvenile court',
];

const FIRST = (
  'Maria James Aisha Daniel Keisha Robert Linh Carlos Priya Michael Tanya David Rosa Kevin Imani ' +
  'Luis Grace Omar Hannah Jamal Sofia Ethan Leticia Brian Mei Andre Olivia Marcus Fatima Tyrone Elena Samuel ' +
  'Yolanda Jorge Nadia Patrick Chloe DeShawn Ana Thomas Monique Hector Rachel Terrence Lucia William Bianca ' +
  'Kwame Erin Rafael Jasmine Victor Amara Gregory Camila Nathan Ebony Diego Lauren Malik Ingrid'
).split(' ');
const LAST = (
  'Johnson Garcia Nguyen Williams Patel Brown Hernandez Smith Washington Lopez Kim Davis Martinez ' +
  'Jackson Robinson Clark Lewis Walker Young Allen King Wright Scott Torres Hill Green Adams Baker Nelson ' +
  'Carter Mitchell Perez Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Sanchez Morris ' +
  'Rogers Reed Cook Morgan Bell Murphy Bailey Rivera Cooper Richardson Cox Howard Ward Peterson Gray Ramirez ' +
  'James Watson Brooks Kelly Sanders Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell'
).split(' ');
const PLACE_A = 'North South East West New Lake River Oak Pine Cedar Maple Spring Fair Green Clear Stone Red Elm Bay Mill'.split(
  ' ',
);
const PLACE_B = 'field ville ton wood dale brook port view haven ford crest ridge mont land side burg'.split(' ');
export const STATES = (
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ ' +
  'NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
).split(' ');
const DISTRICT_KINDS = [
  'Unified School District',
  'Public Schools',
  'Independent School District',
  'School District',
  'County Schools',
];
const OUTLETS = [
  'The Daily Courier',
  'Metro Public Radio',
  'The Chronicle',
  'Community Voice',
  'The Ledger',
  'City Beat',
  'Chalkbeat-style Desk',
  'The Tribune',
];
const SOURCE_TYPES = ['news_article', 'minutes', 'transcript', 'video', 'report', 'interview'] as const;
export const STANCES = ['support', 'oppose', 'mixed', 'neutral', 'unclear'] as const;
const STANCE_WEIGHTS = [0.34, 0.34, 0.1, 0.07, 0.15];
// prettier-ignore
export const ROLE_CATEGORIES = [
  'parent', 'student', 'teacher', 'community_member', 'board_member', 'principal', 'police', 'advocate',
  'district_staff', 'union', 'elected_official', 'researcher', 'other',
] as const;
const ROLE_WEIGHTS = [0.22, 0.14, 0.12, 0.14, 0.07, 0.04, 0.05, 0.08, 0.05, 0.03, 0.02, 0.02, 0.02];
const ROLE_WORDING: Record<(typeof ROLE_CATEGORIES)[number], string[]> = {
  parent: ['parent', 'mother of two', 'father of a sophomore', 'PTA president'],
  student: ['student', 'senior', 'student body president', 'junior'],
  teacher: ['teacher', 'math teacher', 'special education teacher'],
  community_member: ['resident', 'neighbor', 'community member'],
  board_member: ['board member', 'trustee', 'board president'],
  principal: ['principal', 'assistant principal'],
  police: ['school resource officer', 'police chief', 'deputy', 'sergeant'],
  advocate: ['organizer', 'policy director', 'advocate'],
  district_staff: ['superintendent', 'counselor', 'safety director', 'social worker'],
  union: ['union president', 'union representative'],
  elected_official: ['city council member', 'state representative'],
  researcher: ['professor', 'researcher'],
  other: ['pastor', 'coach', 'volunteer'],
};
const KINDS = ['quote', 'paraphrase', 'written_comment'] as const;
const MEASURE_TOPICS = [
  'end the SRO contract',
  'renew the school resource officer agreement',
  'fund mental health staff',
  'create a district police department',
  'adopt a restorative justice policy',
  'install weapons detectors',
];

export const TOPIC_SLUGS: readonly string[] = (JSON.parse(readFileSync(topicsFile, 'utf8')) as { slug: string }[]).map(
  (t) => t.slug,
);

export const CORPUS_SHAPE = {
  speakers: 20_000,
  districts: 500,
  measuresPerDistrict: 3,
  meetingsPerDistrict: 24,
  sources: 5_000,
  coalitions: 40,
};

/** Cumulative weights for sampling by rank with a Zipf-like (1/rank) distribution. */
export function zipfTable(n: number, exponent = 1.0): Float64Array {
  const table = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) table[i] = sum += 1 / (i + 1) ** exponent;
  for (let i = 0; i < n; i++) (table[i] as number) /= sum;
  return table;
}

/** The rank whose cumulative weight first reaches r (0 ≤ r < 1). */
export function sampleCumulative(table: Float64Array, r: number): number {
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((table[mid] as number) < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sampleWeights(weights: readonly number[], r: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) if (r < (acc += weights[i] as number)) return i;
  return weights.length - 1;
}

const WORD_TABLE = zipfTable(VOCABULARY.length);
const pad = (n: number) => String(n).padStart(2, '0');

export function createCorpusGenerator(seed = 42) {
  const S = CORPUS_SHAPE;

  function districtOf(d: number) {
    const rng = createRng(seedOf(seed, 1, d));
    const place = `${pick(rng, PLACE_A)}${pick(rng, PLACE_B)}`;
    return {
      id: `d-${d}`,
      name: `${place} ${pick(rng, DISTRICT_KINDS)} ${d}`,
      place,
      classification: 'school_district',
      // Every state has districts; the rest are spread by a seeded draw.
      state: d < STATES.length ? (STATES[d] as string) : pick(rng, STATES),
    };
  }

  function speakerOf(p: number) {
    const rng = createRng(seedOf(seed, 2, p));
    const roleCategory = ROLE_CATEGORIES[sampleWeights(ROLE_WEIGHTS, rng())] as (typeof ROLE_CATEGORIES)[number];
    const district = districtOf(Math.floor(rng() * S.districts));
    const name = `${pick(rng, FIRST)} ${String.fromCharCode(65 + Math.floor(rng() * 26))}. ${pick(rng, LAST)}`;
    let organization: { id: string; name: string; classification: string; state: string } | null = {
      id: district.id,
      name: district.name,
      classification: district.classification,
      state: district.state,
    };
    if (roleCategory === 'police')
      organization = {
        id: `pd-${district.id}`,
        name: `${district.place} Police Department`,
        classification: 'police',
        state: district.state,
      };
    else if (roleCategory === 'union')
      organization = {
        id: `u-${district.id}`,
        name: `${district.place} Education Association`,
        classification: 'union',
        state: district.state,
      };
    else if (roleCategory === 'advocate') {
      const c = Math.floor(rng() * S.coalitions);
      organization = {
        id: `c-${c}`,
        name: `Coalition for Safe Schools ${c}`,
        classification: 'coalition',
        state: district.state,
      };
    } else if (
      roleCategory === 'community_member' ||
      roleCategory === 'parent' ||
      roleCategory === 'researcher' ||
      roleCategory === 'other'
    ) {
      organization = rng() < 0.5 ? null : organization;
    }
    return {
      id: `sp-${p}`,
      name,
      district,
      roleCategory,
      role: rng() < 0.1 ? null : pick(rng, ROLE_WORDING[roleCategory]),
      organization,
    };
  }

  function measureOf(d: number, k: number) {
    const district = districtOf(d);
    const rng = createRng(seedOf(seed, 3, d * 16 + k));
    const year = 2015 + Math.floor(rng() * 12);
    return {
      id: `m-${d}-${k}`,
      title: `${district.place} resolution to ${MEASURE_TOPICS[(d + k) % MEASURE_TOPICS.length]} (${year})`,
      body: { id: district.id, name: district.name, classification: district.classification, state: district.state },
      outcome: rng() < 0.3 ? null : pick(rng, ['adopted', 'rejected', 'tabled']),
      decided_on: rng() < 0.2 ? null : `${year}-${pad(1 + Math.floor(rng() * 12))}`,
    };
  }

  /** Meetings 2015-2026, mostly with a day, some with only a month or year, a few undated. */
  function meetingOf(d: number, k: number) {
    const district = districtOf(d);
    const rng = createRng(seedOf(seed, 4, d * 64 + k));
    const year = 2015 + Math.floor(rng() * 12);
    const month = pad(1 + Math.floor(rng() * 12));
    const day = pad(1 + Math.floor(rng() * 28));
    const r = rng();
    const date = r < 0.8 ? `${year}-${month}-${day}` : r < 0.9 ? `${year}-${month}` : r < 0.95 ? `${year}` : null;
    return {
      id: `mt-${d}-${k}`,
      title: `${district.name} board meeting ${k + 1}`,
      date,
      location: rng() < 0.5 ? `${district.place} High School auditorium` : null,
      body: { id: district.id, name: district.name, classification: district.classification, state: district.state },
    };
  }

  function sourceOf(s: number) {
    const rng = createRng(seedOf(seed, 5, s));
    const type = pick(rng, SOURCE_TYPES);
    const year = 2015 + Math.floor(rng() * 12);
    return {
      id: `src-${s}`,
      type,
      title: `${type === 'minutes' ? 'Minutes' : type === 'transcript' ? 'Transcript' : 'Coverage'}: school safety debate ${s}`,
      outlet: type === 'minutes' || type === 'transcript' ? null : pick(rng, OUTLETS),
      url: `https://example.org/sources/${s}`,
      published_on: rng() < 0.1 ? null : `${year}-${pad(1 + Math.floor(rng() * 12))}-${pad(1 + Math.floor(rng() * 28))}`,
    };
  }

  function textOf(rng: () => number, words: number): string {
    const out: string[] = [];
    let sentence = 0;
    while (out.length < words) {
      let token = rng() < 0.06 ? pick(rng, PHRASES) : (VOCABULARY[sampleCumulative(WORD_TABLE, rng())] as string);
      if (sentence === 0) token = token[0]?.toUpperCase() + token.slice(1);
      sentence += 1;
      if (sentence > 6 && rng() < 0.15) {
        token += '.';
        sentence = 0;
      }
      out.push(token);
    }
    return out.join(' ').replace(/[.]?$/, '.');
  }

  /** Statement i in the import format; `revision` changes only the text (for edits). */
  function statementOf(i: number, revision = 0) {
    const rng = createRng(seedOf(seed, 6, i));
    // Some speakers speak often: a skewed draw over speaker ranks.
    const speaker = speakerOf(Math.floor(S.speakers * rng() ** 1.6));
    const d = Number(speaker.district.id.slice(2));
    const hasMeeting = rng() < 0.9;
    const meeting = hasMeeting ? meetingOf(d, Math.floor(rng() * S.meetingsPerDistrict)) : null;
    const measure = rng() < 0.9 ? measureOf(d, Math.floor(rng() * S.measuresPerDistrict)) : null;
    const topics = [...new Set(Array.from({ length: Math.floor(rng() * 4) }, () => pick(rng, TOPIC_SLUGS)))];
    const year = 2015 + Math.floor(rng() * 12);
    const saidOn =
      hasMeeting && rng() < 0.7
        ? null
        : rng() < 0.6
          ? `${year}-${pad(1 + Math.floor(rng() * 12))}-${pad(1 + Math.floor(rng() * 28))}`
          : rng() < 0.5
            ? `${year}`
            : null;
    let text = textOf(rng, 40 + Math.floor(rng() * 41));
    if (revision > 0) text = `${text} Revision ${revisionToken(i, revision)}.`;
    return {
      id: `st-${i}`,
      text,
      kind: KINDS[sampleWeights([0.7, 0.2, 0.1], rng())],
      stance: measure ? STANCES[sampleWeights(STANCE_WEIGHTS, rng())] : 'unclear',
      speaker: {
        id: speaker.id,
        name: speaker.name,
        role: speaker.role,
        role_category: speaker.roleCategory,
        organization: speaker.organization,
      },
      measure,
      meeting,
      said_on: saidOn,
      source: sourceOf(Math.floor(S.sources * rng() ** 1.3)),
      topics,
      context: rng() < 0.3 ? `Public comment during the ${meeting ? 'board meeting' : 'hearing'} on school safety.` : null,
    };
  }

  /** One batch of records for the import service, with rows numbered as in a file. */
  function batch(from: number, count: number): ImportRecord[] {
    return Array.from({ length: count }, (_, k) => ({ row: from + k + 1, value: statementOf(from + k) }));
  }

  return { statementOf, batch, districtOf, speakerOf, measureOf };
}

/** A word that occurs nowhere else, so an edit is searchable by it alone. */
export function revisionToken(i: number, revision: number): string {
  // Letters only: the engine's tokenizer may split a word where letters meet digits.
  const letters = (n: number) =>
    n
      .toString(26)
      .split('')
      .map((c) => String.fromCharCode(97 + parseInt(c, 26)))
      .join('');
  return `zq${letters(i)}x${letters(revision)}`;
}

export type CorpusGenerator = ReturnType<typeof createCorpusGenerator>;
