// Names: ids made from names, the name a list files a person under, and its initial.
import { createHash } from 'node:crypto';

/** A short, stable id from a name: "Lange Luntao" -> "lange-luntao". */
export function slugify(name: string): string {
  const slug = stripAccents(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'x-' + createHash('sha1').update(name).digest('hex').slice(0, 10);
}

/** "Lange Luntao" -> "Luntao, Lange"; a one-word name stays as it is. */
export function sortNameOf(name: string): string {
  const parts = name.trim().split(/\s+/);
  const last = parts.pop() as string;
  return parts.length === 0 ? last : `${last}, ${parts.join(' ')}`;
}

/** The letters names are filed under, A–Z. */
export const LETTERS: readonly string[] = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
/** Where names that do not start with a letter A–Z are filed (after Z). */
export const OTHER_INITIAL = '#';

/** The letter a name is filed under: A–Z (accents ignored), or "#" for anything else. */
export function initialOf(sortName: string): string {
  const first = stripAccents(sortName.trim()).charAt(0).toUpperCase();
  return LETTERS.includes(first) ? first : OTHER_INITIAL;
}

function stripAccents(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}
