import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printIfTestFails } from './failure-log.ts';

describe('printIfTestFails', () => {
  const printed: string[] = [];
  let spy: ReturnType<typeof vi.spyOn> | undefined;

  beforeAll(() => {
    spy = vi.spyOn(console, 'error').mockImplementation((text: unknown) => void printed.push(String(text)));
    // Outside a test there is nothing to fail: nothing is registered, nothing thrown.
    expect(printIfTestFails('in a hook', () => 'never printed')).toBe(false);
  });

  afterAll(() => {
    spy?.mockRestore();
  });

  it('prints nothing when the test passes', () => {
    expect(printIfTestFails('the run', () => 'passed')).toBe(true);
  });

  it.fails('prints the text under its heading when the test fails, read only then', () => {
    let log = 'line 1';
    printIfTestFails('the run', () => log);
    log += '\nline 2';
    expect(log).toBe('');
  });

  it('(what the tests before printed)', () => {
    expect(printed).toEqual(['--- the run\nline 1\nline 2']);
  });
});
