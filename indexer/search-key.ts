import { createHash } from 'node:crypto';
import { MeilisearchApiError, type Key, type Meilisearch } from 'meilisearch';

/** The only action the key that serves searches may take. */
export const SEARCH_KEY_ACTIONS = ['search'] as const;

export type SearchKeyOutcome =
  { ok: true; uid: string; name: string; key: string; created: boolean } | { ok: false; reason: string };

/**
 * The key's uid is derived from the index uid, so every start (and every process) finds the
 * same key instead of adding one; Meilisearch derives the key's value from its uid and the
 * master key, so the value also survives the engine losing its database.
 */
export function searchKeyUid(indexUid: string): string {
  const hex = createHash('sha256').update(`onrecord:search-key:${indexUid}`).digest('hex');
  // Shaped as a UUID v4 (version and variant bits set), which is what Meilisearch accepts.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const searchKeyName = (indexUid: string) => `onrecord-search-${indexUid}`;

const fitsPurpose = (key: Key, indexUid: string) =>
  key.actions.length === SEARCH_KEY_ACTIONS.length &&
  key.actions.every((a) => (SEARCH_KEY_ACTIONS as readonly string[]).includes(a)) &&
  key.indexes.length === 1 &&
  key.indexes[0] === indexUid &&
  (key.expiresAt === null || new Date(key.expiresAt).getTime() > Date.now());

/**
 * Finds or creates (with the master key) the API key the app searches with: the `search`
 * action on the statements index only. The index keeps its uid across rebuilds (they swap
 * contents), so the key outlives them. A key of that uid that does more (or expires) is
 * replaced. Never throws for a refusal: the caller falls back and says why, without the key.
 */
export async function ensureSearchKey(admin: Meilisearch, indexUid: string): Promise<SearchKeyOutcome> {
  const uid = searchKeyUid(indexUid);
  const name = searchKeyName(indexUid);
  try {
    const existing = await admin.getKey(uid).catch((error: unknown) => {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'api_key_not_found') return null;
      throw error;
    });
    if (existing && fitsPurpose(existing, indexUid)) return { ok: true, uid, name, key: existing.key, created: false };
    if (existing) await admin.deleteKey(uid);
    const created = await admin.createKey({
      uid,
      name,
      description: `On Record: searches the ${indexUid} index (search only; created by the app at start-up)`,
      actions: [...SEARCH_KEY_ACTIONS],
      indexes: [indexUid],
      expiresAt: null,
    });
    return { ok: true, uid, name, key: created.key, created: true };
  } catch (error) {
    return { ok: false, reason: describeRefusal(error) };
  }
}

/** Why a key could not be had, in words that never carry a key. */
function describeRefusal(error: unknown): string {
  if (error instanceof MeilisearchApiError) {
    const code = error.cause?.code ?? `HTTP ${error.response.status}`;
    return `Meilisearch refused to manage API keys (${code})`;
  }
  return `Meilisearch could not be asked for an API key (${error instanceof Error ? error.name : 'error'})`;
}
