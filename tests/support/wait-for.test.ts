import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('returns the first answer that is neither undefined nor false, checking at once', async () => {
    let checks = 0;
    const answers = [undefined, false, 0, 'later'];
    expect(await waitFor(() => answers[checks++], { what: 'an answer', timeoutMs: 1000, intervalMs: 1 })).toBe(0);
    expect(checks).toBe(3);
    expect(await waitFor(() => 'now', { what: 'an answer', timeoutMs: 0 })).toBe('now');
  });

  it('awaits an asynchronous check', async () => {
    let checks = 0;
    expect(await waitFor(async () => (++checks === 2 ? 'done' : undefined), { what: 'done', timeoutMs: 1000, intervalMs: 1 })).toBe('done');
  });

  it('fails after the limit, naming what was awaited, the limit and the last answer', async () => {
    let checks = 0;
    await expect(waitFor(() => (checks++, false), { what: 'the door to open', timeoutMs: 30, intervalMs: 5 })).rejects.toThrow('waited 30 ms for the door to open; last seen: false');
    expect(checks).toBeGreaterThan(1);
  });

  it('says what was last seen as told', async () => {
    let lines = 0;
    await expect(waitFor(() => (lines++, undefined), { what: '10 lines', timeoutMs: 10, intervalMs: 2, seen: () => `${lines} lines` })).rejects.toThrow(/^waited 10 ms for 10 lines; last seen: \d+ lines$/);
  });

  it('ends the wait with the error the check throws', async () => {
    await expect(waitFor(() => { throw new Error('the process exited'); }, { what: 'a URL', timeoutMs: 1000 })).rejects.toThrow('the process exited');
  });
});
