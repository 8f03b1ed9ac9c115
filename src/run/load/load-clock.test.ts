import { describe, expect, it } from 'vitest';
import { realClock } from './load-clock.ts';

describe('realClock', () => {
  it('wakes a long sleep as soon as its signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = realClock.sleep(3_600_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('does not sleep when the signal has already aborted or the time is not positive', async () => {
    await expect(realClock.sleep(3_600_000, AbortSignal.abort())).resolves.toBeUndefined();
    await expect(realClock.sleep(-5)).resolves.toBeUndefined();
  });

  it('reads a monotonic time', () => {
    const a = realClock.now();
    expect(realClock.now()).toBeGreaterThanOrEqual(a);
  });
});
