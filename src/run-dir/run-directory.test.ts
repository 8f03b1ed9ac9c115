import { describe, expect, it } from 'vitest';
import { makeRunId } from './run-id.ts';

describe('makeRunId', () => {
  it('is the UTC date, the UTC time and 2 random bytes in hex', () => {
    const sizes: number[] = [];
    const id = makeRunId(new Date('2026-11-26T07:45:12.987Z'), (n) => {
      sizes.push(n);
      return Buffer.from([0x3f, 0xa9]);
    });
    expect(id).toBe('20261126-074512-3fa9');
    expect(sizes).toEqual([2]);
  });

  it('pads hex bytes with zeros', () => {
    expect(makeRunId(new Date('2027-01-02T03:04:05Z'), () => Buffer.from([0, 10]))).toBe('20270102-030405-000a');
  });

  it('sorts by time', () => {
    const random = () => Buffer.from([0xff, 0xff]);
    const earlier = makeRunId(new Date('2026-11-26T07:45:12Z'), random);
    const later = makeRunId(new Date('2026-11-26T07:45:13Z'), () => Buffer.from([0, 0]));
    expect(earlier < later).toBe(true);
  });

  it('uses the current time and real randomness by default', () => {
    expect(makeRunId()).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
  });
});
