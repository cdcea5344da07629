// Which pronoun fits a named person: from the given name (compromise's lexicon of female and male
// first names, shipped inside the npm package), from a gendered title or description written with
// the name ("Ms.", "Councilwoman", "a mother of three"), and from the pronouns the text uses of
// them ("Hutchins said he …"). Unknown stays unknown: a pronoun then may refer to anyone.
import nlp from 'compromise';

export type Gender = 'female' | 'male';

const byGivenName = new Map<string, Gender | null>();

/** The gender compromise's lexicon gives a first name, if it knows one. */
export function genderOfGivenName(given: string): Gender | null {
  const known = byGivenName.get(given);
  if (known !== undefined) return known;
  const doc = nlp(`${given} Smith said so.`);
  const gender: Gender | null = doc.has('#FemaleName') ? 'female' : doc.has('#MaleName') ? 'male' : null;
  byGivenName.set(given, gender);
  return gender;
}

const FEMALE_WORDS =
  /\b(?:ms|mrs|miss|madam|councilwoman|chairwoman|congresswoman|assemblywoman|spokeswoman|businesswoman|mother|grandmother|daughter|wife|sister|aunt|woman|girl|she|her|hers)\b/i;
const MALE_WORDS =
  /\b(?:mr|sir|councilman|chairman|congressman|assemblyman|spokesman|businessman|father|grandfather|son|husband|brother|uncle|man|boy|he|him|his)\b/i;

/** A gender the words written with a name give it (its title, appositive or role), if any. */
export function genderOfDescription(words: string): Gender | null {
  const female = FEMALE_WORDS.test(words);
  const male = MALE_WORDS.test(words);
  if (female === male) return null;
  return female ? 'female' : 'male';
}

export function genderOfPronoun(pronoun: string): Gender | null {
  const word = pronoun.toLowerCase();
  if (word === 'she' || word === 'her' || word === 'herself') return 'female';
  if (word === 'he' || word === 'him' || word === 'his' || word === 'himself') return 'male';
  return null;
}
