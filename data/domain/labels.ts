// What people read for the archive's coded values: stances, kinds, role categories, states.
import type { RoleCategory, Stance, StatementKind } from '../archive.types.js';

/** A stance as the start of a label with its measure: "Opposes: DPS resolution …". */
export const STANCE_VERBS: Record<Stance, string> = {
  support: 'Supports',
  oppose: 'Opposes',
  mixed: 'Mixed on',
  neutral: 'Neutral on',
  unclear: 'Stance unclear on',
};

/** A stance on its own, as a facet value or a column heading. */
export const STANCE_NAMES: Record<Stance, string> = {
  support: 'Supports',
  oppose: 'Opposes',
  mixed: 'Mixed',
  neutral: 'Neutral',
  unclear: 'Unclear',
};

export const KIND_NAMES: Record<StatementKind, string> = {
  quote: 'Quote',
  paraphrase: 'Paraphrase',
  written_comment: 'Written comment',
};

export const ROLE_CATEGORY_NAMES: Record<RoleCategory, string> = {
  board_member: 'Board member',
  district_staff: 'District staff',
  teacher: 'Teacher',
  principal: 'Principal',
  student: 'Student',
  parent: 'Parent',
  police: 'Police',
  union: 'Union',
  advocate: 'Advocate',
  community_member: 'Community member',
  elected_official: 'Elected official',
  researcher: 'Researcher',
  other: 'Other',
};

export function roleCategoryName(category: string | null): string | null {
  if (category === null) return null;
  return ROLE_CATEGORY_NAMES[category as RoleCategory] ?? category;
}

/** Two-letter codes to names: people search and read "California", statements carry "CA". */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'U.S. Virgin Islands',
};
