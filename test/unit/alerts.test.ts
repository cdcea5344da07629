import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { composeAlertMail } from '../../server/alerts/alert-mail.js';
import { parseSavedSearch, queryStringToParams, toSavedSearchString } from '../../server/alerts/alert-search.js';
import {
  checkConfirmation,
  CONFIRMATION_TTL_MS,
  manageTokenOf,
  MANAGE_TOKEN_PATTERN,
  signConfirmation,
} from '../../server/alerts/alert-tokens.js';
import { retryDelayMs } from '../../server/alerts/alerts.service.js';
import { parseSearchQuery } from '../../server/search/search.query.js';
import { makeStatement as statementFixture } from './statement-fixture.js';

const saved = (query: string) => {
  const { q, filters, from, to } = parseSearchQuery(queryStringToParams(query));
  return toSavedSearchString({ q, filters, from, to });
};

describe('saved searches', () => {
  it('are one canonical string whatever the order of parameters and values', () => {
    expect(saved('stance=oppose&q=police&stance=support')).toBe(saved('q=police&stance=support&stance=oppose'));
    expect(saved('q=police&stance=oppose&from=2023')).toBe('q=police&stance=oppose&from=2023');
  });
  it('keep the words, filters and dates, never the sort or page', () => {
    expect(saved('q=police&sort=newest&page=3')).toBe('q=police');
    const search = parseSavedSearch('q=school+police&speaker=ana-cruz&to=2024-05');
    expect(search).toMatchObject({ q: 'school police', filters: { speaker: ['ana-cruz'] }, from: null, to: { raw: '2024-05' } });
  });
});

describe('alert links', () => {
  const secret = randomBytes(32);
  it('confirm only with the right subscription, nonce and time', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const token = signConfirmation(secret, 7, 'nonce-a', now);
    expect(checkConfirmation(secret, token, () => 'nonce-a', now + 1000)).toEqual({ ok: true, id: 7 });
    // A newer sign-up (a new nonce) retires the link; another key cannot have made it.
    expect(checkConfirmation(secret, token, () => 'nonce-b', now)).toEqual({ ok: false, problem: 'tampered' });
    expect(checkConfirmation(randomBytes(32), token, () => 'nonce-a', now)).toEqual({ ok: false, problem: 'tampered' });
    expect(checkConfirmation(secret, token.replace(/^7\./, '8.'), () => 'nonce-a', now)).toEqual({
      ok: false,
      problem: 'tampered',
    });
    expect(checkConfirmation(secret, token, () => 'nonce-a', now + CONFIRMATION_TTL_MS + 1)).toEqual({
      ok: false,
      problem: 'expired',
    });
    expect(checkConfirmation(secret, 'x', () => 'nonce-a', now)).toEqual({ ok: false, problem: 'malformed' });
  });
  it('manage tokens are derived from the nonce, URL-safe and distinct', () => {
    const a = manageTokenOf(secret, 'one');
    expect(a).toMatch(MANAGE_TOKEN_PATTERN);
    expect(manageTokenOf(secret, 'one')).toBe(a);
    expect(manageTokenOf(secret, 'two')).not.toBe(a);
  });
  it('retry after 30 s, doubling, at most six hours apart', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000]);
    expect(retryDelayMs(40)).toBe(6 * 3600 * 1000);
  });
});

describe('alert mail', () => {
  const links = {
    searchUrl: 'https://x.test/search?q=a',
    manageUrl: 'https://x.test/alerts/manage/t',
    unsubscribeUrl: 'https://x.test/alerts/unsubscribe/t',
  };
  it('never puts a paraphrase in quotation marks, and escapes everything in the HTML part', () => {
    const quote = statementFixture({ id: 'q1', kind: 'quote', text: 'Police <out> of schools' });
    const paraphrase = statementFixture({ id: 'p1', kind: 'paraphrase', text: 'He said the plan was rushed' });
    const mail = composeAlertMail({
      description: '“police”',
      baseUrl: 'https://x.test',
      statements: [quote, paraphrase],
      changes: [],
      links,
    });
    expect(mail.text).toContain('“Police <out> of schools”');
    expect(mail.text).toContain("Paraphrase (the source's words, not a quote): He said the plan was rushed");
    expect(mail.text).not.toContain('“He said');
    expect(mail.html).toContain('Police &lt;out&gt; of schools');
    expect(mail.html).not.toContain('<out>');
    expect(mail.headers).toEqual({
      'List-Unsubscribe': '<https://x.test/alerts/unsubscribe/t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
  it('warns when a quote’s words are not in the source it cites', () => {
    const misquote = statementFixture({ id: 'm1', kind: 'quote', text: 'Words nobody printed', verbatim_status: 'not_found' });
    const checked = statementFixture({ id: 'c1', kind: 'quote', text: 'Words in print', verbatim_status: 'found' });
    const mail = composeAlertMail({
      description: 'd',
      baseUrl: 'https://x.test',
      statements: [misquote, checked],
      changes: [],
      links,
    });
    const [first, second] = mail.text.split('\n\n').filter((block) => block.includes('/statements/'));
    expect(first).toContain('⚠ The words were NOT found in the stored source text.');
    expect(second).not.toContain('NOT found');
    expect(mail.html.match(/NOT found in the stored source text/g)).toHaveLength(1);
  });
  it('mentions a retraction without repeating the retracted words', () => {
    const retracted = statementFixture({
      id: 'r1',
      text: 'Words we got wrong',
      status: 'retracted',
      retraction_reason: 'misattributed',
      retracted_on: '2026-02-01',
    });
    const mail = composeAlertMail({
      description: 'd',
      baseUrl: 'https://x.test',
      statements: [statementFixture({ id: 'n1' })],
      changes: [{ statement: retracted }],
      links,
    });
    expect(mail.text).toMatch(
      /Retracted on 2026-02-01: the statement by .+ \(https:\/\/x\.test\/statements\/r1\): misattributed/,
    );
    expect(mail.text).not.toContain('Words we got wrong');
  });
});
