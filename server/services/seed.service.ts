import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImportFile } from '../../data/import/import.file.js';
import type { ImportSummary } from '../../data/import/import.plan.js';
import { SEEDED_AT } from '../../data/meta.repository.js';
import { seedDir, topicsFile } from '../../data/paths.js';
import type { Store } from '../../data/store.js';
import { runImportPlan } from './import/import.service.js';

interface TopicEntry {
  slug: string;
  label: string;
  description?: string;
}

/** The curated topic list in data/topics.json is the source of truth for topic slugs. */
export function syncTopics(store: Store): void {
  const topics = JSON.parse(readFileSync(topicsFile, 'utf8')) as TopicEntry[];
  store.transaction(() => {
    for (const topic of topics) {
      store.topics.upsert({ slug: topic.slug, label: topic.label, description: topic.description ?? null });
    }
  });
}

/** Loads the seed corpus through the ordinary import path; loading it again changes nothing. */
export function loadSeed(store: Store): ImportSummary {
  syncTopics(store);
  const summary = runImportPlan(store, {
    ...readImportFile(join(seedDir, 'seed.json')),
    provenance: { via: 'seed', by: 'seed corpus' },
  });
  store.meta.set(SEEDED_AT, new Date().toISOString());
  return summary;
}

/** On a new archive, load the seed once; an archive that was ever seeded is left as curators made it. */
export function loadSeedIfNew(store: Store): ImportSummary | null {
  if (store.meta.get(SEEDED_AT) !== undefined) return null;
  return loadSeed(store);
}
