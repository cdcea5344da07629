// HTML → a light element tree, in linear time and without recursion. htmlparser2's Tokenizer
// (maintained, streaming) does the lexing: tags, attributes, entities, raw-text elements. The
// tree is built here rather than by htmlparser2's Parser, whose open-element stack shifts and
// searches on every tag (quadratic on 80,000 nested <div>s): open elements are counted by name,
// so a stray end tag is ignored in O(1) and a matching one pops to its element (each element is
// popped once). HTML's implied end tags that matter for prose are kept: a block closes an open
// <p>, and an <li> closes the open <li> of its list.
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export interface ElementNode {
  tag: string;
  attrs: Record<string, string>;
  children: TreeNode[];
  parent: ElementNode | null;
}
export type TreeNode = ElementNode | string;

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
/** Opening one of these closes an open <p>. */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'div',
  'dl',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
  'figure',
]);
const LISTS = new Set(['ul', 'ol', 'li']);

export function parseHtmlTree(html: string): ElementNode {
  const root: ElementNode = { tag: '#root', attrs: {}, children: [], parent: null };
  let current = root;
  const open = new Map<string, number>();
  /** The open ul/ol/li elements, innermost last: an <li> closes the previous one only inside the same list. */
  const lists: ElementNode[] = [];
  let pending: ElementNode | null = null;
  let attrName = '';
  let attrValue = '';

  const text = (value: string) => {
    const last = current.children[current.children.length - 1];
    if (typeof last === 'string') current.children[current.children.length - 1] = last + value;
    else current.children.push(value);
  };
  const popOne = () => {
    const tag = current.tag;
    open.set(tag, (open.get(tag) ?? 1) - 1);
    if (LISTS.has(tag) && lists[lists.length - 1] === current) lists.pop();
    current = current.parent ?? root;
  };
  const closeTo = (tag: string) => {
    if ((open.get(tag) ?? 0) === 0) return;
    while (current !== root) {
      const done = current.tag === tag;
      popOne();
      if (done) return;
    }
  };
  const pushPending = (selfClosing: boolean) => {
    const element = pending;
    pending = null;
    if (!element) return;
    if (CLOSES_P.has(element.tag)) closeTo('p');
    if (element.tag === 'li' && lists[lists.length - 1]?.tag === 'li') closeTo('li');
    element.parent = current;
    current.children.push(element);
    if (VOID.has(element.tag) || selfClosing) return;
    current = element;
    open.set(element.tag, (open.get(element.tag) ?? 0) + 1);
    if (LISTS.has(element.tag)) lists.push(element);
  };

  const callbacks: TokenizerCallbacks = {
    ontext: (start, end) => text(html.slice(start, end)),
    ontextentity: (codepoint) => text(String.fromCodePoint(codepoint)),
    onopentagname: (start, end) => {
      pending = { tag: html.slice(start, end).toLowerCase(), attrs: {}, children: [], parent: null };
    },
    onattribname: (start, end) => {
      attrName = html.slice(start, end).toLowerCase();
      attrValue = '';
    },
    onattribdata: (start, end) => {
      attrValue += html.slice(start, end);
    },
    onattribentity: (codepoint) => {
      attrValue += String.fromCodePoint(codepoint);
    },
    onattribend: () => {
      if (pending && !(attrName in pending.attrs)) pending.attrs[attrName] = attrValue;
    },
    onopentagend: () => pushPending(false),
    onselfclosingtag: () => pushPending(true),
    onclosetag: (start, end) => {
      const tag = html.slice(start, end).toLowerCase();
      if (tag === 'br') text('\n');
      else closeTo(tag);
    },
    oncdata: () => {},
    oncomment: () => {},
    ondeclaration: () => {},
    onprocessinginstruction: () => {},
    onend: () => {},
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return root;
}
