// People in news text: capitalised name chains, the titles in front of them ("SUSD board
// member", "Superintendent"), appositives after them (", a principal in the district,"), and
// which chains are not people at all (organisations, places, sentence openers).
import nlp from 'compromise';
import { genderOfGivenName } from './attribution.gender.js';

export interface NameToken {
  text: string;
  start: number;
  end: number;
}

/** A capitalised word (with inner capitals, hyphens, apostrophes: McCrory, O’Neil, Mary-Ellen, José). */
const NAME_WORD = /^\p{Lu}[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)*(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*$|^O['’]\p{Lu}[\p{Ll}]+$/u;
/** Initials and abbreviated titles keep their full stop ("J.", "Dr.", "Sgt.", "Jr."). */
const ABBREVIATED =
  /^(?:\p{Lu}\.|Dr\.|Sgt\.|Lt\.|Capt\.|Det\.|Gov\.|Sen\.|Rep\.|Prof\.|Rev\.|Cpl\.|Ofc\.|Cmdr\.|Mr\.|Mrs\.|Ms\.|Mx\.|Jr\.|Sr\.|St\.|Ft\.|Mt\.)$/u;
const PARTICLES = new Set(['de', 'del', 'della', 'van', 'von', 'der', 'la', 'le', 'da', 'di', 'dos', 'du', 'bin', 'al']);
const SUFFIXES = new Set(['Jr.', 'Jr', 'Sr.', 'Sr', 'II', 'III', 'IV']);

/** Words that open sentences or name times; a chain starting with them has them stripped. */
// prettier-ignore
const NOT_NAMES = new Set([
  'The', 'A', 'An', 'However', 'But', 'And', 'Or', 'Nor', 'So', 'Yet', 'Still', 'In', 'On', 'At', 'After', 'Before', 'When', 'While',
  'Although', 'Though', 'Despite', 'According', 'Meanwhile', 'If', 'As', 'This', 'That', 'These', 'Those', 'It', 'He', 'She', 'They',
  'We', 'I', 'You', 'Our', 'His', 'Her', 'Their', 'Its', 'My', 'Your', 'For', 'Last', 'Next', 'Today', 'Tonight', 'Yesterday',
  'Tomorrow', 'Later', 'Earlier', 'Now', 'Then', 'There', 'Here', 'What', 'Why', 'How', 'Who', 'Where', 'Which', 'Some', 'Many',
  'Most', 'Several', 'Other', 'Others', 'Both', 'Each', 'Every', 'All', 'Any', 'No', 'Not', 'Also', 'Even', 'Just', 'Only', 'Since',
  'Until', 'With', 'Without', 'From', 'To', 'Of', 'By', 'About', 'Over', 'Under', 'Once', 'During', 'Among', 'Between', 'Asked',
  'Speaking', 'Instead', 'Like', 'Unlike', 'Because', 'Thus', 'Plus', 'Among', 'Across', 'Around', 'Through', 'Throughout', 'Within',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May',
  'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Jan.', 'Feb.', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
  'Mr.', 'Mrs.', 'Ms.', 'Miss', 'Mx.', 'One', 'Another', 'Photo', 'Video', 'Read', 'Click', 'Watch', 'Sign', 'Show', 'Please', 'Thank', 'Thanks',
  'Yes', 'Okay', 'Well', 'Oh', 'Good', 'Students', 'Parents', 'Teachers', 'Officers', 'Members', 'Residents', 'Advocates', 'Supporters',
  'Opponents', 'Critics', 'Officials', 'Leaders', 'Organizers', 'Representatives', 'Staff', 'Neighbors', 'Business', 'Police', 'Black', 'White', 'Latino', 'Latina', 'Hispanic', 'Asian', 'Indigenous', 'Native',
]);

/** Titles and offices: in a chain they belong to the role, and the name is what follows them. */
// prettier-ignore
const TITLE_WORDS = new Set([
  'President', 'Vice', 'Superintendent', 'Principal', 'Chief', 'Officer', 'Sgt.', 'Sgt', 'Sergeant', 'Lt.', 'Lieutenant', 'Capt.',
  'Captain', 'Detective', 'Det.', 'Deputy', 'Trustee', 'Director', 'Chair', 'Chairman', 'Chairwoman', 'Chairperson', 'Member',
  'Councilmember', 'Councilman', 'Councilwoman', 'Councilor', 'Councillor', 'Alderman', 'Alderwoman', 'Alderperson', 'Selectman', 'Selectwoman', 'Mayor', 'Gov.', 'Governor', 'Sen.', 'Senator', 'Rep.', 'Representative',
  'Assemblymember', 'Assemblyman', 'Assemblywoman', 'Commissioner', 'Dr.', 'Professor', 'Prof.', 'Coach', 'Pastor', 'Rev.',
  'Reverend', 'Father', 'Judge', 'Attorney', 'Sheriff', 'Spokesperson', 'Spokesman', 'Spokeswoman', 'Manager', 'Coordinator',
  'Counselor', 'Teacher', 'Student', 'Secretary', 'Treasurer', 'Clerk', 'Officers', 'Administrator', 'Supervisor', 'Marshal',
  'Constable', 'Corporal', 'Cpl.', 'Ofc.', 'Commander', 'Cmdr.', 'Dean', 'Provost', 'Chancellor', 'Executive', 'Acting', 'Interim',
  'Mr.', 'Mrs.', 'Ms.', 'Mx.', 'Miss', 'Pro', 'Tem', 'Board', 'Association', 'Union', 'Department', 'District', 'Council', 'Committee',
]);

/** A chain with one of these is an organisation, a place or a thing, not a person. */
// prettier-ignore
const ORG_WORDS = new Set([
  'School', 'Schools', 'District', 'Districts', 'Department', 'Police', 'Board', 'Association', 'Coalition', 'University', 'College',
  'Union', 'Council', 'County', 'City', 'High', 'Unified', 'Elementary', 'Middle', 'Academy', 'Education', 'Center', 'Centre',
  'Office', 'Committee', 'Commission', 'Foundation', 'Institute', 'Project', 'Court', 'Church', 'News', 'Times', 'Post', 'Tribune',
  'Herald', 'Gazette', 'Journal', 'Radio', 'Street', 'Avenue', 'Road', 'Boulevard', 'Drive', 'Park', 'Hall', 'Act', 'Plan',
  'Program', 'Justice', 'Safety', 'Services', 'Health', 'Public', 'State', 'States', 'National', 'American', 'United', 'Federal',
  'Congregations', 'Together', 'Matter', 'Lives', 'Study', 'Report', 'Alliance', 'Network', 'Partnership', 'Initiative', 'Campaign',
  'Group', 'Company', 'Inc.', 'Corp.', 'LLC', 'Transit', 'Transportation', 'Utilities', 'Agency', 'Bureau', 'Administration', 'Division', 'Authority', 'Institute', 'Society',
  'Fund', 'Trust', 'Team', 'Club', 'League', 'Party', 'Caucus', 'Assembly', 'Senate', 'House', 'Congress', 'Legislature',
  'Government', 'Ministry', 'Library', 'Hospital', 'Clinic', 'Museum', 'Stadium', 'Arena', 'Square', 'Plaza', 'Center', 'Campus',
  'Area', 'Region', 'Valley', 'Bay', 'River', 'Lake', 'Mountain', 'Beach', 'Island', 'Heights', 'Village', 'Township', 'Town',
  'Security', 'Resource', 'Resources', 'Officers', 'Teachers', 'Students', 'Parents', 'Families', 'Youth', 'Community', 'Safe',
  'Free', 'Vision', 'Strategy', 'Policy', 'Resolution', 'Measure', 'Proposition', 'Prop.', 'Bill', 'Code', 'Law', 'Constitution',
  'Facebook', 'Twitter', 'Instagram', 'YouTube', 'Google', 'Zoom', 'Times', 'Press', 'Channel', 'Network', 'Daily', 'Weekly',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'June',
  'July', 'August', 'September', 'October', 'November', 'December', 'Day', 'Week', 'Month', 'Year', 'Achievement', 'Success',
]);

const STREET_ABBREVIATIONS = /^(?:St|Ave|Blvd|Rd|Ln|Ct|Pl|Pkwy|Hwy|Ter|Cir)\.?$/;

/** First words of two-word place names (Los Angeles, San Jose, New Haven, St. Louis). */
// prettier-ignore
const PLACE_STARTS = new Set(['Los', 'Las', 'San', 'Santa', 'New', 'El', 'Fort', 'Ft.', 'St.', 'Saint', 'Port', 'Mount', 'Mt.', 'North',
  'South', 'East', 'West', 'Upper', 'Lower', 'Greater', 'Palo', 'Del', 'Des', 'Baton', 'Grand', 'Long', 'Salt', 'Little', 'Lake']);

/** Lowercase words that can stand in a title before a name ("community member", "high school teacher"). */
// prettier-ignore
export const ROLE_WORDS = new Set([
  'member', 'members', 'board', 'school', 'schools', 'community', 'parent', 'teacher', 'student', 'principal', 'officer', 'resource',
  'president', 'vice', 'chair', 'chairman', 'chairwoman', 'chairperson', 'trustee', 'superintendent', 'director', 'coordinator',
  'counselor', 'spokesperson', 'spokesman', 'spokeswoman', 'activist', 'advocate', 'organizer', 'resident', 'pastor', 'chief',
  'sergeant', 'deputy', 'detective', 'lieutenant', 'captain', 'commissioner', 'councilmember', 'council', 'city', 'county', 'state',
  'district', 'senior', 'junior', 'sophomore', 'freshman', 'high', 'middle', 'elementary', 'retired', 'former', 'longtime',
  'interim', 'assistant', 'associate', 'executive', 'union', 'police', 'safety', 'security', 'social', 'worker', 'psychologist',
  'nurse', 'coach', 'attorney', 'lawyer', 'researcher', 'professor', 'mother', 'father', 'grandmother', 'grandfather', 'alumna',
  'alumnus', 'graduate', 'speaker', 'commenter', 'volunteer', 'leader', 'founder', 'co-founder', 'manager', 'analyst', 'secretary',
  'treasurer', 'representative', 'senator', 'mayor', 'assemblymember', 'legislator', 'lawmaker', 'staff', 'staffer', 'employee',
  'educator', 'administrator', 'clerk', 'paraeducator', 'aide', 'bus', 'driver', 'custodian', 'librarian', 'special', 'education',
  'mental', 'health', 'youth', 'grade', 'first-year', 'veteran', 'rookie', 'sro', 'campus', 'patrol', 'crossing', 'guard',
  'therapist', 'clinician', 'pediatrician', 'doctor', 'psychiatrist', 'minister', 'rabbi', 'imam', 'owner', 'business', 'local',
  'neighborhood', 'church', 'faith', 'civil', 'rights', 'union', 'teachers', 'the', 'association', 'of', 'and',
  'builder', 'developer', 'contractor', 'landlord', 'homeowner', 'tenant', 'renter', 'farmer', 'rancher', 'pharmacist', 'dentist',
  'firefighter', 'paramedic', 'electrician', 'plumber', 'engineer', 'architect', 'planner', 'economist', 'scientist', 'hydrologist',
  'historian', 'author', 'journalist', 'editor', 'artist', 'musician', 'chef', 'barber', 'mechanic', 'welder', 'machinist',
]);

const FUNCTION_WORDS = new Set([
  'the',
  'of',
  'and',
  'high',
  'middle',
  'city',
  'county',
  'state',
  'local',
  'special',
  'civil',
  'rights',
]);

/** "Parent Nicole Fontaine", "Junior Amara Okonkwo": a role word capitalised at the start of a sentence. */
function isCapitalisedRoleWord(word: string): boolean {
  const lower = word.toLowerCase();
  return word !== lower && ROLE_WORDS.has(lower) && !FUNCTION_WORDS.has(lower);
}

/** A role word, also inside hyphenated compounds ("co-chair", "vice-president", "fifth-grade"). */
export function isRoleWord(word: string): boolean {
  const lower = word.toLowerCase();
  return ROLE_WORDS.has(lower) || ROLE_WORDS.has(lower.split('-').pop() ?? lower) || /-(?:grade|year|time)$/.test(lower);
}

export const PRONOUNS = new Set(['he', 'she', 'they']);

function stripPossessive(word: string): string {
  return word.replace(/['’]s$/, '');
}

/** Capitalised name-like chains in text[from, to): runs of name words joined by single spaces. */
export function findNameChains(text: string, from: number, to: number): NameToken[][] {
  const chains: NameToken[][] = [];
  let chain: NameToken[] = [];
  let pendingParticle = false;
  const close = () => {
    if (chain.length > 0) chains.push(chain);
    chain = [];
    pendingParticle = false;
  };
  const words = /\S+/g;
  words.lastIndex = from;
  let lastEnd = from;
  for (let match = words.exec(text); match && match.index < to; match = words.exec(text)) {
    const raw = match[0].slice(0, to - match.index);
    const gap = text.slice(lastEnd, match.index);
    lastEnd = match.index + raw.length;
    if (gap.includes('\n')) close();
    const lead = /^[("“'‘[]+/.exec(raw)?.[0].length ?? 0;
    if (lead > 0) close();
    let core = raw.slice(lead);
    let closesAfter = false;
    const possessive = /['’]s([,.;:!?”"’)\]]*)$/.exec(core);
    if (possessive) {
      core = core.slice(0, possessive.index);
      closesAfter = true;
    }
    if (!ABBREVIATED.test(core)) {
      const trail = /[,.;:!?”"’)\]—–-]+$/.exec(core);
      if (trail) {
        core = core.slice(0, trail.index);
        closesAfter = true;
      }
    }
    const start = match.index + lead;
    if (NAME_WORD.test(core) || ABBREVIATED.test(core) || (SUFFIXES.has(core) && chain.length > 0)) {
      if (pendingParticle) pendingParticle = false;
      chain.push({ text: core, start, end: start + core.length });
      if (closesAfter) close();
    } else if (chain.length > 0 && PARTICLES.has(core) && !closesAfter) {
      pendingParticle = true;
      chain.push({ text: core, start, end: start + core.length });
    } else {
      if (pendingParticle) chain.pop();
      close();
    }
  }
  if (pendingParticle) chain.pop();
  close();
  return chains;
}

export interface PersonName {
  /** The full name as written (without title or possessive). */
  name: string;
  tokens: NameToken[];
  /** Title words inside the chain, in front of the name ("Superintendent", "Police Officers Association President"). */
  title: NameToken[];
  start: number;
  end: number;
}

/** Place and building words that are common surnames too ("Daniel Park", "Helen Hall"). */
const SURNAME_LIKE = new Set(['Park', 'Hall', 'Lake', 'Church', 'House', 'Street', 'Rivers', 'Fields', 'Hill', 'Banks']);
/** After a name, what only a person has: an age, an appositive, a verb of saying. */
const PERSON_AFTER = /^(?:,\s+(?:\d{1,3}\b|an?\s|the\s)|\s+(?:said|says|told|added|asked|argued|testified)\b)/;

/**
 * The person in a chain, if it is one: leading sentence words are dropped, titles split off,
 * and chains with organisation or place words rejected — except a known given name before a
 * surname that is also a place word, where the text around (`text`) shows a person.
 */
export function toPersonName(chain: readonly NameToken[], text?: string): PersonName | null {
  const person = personInChain(chain);
  if (person || text === undefined) return person;
  let tokens = chain.filter((token) => !NOT_NAMES.has(token.text));
  while (
    tokens.length > 0 &&
    (TITLE_WORDS.has((tokens[0] as NameToken).text) || isCapitalisedRoleWord((tokens[0] as NameToken).text))
  )
    tokens = tokens.slice(1);
  const [given, surname] = tokens;
  if (tokens.length !== 2 || !given || !surname || !SURNAME_LIKE.has(surname.text)) return null;
  if (ORG_WORDS.has(given.text) || PLACE_STARTS.has(given.text) || genderOfGivenName(given.text) === null) return null;
  if (!PERSON_AFTER.test(text.slice(surname.end, surname.end + 20))) return null;
  const title = chain.filter((token) => token.start < given.start && !NOT_NAMES.has(token.text));
  return { name: `${given.text} ${surname.text}`, tokens, title, start: given.start, end: surname.end };
}

function personInChain(chain: readonly NameToken[]): PersonName | null {
  let tokens = chain.filter((token) => !SUFFIXES.has(token.text) || token !== chain[0]);
  while (tokens.length > 0 && NOT_NAMES.has((tokens[0] as NameToken).text)) tokens = tokens.slice(1);
  let titleEnd = 0;
  tokens.forEach((token, i) => {
    // "Commissioners Lila Hartsock, …" in a roll call: a plural title is a title too.
    const title =
      TITLE_WORDS.has(token.text) || TITLE_WORDS.has(token.text.replace(/s$/, '')) || isCapitalisedRoleWord(token.text);
    if (title && i < tokens.length - 1) titleEnd = i + 1;
  });
  const title = tokens.slice(0, titleEnd);
  const nameTokens = tokens.slice(titleEnd).filter((token) => !SUFFIXES.has(token.text));
  if (nameTokens.length === 0 || nameTokens.length > 4) return null;
  if (
    nameTokens.some(
      (token) => ORG_WORDS.has(stripPossessive(token.text)) || NOT_NAMES.has(token.text) || TITLE_WORDS.has(token.text),
    )
  )
    return null;
  if (nameTokens.length >= 2 && PLACE_STARTS.has((nameTokens[0] as NameToken).text)) return null;
  // "Main St.", "Oak Ave.": an address.
  if (nameTokens.length >= 2 && STREET_ABBREVIATIONS.test((nameTokens[nameTokens.length - 1] as NameToken).text)) return null;
  if (nameTokens.length === 1 && /\.$/.test((nameTokens[0] as NameToken).text)) return null;
  const first = nameTokens[0] as NameToken;
  const last = nameTokens[nameTokens.length - 1] as NameToken;
  const suffix = tokens[tokens.length - 1];
  const end = suffix && SUFFIXES.has(suffix.text) ? suffix.end : last.end;
  return { name: nameTokens.map((token) => token.text).join(' '), tokens: nameTokens, title, start: first.start, end };
}

const ACRONYM = /^[\p{Lu}\d&]{2,}(?:['’]s)?$/u;
const STOP_BEFORE_TITLE =
  /^(?:the|a|an|said|says|told|tells|added|with|by|to|for|from|in|on|at|and|of|that|as|is|was|were|are|be|been|who|when|while|also|according)$/i;

/**
 * The title written in front of a name: title words of the chain plus the acronyms and role
 * words just before it ("SUSD board member Lange Luntao" → "SUSD board member").
 */
export function titleBefore(text: string, person: PersonName, limit: number): string | null {
  let start = person.title[0]?.start ?? person.start;
  const before = text.slice(limit, start);
  const words = [...before.matchAll(/[^\s]+/g)];
  for (let i = words.length - 1; i >= 0 && words.length - i <= 5; i--) {
    const word = words[i] as RegExpMatchArray;
    const bare = word[0].replace(/[’']s$/, '');
    if (/[,;:.!?()"“”]/.test(word[0])) break;
    if (STOP_BEFORE_TITLE.test(bare)) break;
    const isRole = ACRONYM.test(word[0]) || isRoleWord(bare) || /^[\p{Lu}][\p{Ll}]+$/u.test(bare);
    if (!isRole) break;
    start = limit + (word.index as number);
  }
  const title = text.slice(start, person.start).trim();
  return title === '' ? null : title;
}

const APPOSITIVE_START =
  /^(?:\p{Ll}[\p{Ll}-]*(?:\s+\p{Ll}[\p{Ll}-]*)?\s+(?:of|at|for|with)\s|a|an|the|retired|former|longtime|interim|acting|then|now|current|senior|junior|one|another|president|vice|chair|director|member|superintendent|principal|teacher|parent|student|head|executive|co-founder|founder|spokes\w+|\p{Lu}[\p{L}]*['’]s|[\p{Lu}]{2,})\b/u;
const NOT_APPOSITIVE =
  /^(?:who|which|whose|whom|that|said|says|told|added|adding|according|and|but|as|when|while|after|before|because|although|though|if|in|on|at|to|for|with|noting|saying|explaining|arguing|he|she|they|it|we|i)\b/i;

/** ", a principal in the district," after a name: the role, up to the next comma or the end. */
export function appositiveAfter(text: string, end: number, limit: number): string | null {
  // "Daniel Park, 34, a nurse who rents …": an age comes before the description.
  const age = /^,\s+\d{1,3}(?=,)/.exec(text.slice(end, limit));
  const rest = text.slice(end + (age?.[0].length ?? 0), limit);
  const match = /^,\s+([^,;:()"“”]{2,160}?)\s*(?:,|;|\.(?=\s|$)|$)/.exec(rest);
  if (!match) return null;
  const phrase = (match[1] as string).trim();
  if (NOT_APPOSITIVE.test(phrase) || /^\d+$/.test(phrase) || !APPOSITIVE_START.test(phrase)) return null;
  // An appositive describes; it has no verb of its own ("said the plan was fine", "disagrees with
  // ending it": compromise tags a verb in the present tense that opens it).
  if (/\b(?:said|says|told|added|explained|asked|is|was|were|are|has|have|had|will|would)\b/.test(phrase)) return null;
  if (/^\p{Ll}+s\s/u.test(phrase) && nlp(phrase).terms().first().has('#PresentTense')) return null;
  return phrase;
}

/** "Tere Flores of Sacramento Area Congregations Together", "Damien Winfrey from Narbonne High School". */
export function affiliationAfter(text: string, end: number, limit: number): string | null {
  const match =
    /^ (?:of|from|with) ((?:(?:the|community|activism|advocacy|group|organization|nonprofit|coalition)\s+){0,4}(?:\p{Lu}[\p{L}.'’&-]*\s?){1,8})/u.exec(
      text.slice(end, limit),
    );
  if (!match) return null;
  const phrase = (match[1] as string).trim();
  return /\p{Lu}/u.test(phrase) ? phrase : null;
}

/** Honorifics and abbreviated ranks: part of a name's styling, never a role on their own. */
const HONORIFIC_ONLY = /^(?:dr|mr|mrs|ms|mx|miss|sgt|lt|capt|det|ofc|cpl|cmdr|prof|rev|gov|sen|rep|hon|fr|sr|jr)\.?$/i;

export function cleanRole(role: string | null): string | null {
  if (role === null) return null;
  if (HONORIFIC_ONLY.test(role.trim().replace(/^(?:then|and|or)\s+/i, ''))) return null;
  let cleaned = role
    .replace(/^(?:a|an|the)\s+/i, '')
    // "Superintendent Dr. Ana Ruiz": the courtesy title is the name's styling, not part of the role.
    .replace(/\s+(?:Dr|Mr|Mrs|Ms|Mx|Miss|Rev|Hon)\.?$/, '')
    .replace(/[\s,;:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  // A closing full stop belongs to the sentence, unless it ends an abbreviated title ("Sgt.", "Rev.").
  if (cleaned.endsWith('.') && !/(?:^|\s)\p{Lu}\p{Ll}{0,3}\.$/u.test(cleaned)) cleaned = cleaned.slice(0, -1);
  return cleaned.length >= 2 ? cleaned : null;
}

/** Surname for matching later references: the last name word. */
export function surnameOf(name: string): string {
  const words = name.split(' ').filter((word) => !SUFFIXES.has(word));
  return words[words.length - 1] ?? name;
}
