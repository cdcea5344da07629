import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY, restartDelay, type RestartPolicy } from '../../indexer/engine.supervisor.js';

// The supervisor's backoff is restartDelay(attempt, policy); superviseEngine itself needs a real
// engine and is covered by test/integration/faults.test.ts (SIGKILLed engines come back).
describe('engine restart backoff', () => {
  it('waits 0.5 s before the first restart, doubles each time, and stops growing at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => restartDelay(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('treats an engine that stayed up a minute as healthy, longer than the longest wait between restarts', () => {
    expect(DEFAULT_RESTART_POLICY.resetAfterMs).toBe(60_000);
    // A crash loop at the capped delay must never look like a healthy spell that resets the backoff.
    expect(DEFAULT_RESTART_POLICY.resetAfterMs).toBeGreaterThan(restartDelay(1_000));
  });

  it('follows the policy it is given: its initial delay, doubling, and its cap', () => {
    const policy: RestartPolicy = { initialDelayMs: 100, maxDelayMs: 1000, resetAfterMs: 5000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => restartDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('never waits less than the initial delay, even for an attempt number below 1', () => {
    expect(restartDelay(0)).toBe(500);
    expect(restartDelay(-3)).toBe(500);
  });

  it('lets the cap win over an initial delay larger than it', () => {
    expect(restartDelay(1, { initialDelayMs: 5000, maxDelayMs: 2000, resetAfterMs: 60_000 })).toBe(2000);
  });

  it('stays at the cap for very long crash runs instead of overflowing', () => {
    expect(restartDelay(2000)).toBe(30_000);
    expect(Number.isFinite(restartDelay(2000))).toBe(true);
  });
});
