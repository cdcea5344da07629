import { afterEach, describe, expect, it } from 'vitest';
import { EngineUnavailableError, resolveEngineBinary } from '../../indexer/engine.js';

describe('embedded engine on an unsupported system', () => {
  const platform = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;
  afterEach(() => {
    Object.defineProperty(process, 'platform', platform);
  });

  it('refuses with one line that says to set MEILI_URL', () => {
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    expect(() => resolveEngineBinary('/tmp')).toThrow(EngineUnavailableError);
    expect(() => resolveEngineBinary('/tmp')).toThrow(/Linux x64 only, not darwin.*set MEILI_URL/);
    try {
      resolveEngineBinary('/tmp');
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
