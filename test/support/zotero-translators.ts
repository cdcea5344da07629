// A small harness that runs Zotero's own translator code (zotero/translators: "Embedded
// Metadata.js" and the "RDF.js" import translator it loads) on a permalink page in real headless
// Chromium, with the real Zotero.Utilities (zotero/utilities: utilities.js, xregexp-all.js,
// utilities_item.js, date.js, cachedTypes.js and its item type schema) as ZU — loaded in the page
// the way Zotero's browser connector loads them. The harness provides only what Zotero's
// translate sandbox provides around them: Zotero.Item, Zotero.loadTranslator (for RDF), an
// in-memory Zotero.RDF store, and the sandbox's attr()/text() helpers.
//
// (jsdom is no stand-in here: its XPath does not match the namespace-prefixed steps —
// /x:html/.../x:meta — that the translator uses to read citation_author, which browsers do.)
//
// The Zotero code is not part of this repository (third-party, AGPL-licensed): point
// ZOTERO_TRANSLATORS_DIR at a checkout of zotero/translators and ZOTERO_UTILITIES_DIR at one of
// zotero/utilities. zoteroDirs() says whether both are there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export interface ZoteroCreator {
  firstName?: string;
  lastName?: string;
  creatorType: string;
  fieldMode?: number;
}
export interface ZoteroItem {
  itemType: string;
  title?: string;
  creators: ZoteroCreator[];
  publicationTitle?: string;
  date?: string;
  url?: string;
  language?: string;
  [field: string]: unknown;
}
export interface TranslationRun {
  items: ZoteroItem[];
  /** What ran: the translator's own debug lines and the harness's steps. */
  trace: string[];
  /** Errors thrown inside the translators (including the RDF import's promise). */
  errors: string[];
}

const EMBEDDED_METADATA = 'Embedded Metadata.js';
const RDF = 'RDF.js';
const UTILITY_FILES = [
  'xregexp-all.js',
  'utilities.js',
  'utilities_item.js',
  'date.js',
  'resource/zoteroTypeSchemaData.js',
  'cachedTypes.js',
];

export interface ZoteroDirs {
  translators: string;
  utilities: string;
}

export function zoteroDirs(): ZoteroDirs | null {
  const translators = process.env.ZOTERO_TRANSLATORS_DIR;
  const utilities = process.env.ZOTERO_UTILITIES_DIR;
  if (!translators || !utilities) return null;
  if (!existsSync(join(translators, EMBEDDED_METADATA)) || !existsSync(join(utilities, 'utilities.js'))) return null;
  return { translators, utilities };
}

/** A translator's code without its JSON metadata header (as Zotero loads it), and the header. */
export function loadTranslator(dir: string, file: string): { code: string; header: Record<string, unknown> } {
  const source = readFileSync(join(dir, file), 'utf8');
  const end = source.indexOf('\n}\n');
  return { header: JSON.parse(source.slice(0, end + 2)) as Record<string, unknown>, code: source.slice(end + 3) };
}

interface PageSources {
  utilities: string[];
  dateFormats: string;
  embedded: string;
  rdf: string;
  rdfId: string;
}

/** Runs Embedded Metadata's doWeb on the page's document, as Zotero does when one saves it. */
export async function runEmbeddedMetadata(page: Page, dirs: ZoteroDirs): Promise<TranslationRun> {
  const sources: PageSources = {
    utilities: UTILITY_FILES.map((file) => readFileSync(join(dirs.utilities, file), 'utf8')),
    dateFormats: readFileSync(join(dirs.utilities, 'resource', 'dateFormats.json'), 'utf8'),
    embedded: loadTranslator(dirs.translators, EMBEDDED_METADATA).code,
    rdf: loadTranslator(dirs.translators, RDF).code,
    rdfId: String(loadTranslator(dirs.translators, RDF).header.translatorID),
  };
  return page.evaluate(inPage, sources);
}

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-implied-eval */
/** The little of the DOM the sandbox helpers use (this project compiles without the DOM library). */
interface DomElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface DomRoot {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): { item(index: number): DomElement | null };
}

// Runs in the page: it may use nothing from this module's scope.
async function inPage(sources: PageSources): Promise<TranslationRun> {
  const trace: string[] = [];
  const errors: string[] = [];
  const items: ZoteroItem[] = [];
  const g = globalThis as any;
  // Zotero.Utilities, set up as Zotero's connector does in a page (each file sets its global).
  g.Zotero = { locale: 'en-US', debug: () => undefined, isNode: false, Translate: {} };
  for (const code of sources.utilities) new Function(code).call(g);
  // zoteroTypeSchemaData.js declares `var ZOTERO_TYPE_SCHEMA` in its own function scope here.
  const schema = new Function(`${sources.utilities[4]}\nreturn ZOTERO_TYPE_SCHEMA;`)();
  g.Zotero.setTypeSchema(schema);
  g.Zotero.Date.init(sources.dateFormats);
  // The translate sandbox's ZU: Zotero.Utilities plus its date helpers.
  const ZU = Object.assign(Object.create(g.Zotero.Utilities), {
    strToISO: g.Zotero.Date.strToISO,
    formatDate: g.Zotero.Date.formatDate,
    strToDate: g.Zotero.Date.strToDate,
  });
  const pick = (root: DomRoot, selector: string, index?: number): DomElement | null =>
    index ? (root.querySelectorAll(selector).item(index) ?? null) : root.querySelector(selector);
  const helpers = {
    attr: (root: DomRoot, selector: string, name: string, index?: number) =>
      pick(root, selector, index)?.getAttribute(name) ?? '',
    text: (root: DomRoot, selector: string, index?: number) => pick(root, selector, index)?.textContent ?? '',
  };

  /** Runs a translator's code in its own scope with the sandbox's globals; returns its top level. */
  function sandbox(code: string, zotero: object): any {
    const run = new Function(
      'Zotero',
      'Z',
      'ZU',
      'attr',
      'text',
      `${code}\nreturn { doWeb: typeof doWeb === 'function' ? doWeb : undefined, exports: typeof exports === 'object' ? exports : undefined };`,
    );
    return run(zotero, zotero, ZU, helpers.attr, helpers.text);
  }

  class Item {
    itemType: string;
    creators: ZoteroCreator[] = [];
    notes: unknown[] = [];
    tags: unknown[] = [];
    seeAlso: unknown[] = [];
    attachments: unknown[] = [];
    constructor(itemType?: string) {
      this.itemType = itemType ?? '';
    }
    complete() {
      trace.push(`item completed: ${this.itemType}`);
      const { attachments, ...fields } = this as any;
      items.push({ ...fields, attachments: (attachments as { title?: string }[]).map((a) => ({ title: a.title })) });
    }
  }

  /** The Zotero.RDF API that RDF.js calls, over triples in memory (as Zotero's RDF I/O keeps them). */
  function rdfStore() {
    type RdfNode = { uri: string };
    const nodes = new Map<string, RdfNode>();
    const triples: { s: RdfNode; p: string; o: RdfNode | string }[] = [];
    const node = (uri: string) => {
      let found = nodes.get(uri);
      if (!found) nodes.set(uri, (found = { uri }));
      return found;
    };
    const asNode = (value: RdfNode | string) => (typeof value === 'string' ? nodes.get(value) : value);
    const orFalse = <T>(list: T[]) => (list.length ? list : false);
    return {
      addStatement(about: string, relation: string, value: string, literal: boolean) {
        triples.push({ s: node(about), p: relation, o: literal ? String(value) : node(value) });
      },
      getAllResources: () => [...new Set(triples.map((t) => t.s))],
      getTargets: (r: RdfNode | string, p: string) =>
        orFalse(triples.filter((t) => t.s === asNode(r) && t.p === p).map((t) => t.o)),
      getSources: (r: RdfNode | string, p: string) =>
        orFalse(triples.filter((t) => t.o === asNode(r) && t.p === p).map((t) => t.s)),
      getArcsIn: (r: RdfNode | string) => orFalse([...new Set(triples.filter((t) => t.o === asNode(r)).map((t) => t.p))]),
      getArcsOut: (r: RdfNode | string) => orFalse([...new Set(triples.filter((t) => t.s === asNode(r)).map((t) => t.p))]),
      getResourceURI: (r: RdfNode | string) => (typeof r === 'string' ? r : r.uri),
      getContainerElements: () => [],
    };
  }

  const embedded = {
    Item,
    Utilities: ZU,
    debug: (message: string) => trace.push(`debug: ${message}`),
    done: () => undefined,
    parentTranslator: undefined,
    loadTranslator(type: string) {
      trace.push(`loadTranslator(${type})`);
      let handler: ((obj: unknown, item: unknown) => void) | null = null;
      let id = '';
      return {
        setTranslator: (translatorId: string) => (id = translatorId),
        setHandler: (event: string, fn: (obj: unknown, item: unknown) => void) => {
          if (event === 'itemDone') handler = fn;
        },
        getTranslatorObject(callback: (rdf: unknown) => void) {
          if (id !== sources.rdfId) throw new Error(`the harness provides only the RDF translator, not ${id}`);
          trace.push('RDF translator loaded');
          const rdfZotero = {
            RDF: rdfStore(),
            Utilities: ZU,
            debug: (message: string) => trace.push(`RDF debug: ${message}`),
            setProgress: () => undefined,
            // Zotero hands a child translator's finished item to the parent's handler as the
            // parent's item, so the parent's complete() saves it.
            Item: class extends Item {
              override complete() {
                trace.push(`RDF item done: ${this.itemType}`);
                handler?.(null, Object.assign(new Item(this.itemType), this));
              }
            },
          };
          const rdf = sandbox(sources.rdf, rdfZotero).exports;
          rdf.Zotero = rdfZotero;
          const doImport = rdf.doImport;
          rdf.doImport = () => {
            trace.push('RDF doImport');
            const result = doImport();
            if (result instanceof Promise) result.catch((error: unknown) => errors.push(String(error)));
            return result;
          };
          callback(rdf);
        },
      };
    },
  };
  try {
    const translator = sandbox(sources.embedded, embedded);
    trace.push('doWeb');
    const page = globalThis as unknown as { document: unknown; location: { href: string } };
    translator.doWeb(page.document, page.location.href);
    await new Promise((resolve) => setTimeout(resolve, 0));
  } catch (error) {
    errors.push(String((error as Error).stack ?? error));
  }
  return { items, trace, errors };
}
/* eslint-enable */
