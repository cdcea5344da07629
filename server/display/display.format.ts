import type { RoleCategory } from '../../data/archive.types.js';

/** What every browse page shows for a fact the source does not give (SPEC §1). */
export const NOT_GIVEN = 'not given in source';

/** "1 statement", "12 statements". */
export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export const ROLE_CATEGORY_NAMES: Record<RoleCategory, string> = {
  board_member: 'Board member', district_staff: 'District staff', teacher: 'Teacher', principal: 'Principal',
  student: 'Student', parent: 'Parent', police: 'Police', union: 'Union', advocate: 'Advocate',
  community_member: 'Community member', elected_official: 'Elected official', researcher: 'Researcher', other: 'Other',
};

/** Two-letter codes to names: facets and pages show "California", not "CA". */
export const STATE_NAMES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  PR: 'Puerto Rico', GU: 'Guam', VI: 'U.S. Virgin Islands',
};


export function roleCategoryName(category: string | null): string | null {
  if (category === null) return null;
  return ROLE_CATEGORY_NAMES[category as RoleCategory] ?? category;
}

/** Only http(s) links are printed as links; anything else stays plain text or is dropped. */
export function toSafeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** A page's absolute address on BASE_URL, for <link rel="canonical"> and the API. */
export function toAbsoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
