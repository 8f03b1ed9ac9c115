import { describe, expect, it } from 'vitest';
import { runSipp, type SippRunOptions } from './sipp-run.ts';

describe('runSipp', () => {
  it('refuses a target off loopback, and values it cannot pass to SIPp, before starting anything', async () => {
    const o: SippRunOptions = { target: '10.0.0.5:5060', username: 'sipp', password: 'a b', ratePerS: 0, totalCalls: 1, holdMs: 0, maxConcurrent: 1, timeoutMs: 10_000, workDir: '/nonexistent' };
    await expect(runSipp(o)).rejects.toThrow(/target 10\.0\.0\.5:5060 is not 127\.x\.x\.x:PORT.*password must be.*ratePerS 0 must be > 0/);
  });
});
