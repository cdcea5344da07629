// HTML → readable article text. htmlparser2's tokenizer feeds a light element tree
// (source-text.html-tree.ts); every walk over that tree is
// iterative, so 80,000 nested <div>s cannot overflow the call stack. The walk keeps the article's
// prose and drops page furniture. Paragraphs come out separated by blank lines.
import { findJunkParagraphs, isSectionHeader } from './page-junk.js';
import { parseHtmlTree, type ElementNode, type TreeNode } from './source-text.html-tree.js';

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
// prettier-ignore
const JUNK_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alert', 'menu', 'menubar']);

/** Elements in post-order (children before their parent), without recursion. */
function postOrder(root: ElementNode): ElementNode[] {
  const order: ElementNode[] = [];
  const stack: ElementNode[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as ElementNode;
    order.push(element);
    for (const child of element.children) if (typeof child !== 'string') stack.push(child);
  }
  return order.reverse();
}

const visibleLength = (text: string) => text.replace(/\s+/g, '').length;

/** Characters of text in each element (and of those inside links), dropped tags counting none. */
interface Measures {
  text: Map<ElementNode, number>;
  links: Map<ElementNode, number>;
  /** Elements in the subtree, the element included. */
  size: Map<ElementNode, number>;
}

function measure(root: ElementNode): Measures {
  const text = new Map<ElementNode, number>();
  const links = new Map<ElementNode, number>();
  const size = new Map<ElementNode, number>();
  for (const element of postOrder(root)) {
    let length = 0;
    let linked = 0;
    let elements = 1;
    for (const child of element.children) if (typeof child !== 'string') elements += size.get(child) ?? 1;
    size.set(element, elements);
    if (!DROPPED.has(element.tag)) {
      for (const child of element.children) {
        if (typeof child === 'string') {
          const n = visibleLength(child);
          length += n;
          if (element.tag === 'a') linked += n;
        } else {
          length += text.get(child) ?? 0;
          linked += element.tag === 'a' ? (text.get(child) ?? 0) : (links.get(child) ?? 0);
        }
      }
    }
    text.set(element, length);
    links.set(element, linked);
  }
  return { text, links, size };
}

function hasJunkMarkers(element: ElementNode): boolean {
  if (element.attrs.hidden !== undefined || element.attrs['aria-hidden'] === 'true') return true;
  if (JUNK_ROLES.has((element.attrs.role ?? '').toLowerCase())) return true;
  const names = `${element.attrs.class ?? ''} ${element.attrs.id ?? ''} ${element.attrs['data-component'] ?? ''}`.toLowerCase();
  return names.split(/\s+/).some((name) => name.split(/[-_]+/).some((word) => JUNK_CLASS_WORDS.has(word)));
}

/** The text of an element, without recursion; dropped tags give none, <br> a line break. */
function plainText(element: ElementNode): string {
  let out = '';
  const stack: TreeNode[] = [element];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    if (typeof node === 'string') out += node;
    else if (node.tag === 'br') out += '\n';
    else if (!DROPPED.has(node.tag)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as TreeNode);
  }
  return out;
}

/**
 * Decides what to drop: furniture by tag, by class/id/role (unless the element holds most of
 * the page: a wrapper's class must not take the article with it), lists and boxes that are
 * mostly links (teaser lists), and a "Related"-style heading with the block after it.
 */
function collectDropped(root: ElementNode): Set<ElementNode> {
  const dropped = new Set<ElementNode>();
  const { text, links, size } = measure(root);
  const total = Math.max(1, text.get(root) ?? 0);
  const stack: ElementNode[] = [root];
  while (stack.length > 0) {
    const children = (stack.pop() as ElementNode).children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as TreeNode;
      if (typeof child === 'string') continue;
      const length = text.get(child) ?? 0;
      const small = length < total * 0.4;
      if (DROPPED.has(child.tag) || (!NEVER_JUNK.has(child.tag) && small && hasJunkMarkers(child))) {
        dropped.add(child);
        continue;
      }
      const linkish = LINKISH.has(child.tag);
      if (linkish && small && length > 0 && (links.get(child) ?? 0) / length >= 0.6) {
        dropped.add(child);
        continue;
      }
      // A heading is a few words in a few elements: never read a deep subtree's text for it.
      if (
        HEADING_LIKE.test(child.tag) &&
        length < 200 &&
        (size.get(child) ?? 0) < 20 &&
        isSectionHeader(plainText(child).replace(/\s+/g, ' '))
      ) {
        dropped.add(child);
        // The heading's block: the next element sibling (a list or box of teasers).
        for (let j = i + 1; j < children.length; j++) {
          const next = children[j] as TreeNode;
          if (typeof next === 'string') {
            if (next.trim() !== '') break;
            continue;
          }
          if ((text.get(next) ?? 0) < total * 0.4) dropped.add(next);
          break;
        }
        continue;
      }
      stack.push(child);
    }
  }
  return dropped;
}

const LINKISH = new Set(['ul', 'ol', 'div', 'section', 'p', 'li', 'table', 'dl']);
const HEADING_LIKE = /^h[1-6]$|^p$|^strong$|^div$/;

/** The article text of an HTML page: paragraphs separated by blank lines, junk left out. */
export function htmlToText(html: string): string {
  const root = parseHtmlTree(html);
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
  // An explicit stack of nodes to visit; a block element also pushes a marker to flush after it.
  const FLUSH = Symbol('flush');
  const stack: (TreeNode | typeof FLUSH)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode | typeof FLUSH;
    if (node === FLUSH) {
      flush();
      continue;
    }
    if (typeof node === 'string') {
      current += node.replace(/\s+/g, ' ');
      continue;
    }
    if (dropped.has(node)) continue;
    if (node.tag === 'br') {
      current += '\n';
      continue;
    }
    if (BLOCK.has(node.tag)) {
      flush();
      stack.push(FLUSH);
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as TreeNode);
  }
  flush();
  const junk = findJunkParagraphs(blocks);
  return blocks.filter((_, i) => !junk[i]).join('\n\n');
}
