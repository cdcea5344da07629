// @citation-js ships no type declarations; this covers only what citation.ts uses.
declare module '@citation-js/core' {
  interface TemplateRegister {
    add(name: string, xml: string): void;
    has(name: string): boolean;
  }
  export class Cite {
    constructor(data: object | object[]);
    format(format: 'bibliography', options: { format: 'text'; template: string; lang: string }): string;
    format(format: 'bibtex', options: { format: 'text' }): string;
    format(format: 'ris', options: { format: 'object' }): object[];
  }
  export const plugins: {
    config: { get(plugin: '@csl'): { templates: TemplateRegister } };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
// citeproc-js (the CommonJS build) ships no types; only what citation.ts and the tests use.
declare module 'citeproc' {
  interface Sys {
    retrieveLocale(lang: string): string;
    retrieveItem(id: string): object;
  }
  export class Engine {
    constructor(sys: Sys, style: string, lang?: string);
    setOutputFormat(format: 'text' | 'html'): void;
    updateItems(ids: string[]): void;
    makeBibliography(): [object, string[]];
  }
  const CSL: { Engine: typeof Engine };
  export default CSL;
}
