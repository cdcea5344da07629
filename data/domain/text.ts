// Text: shortening it for lists and titles, and the characters an archive of words may hold.

/** At most `max` characters, cut at the end with an ellipsis. */
export function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * Characters no stored word may contain: C0 controls but tab, line feed and carriage return,
 * DEL, C1 controls, the noncharacters U+FFFE/U+FFFF and lone surrogate halves. None is text a
 * person said; each makes XML (the Atom feed) unparseable or hides in HTML.
 */
// With the `u` flag a well-formed surrogate pair is one code point, so [\uD800-\uDFFF] meets only lone halves.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

const NAMED: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BEL, the bell',
  0x08: 'backspace',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x1b: 'ESC, the escape character',
  0x7f: 'DEL',
  0xfffe: 'the noncharacter U+FFFE',
  0xffff: 'the noncharacter U+FFFF',
};

export interface ForbiddenCharacter {
  /** Offset in UTF-16 code units. */
  index: number;
  codePoint: number;
  /** "U+001B (ESC, the escape character)". */
  label: string;
}

function labelOf(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (NAMED[codePoint]) return `${hex} (${NAMED[codePoint]})`;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `${hex} (half of a surrogate pair, alone)`;
  return `${hex} (a control character)`;
}

/** The first character the archive refuses, or null when the text is clean. */
export function findForbiddenCharacter(text: string): ForbiddenCharacter | null {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  const codePoint = match[0].codePointAt(0) as number;
  return { index: match.index, codePoint, label: labelOf(codePoint) };
}

/** The message a refused field carries: which character, and where in the field. */
export function describeForbiddenCharacter(found: ForbiddenCharacter): string {
  return (
    `contains ${found.label} at character ${found.index + 1}; ` +
    'remove it (only letters, punctuation, spaces, tabs and line breaks are kept)'
  );
}

/** The text without any refused character: for legacy rows on their way into XML or HTML. */
export function withoutForbiddenCharacters(text: string): string {
  return text.replace(FORBIDDEN_ALL, '');
}

/** Every string inside a value (record, array), with its dotted path: "speaker.name", "topics.1". */
export function* stringsIn(value: unknown, path = ''): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], path ? `${path}.${i}` : String(i));
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) yield* stringsIn(inner, path ? `${path}.${key}` : key);
  }
}
