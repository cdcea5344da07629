import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMeiliClient, waitForSuccess } from '../../indexer/meili-client.js';
import { ensureSearchKey, searchKeyName, searchKeyUid } from '../../indexer/search-key.js';

describe('the search-only API key', () => {
  const url = inject('meiliUrl');
  const masterKey = inject('meiliKey');
  const admin = createMeiliClient({ url, apiKey: masterKey });
  const indexUid = `key_${randomBytes(6).toString('hex')}`;
  const otherUid = `${indexUid}_other`;
  const call = (path: string, key: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } });

  afterAll(async () => {
    await admin.deleteKey(searchKeyUid(indexUid)).catch(() => undefined);
    for (const uid of [indexUid, otherUid]) await waitForSuccess(admin.deleteIndex(uid)).catch(() => undefined);
  });

  it('may search the statements index and nothing else', async () => {
    for (const uid of [indexUid, otherUid]) {
      await waitForSuccess(admin.index(uid).addDocuments([{ id: 'a', text: 'counselors not police' }], { primaryKey: 'id' }));
    }
    const outcome = await ensureSearchKey(admin, indexUid);
    expect(outcome).toMatchObject({ ok: true, uid: searchKeyUid(indexUid), name: searchKeyName(indexUid), created: true });
    const key = outcome.ok ? outcome.key : '';
    expect(key).not.toBe(masterKey);

    const found = await call(`/indexes/${indexUid}/search`, key, { method: 'POST', body: JSON.stringify({ q: 'counselors' }) });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { hits: unknown[] }).hits).toHaveLength(1);
    // Refused: another index, writing documents, changing settings, reading or making keys, stats.
    expect((await call(`/indexes/${otherUid}/search`, key, { method: 'POST', body: '{"q":"x"}' })).status).toBe(403);
    expect((await call(`/indexes/${indexUid}/documents`, key, { method: 'POST', body: '[{"id":"b"}]' })).status).toBe(403);
    expect((await call(`/indexes/${indexUid}/settings`, key, { method: 'PATCH', body: '{}' })).status).toBe(403);
    expect((await call(`/indexes/${indexUid}/documents`, key)).status).toBe(403);
    expect((await call('/keys', key)).status).toBe(403);
    expect((await call(`/indexes/${indexUid}/stats`, key)).status).toBe(403);
  });

  it('is found again rather than added on every start, and comes back with the same value if deleted', async () => {
    const first = await ensureSearchKey(admin, indexUid);
    const again = await ensureSearchKey(admin, indexUid);
    expect(again).toEqual({ ...first, created: false });
    const { results } = await admin.getKeys({ limit: 1000 });
    expect(results.filter((k) => k.name === searchKeyName(indexUid))).toHaveLength(1);

    // As after an engine that lost its database: the value is derived from the uid and master key.
    await admin.deleteKey(searchKeyUid(indexUid));
    const recreated = await ensureSearchKey(admin, indexUid);
    expect(recreated).toMatchObject({ ok: true, created: true, key: first.ok ? first.key : 'missing' });
  });

  it('replaces a key of the same uid that may do more than search', async () => {
    await admin.deleteKey(searchKeyUid(indexUid));
    await admin.createKey({ uid: searchKeyUid(indexUid), actions: ['*'], indexes: ['*'], expiresAt: null });
    const outcome = await ensureSearchKey(admin, indexUid);
    expect(outcome).toMatchObject({ ok: true, created: true });
    const key = await admin.getKey(searchKeyUid(indexUid));
    expect({ actions: key.actions, indexes: key.indexes }).toEqual({ actions: ['search'], indexes: [indexUid] });
  });

  it('reports, without any key in the reason, when the configured key cannot manage keys', async () => {
    const searchOnly = await ensureSearchKey(admin, indexUid);
    const weak = createMeiliClient({ url, apiKey: searchOnly.ok ? searchOnly.key : 'x' });
    const refused = await ensureSearchKey(weak, `${indexUid}_weak`);
    expect(refused.ok).toBe(false);
    const reason = refused.ok ? '' : refused.reason;
    expect(reason).toContain('invalid_api_key');
    expect(reason).not.toContain(masterKey);
    expect(reason).not.toContain(searchOnly.ok ? searchOnly.key : 'x');
    const unreachable = await ensureSearchKey(createMeiliClient({ url: 'http://127.0.0.1:9', apiKey: masterKey }), indexUid);
    expect(unreachable).toEqual({ ok: false, reason: expect.stringContaining('could not be asked') });
  });
});
