// Shapes of hostile HTML (shared by the hostile-input benchmark and its unit test).

export interface HostileCase {
  name: string;
  /** HTML of about `bytes` characters. */
  build(bytes: number): string;
}

const repeat = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

export const hostileHtmlCases: HostileCase[] = [
  { name: "'<a ' repeated (unclosed tags)", build: (bytes) => repeat('<a ', bytes) },
  {
    name: 'nested <div> (depth ~bytes/11)',
    build: (bytes) => `${repeat('<div>', bytes / 2)}deep words${repeat('</div>', bytes / 2)}`,
  },
  { name: 'nested <div> never closed', build: (bytes) => `${repeat('<div>', bytes)}the end` },
  { name: 'stray end tags under deep nesting', build: (bytes) => `${repeat('<div>', bytes / 2)}${repeat('</span>', bytes / 2)}` },
  { name: 'unclosed attribute quote', build: (bytes) => `<p class="${repeat('x ', bytes)}` },
  { name: 'unclosed comment', build: (bytes) => `<p>before</p><!--${repeat('- ', bytes)}` },
  { name: 'many short paragraphs with quotes', build: (bytes) => repeat('<p>“We need this,” Ana Ruiz said.</p>', bytes) },
  { name: 'entities and <br> soup', build: (bytes) => repeat('&ldquo;&amp;&#x201D;<br>', bytes) },
];
