import { describe, expect, it } from 'vitest';
import type { Statement } from '../../data/archive.types.js';
import { toStatementMetaView } from '../../server/statements/statement-meta.view.js';
import { makeStatement } from './statement-fixture.js';

const BASE_URL = 'https://cite.example.org';
const source: NonNullable<Statement['source']> = {
  id: 'knock-la',
  type: 'news_article',
  title: 'Police Free LAUSD Offers Alternatives to School Policing',
  outlet: 'Knock LA',
  author: 'Heidi',
  url: 'https://knock-la.example/police-free',
  published_on: '2023-12-07',
};
const coalition: Statement['speaker'] = {
  id: 'pfl',
  type: 'organization',
  name: 'Police Free LAUSD Coalition/Safe Schools LA',
  sort_name: 'Police Free LAUSD Coalition/Safe Schools LA',
  role: null,
  role_category: null,
  organization: null,
};

const tag = (view: ReturnType<typeof toStatementMetaView>, name: string) =>
  view.tags.filter((t) => t.name === name).map((t) => t.content);

describe('reference-manager metadata for a permalink', () => {
  it('gives Highwire tags for the original: type, outlet, date, source URL; an organisation as one last name', () => {
    const view = toStatementMetaView(makeStatement({ id: 'q', text: 'Invest in safety.', speaker: coalition, source }), BASE_URL);
    expect(tag(view, 'citation_title')).toEqual(['Invest in safety.']);
    expect(tag(view, 'citation_author')).toEqual(['Police Free LAUSD Coalition/Safe Schools LA,']);
    expect(tag(view, 'citation_date')).toEqual(['2023/12/07']);
    expect(tag(view, 'citation_public_url')).toEqual(['https://knock-la.example/police-free']);
    expect(tag(view, 'z.itemType')).toEqual(['newspaperArticle']);
    expect(tag(view, 'prism.publicationName')).toEqual(['Knock LA']);
    // Any citation_journal_title would make Zotero call it a journal article.
    expect(tag(view, 'citation_journal_title')).toEqual([]);
  });

  it('keeps a family name with spaces one person', () => {
    const speaker = { ...coalition, type: 'person' as const, name: 'Ana María de la Cruz', sort_name: 'de la Cruz, Ana María' };
    const view = toStatementMetaView(makeStatement({ speaker, source }), BASE_URL);
    expect(tag(view, 'citation_author')).toEqual(['de la Cruz, Ana María;']);
    const plain = toStatementMetaView(makeStatement({ source }), BASE_URL);
    expect(tag(plain, 'citation_author')).toEqual(['Doe, Jane']);
  });

  it('makes a quote a schema.org Quotation spoken by the speaker, part of its source', () => {
    const view = toStatementMetaView(makeStatement({ id: 'q', text: 'Invest in safety.', speaker: coalition, source }), BASE_URL);
    const data = JSON.parse(view.jsonLd) as Record<string, unknown>;
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Quotation',
      text: 'Invest in safety.',
      url: `${BASE_URL}/statements/q`,
      spokenByCharacter: { '@type': 'Organization', name: coalition.name },
      creator: { '@type': 'Organization', name: coalition.name },
      isPartOf: {
        '@type': 'NewsArticle',
        headline: source.title,
        author: { '@type': 'Person', name: 'Heidi' },
        publisher: { '@type': 'Organization', name: 'Knock LA' },
        datePublished: '2023-12-07',
        url: source.url,
      },
    });
  });

  it('never makes a paraphrase a Quotation', () => {
    const view = toStatementMetaView(makeStatement({ kind: 'paraphrase', text: 'They want counselors.', source }), BASE_URL);
    const data = JSON.parse(view.jsonLd) as Record<string, unknown>;
    expect(data['@type']).toBe('CreativeWork');
    expect(data).toMatchObject({ about: { name: 'Jane Doe' }, creator: { name: 'Heidi' }, description: 'Paraphrasing Jane Doe' });
    expect(tag(view, 'citation_title')).toEqual([source.title]);
    expect(tag(view, 'citation_author')).toEqual(['Heidi,']);
  });

  it('writes JSON-LD that no words can break out of', () => {
    const view = toStatementMetaView(makeStatement({ text: 'x </script><script>alert(1)</script> & \u2028' }), BASE_URL);
    expect(view.jsonLd).not.toMatch(/<|>|&|\u2028/);
    expect((JSON.parse(view.jsonLd) as { text: string }).text).toBe('x </script><script>alert(1)</script> & \u2028');
  });
});
