import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY, restartDelay } from '../../indexer/engine.supervisor.js';

describe('engine restart backoff', () => {
  it('waits 0.5 s before the first restart, doubles each time, and stops growing at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => restartDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(DEFAULT_RESTART_POLICY.resetAfterMs).toBe(60_000);
  });
});
