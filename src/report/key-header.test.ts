import { describe, expect, it } from 'vitest';
import { KEY_HEADER, makeResults } from '../../tests/support/report-fixtures.ts';
import { keyValueOf } from './key-header.ts';

describe('keyValueOf', () => {
  it('reads the key header of the call, or undefined', () => {
    const call = makeResults().calls[0]!;
    expect(keyValueOf(call, KEY_HEADER)).toBe('CRM-1001');
    expect(keyValueOf(call, 'X-Other')).toBeUndefined();
  });
});
