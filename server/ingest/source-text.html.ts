// HTML → readable article text, without a parser dependency: a small tokenizer builds a
// forgiving element tree (implied </p> and </li>, stray end tags ignored), then a walk keeps
// the article's prose and drops page furniture. Paragraphs come out separated by blank lines.
import { findJunkParagraphs, isSectionHeader } from './page-junk.js';

interface ElementNode {
  tag: string;
  attrs: Record<string, string>;
  children: TreeNode[];
}
type TreeNode = ElementNode | string;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'noscript', 'template', 'xmp']);
/** Never article text, whatever they contain. */
// prettier-ignore
const DROPPED = new Set([
  'head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio',
  'nav', 'header', 'footer', 'aside', 'form', 'button', 'select', 'textarea', 'input', 'label', 'dialog', 'menu',
  'figure', 'figcaption', 'picture', 'img', 'title',
]);
// prettier-ignore
const BLOCK = new Set([
  'address', 'article', 'blockquote', 'body', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'html', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** Opening one of these closes an open <p> (HTML's implied end tags). */
// prettier-ignore
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'div', 'dl', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul', 'figure']);
/** Containers the class-name test never drops: they are the article itself. */
const NEVER_JUNK = new Set(['html', 'body', 'main', 'article']);

/** Class/id words of page furniture (matched as whole words of a class name split at - and _). */
// prettier-ignore
const JUNK_CLASS_WORDS = new Set([
  'ad', 'ads', 'advert', 'advertisement', 'adslot', 'adunit', 'dfp', 'sponsor', 'sponsored', 'promo', 'promotion',
  'related', 'recirc', 'recirculation', 'teaser', 'teasers', 'recommended', 'recommendations', 'trending', 'popular', 'mostread',
  'newsletter', 'subscribe', 'subscription', 'signup', 'paywall', 'outbrain', 'taboola',
  'social', 'share', 'sharing', 'sharebar', 'breadcrumb', 'breadcrumbs', 'sidebar', 'rail', 'widget',
  'comment', 'comments', 'cookie', 'cookies', 'consent', 'modal', 'popup', 'banner', 'nav', 'navbar', 'navigation', 'menu',
  'footer', 'header', 'masthead', 'byline', 'dateline', 'caption', 'credit', 'tags', 'author', 'bio',
]);
const JUNK_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'dialog',
  'alert',
  'menu',
  'menubar',
]);

// prettier-ignore
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»',
  copy: '©', reg: '®', trade: '™', middot: '·', bull: '•', shy: '', zwj: '', zwnj: '', thinsp: ' ', ensp: ' ', emsp: ' ',
  eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç',
  uuml: 'ü', ouml: 'ö', auml: 'ä', Eacute: 'É', Ntilde: 'Ñ', deg: '°', frac12: '½', cent: '¢', pound: '£', euro: '€',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attrs[(match[1] as string).toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attrs;
}

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g;

function parseHtml(html: string): ElementNode {
  const root: ElementNode = { tag: '#root', attrs: {}, children: [] };
  const stack: ElementNode[] = [root];
  const top = () => stack[stack.length - 1] as ElementNode;
  const closeTo = (tag: string) => {
    for (let i = stack.length - 1; i > 0; i--) {
      if ((stack[i] as ElementNode).tag === tag) {
        stack.length = i;
        return;
      }
    }
  };
  let at = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    if (match.index > at) top().children.push(html.slice(at, match.index));
    at = TOKEN.lastIndex;
    const name = match[2]?.toLowerCase();
    if (!name) continue; // comment, doctype, processing instruction
    if (match[1] === '/') {
      closeTo(name);
      continue;
    }
    if (CLOSES_P.has(name) && stack.some((el) => el.tag === 'p')) closeTo('p');
    if (name === 'li') {
      const list = [...stack].reverse().find((el) => el.tag === 'li' || el.tag === 'ul' || el.tag === 'ol');
      if (list?.tag === 'li') closeTo('li');
    }
    const element: ElementNode = { tag: name, attrs: parseAttributes(match[3] ?? ''), children: [] };
    top().children.push(element);
    if (RAW_TEXT.has(name)) {
      // Their content is not markup: skip to the matching end tag.
      const end = html.toLowerCase().indexOf(`</${name}`, at);
      const stop = end < 0 ? html.length : end;
      element.children.push(html.slice(at, stop));
      const close = html.indexOf('>', stop);
      at = close < 0 ? html.length : close + 1;
      TOKEN.lastIndex = at;
      continue;
    }
    if (!VOID.has(name) && !(match[3] ?? '').trimEnd().endsWith('/')) stack.push(element);
  }
  if (at < html.length) top().children.push(html.slice(at));
  return root;
}

function textLength(node: TreeNode, memo: Map<ElementNode, number>): number {
  if (typeof node === 'string') return node.replace(/\s+/g, '').length;
  const known = memo.get(node);
  if (known !== undefined) return known;
  const length = DROPPED.has(node.tag) ? 0 : node.children.reduce((sum, child) => sum + textLength(child, memo), 0);
  memo.set(node, length);
  return length;
}

function linkTextLength(node: TreeNode, memo: Map<ElementNode, number>, inLink = false): number {
  if (typeof node === 'string') return inLink ? node.replace(/\s+/g, '').length : 0;
  if (DROPPED.has(node.tag)) return 0;
  return node.children.reduce((sum, child) => sum + linkTextLength(child, memo, inLink || node.tag === 'a'), 0);
}

function hasJunkMarkers(element: ElementNode): boolean {
  if (element.attrs.hidden !== undefined || element.attrs['aria-hidden'] === 'true') return true;
  if (JUNK_ROLES.has((element.attrs.role ?? '').toLowerCase())) return true;
  const names = `${element.attrs.class ?? ''} ${element.attrs.id ?? ''} ${element.attrs['data-component'] ?? ''}`.toLowerCase();
  return names.split(/\s+/).some((name) => name.split(/[-_]+/).some((word) => JUNK_CLASS_WORDS.has(word)));
}

function plainText(node: TreeNode): string {
  if (typeof node === 'string') return decodeEntities(node);
  if (DROPPED.has(node.tag)) return '';
  return node.children.map(plainText).join(node.tag === 'br' ? '\n' : '');
}

/**
 * Decides what to drop: furniture by tag, by class/id/role (unless the element holds most of
 * the page: a wrapper's class must not take the article with it), lists and boxes that are
 * mostly links (teaser lists), and a "Related"-style heading with the block after it.
 */
function collectDropped(root: ElementNode): Set<ElementNode> {
  const dropped = new Set<ElementNode>();
  const memo = new Map<ElementNode, number>();
  const total = Math.max(1, textLength(root, memo));
  const visit = (element: ElementNode) => {
    const children = element.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as TreeNode;
      if (typeof child === 'string') continue;
      const length = textLength(child, memo);
      const small = length < total * 0.4;
      if (DROPPED.has(child.tag) || (!NEVER_JUNK.has(child.tag) && small && hasJunkMarkers(child))) {
        dropped.add(child);
        continue;
      }
      const linkish = ['ul', 'ol', 'div', 'section', 'p', 'li', 'table', 'dl'].includes(child.tag);
      if (linkish && small && length > 0 && linkTextLength(child, memo) / length >= 0.6) {
        dropped.add(child);
        continue;
      }
      if (/^h[1-6]$|^p$|^strong$|^div$/.test(child.tag) && small && isSectionHeader(plainText(child).replace(/\s+/g, ' '))) {
        dropped.add(child);
        // The heading's block: the next element sibling (a list or box of teasers).
        for (let j = i + 1; j < children.length; j++) {
          const next = children[j] as TreeNode;
          if (typeof next === 'string') {
            if (next.trim() !== '') break;
            continue;
          }
          if (textLength(next, memo) < total * 0.4) dropped.add(next);
          break;
        }
        continue;
      }
      visit(child);
    }
  };
  visit(root);
  return dropped;
}

/** The article text of an HTML page: paragraphs separated by blank lines, junk left out. */
export function htmlToText(html: string): string {
  const root = parseHtml(html);
  const dropped = collectDropped(root);
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    const text = current
      .replace(/[ \t\f\v\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .trim();
    if (text !== '') blocks.push(text);
    current = '';
  };
  const walk = (node: TreeNode) => {
    if (typeof node === 'string') {
      current += decodeEntities(node).replace(/\s+/g, ' ');
      return;
    }
    if (dropped.has(node)) return;
    if (node.tag === 'br') {
      current += '\n';
      return;
    }
    const block = BLOCK.has(node.tag);
    if (block) flush();
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  walk(root);
  const junk = findJunkParagraphs(blocks);
  return blocks.filter((_, i) => !junk[i]).join('\n\n');
}
