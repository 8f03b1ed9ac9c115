import { describe, expect, it } from 'vitest';
import type { VerifiedCall } from '../../contracts/results.ts';
import type { CdrVerdict } from '../../contracts/verdict.ts';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';
import { compareConformance, keyStatement } from './compare-conformance.ts';

const verified = (n: number, cdr: (call: VerifiedCall) => CdrVerdict): VerifiedCall => {
  const call = { ...fakeCall(n), cdr: { kind: 'not-verified', reason: '' } } as VerifiedCall;
  return { ...call, cdr: cdr(call) };
};
const stored = (n: number) => verified(n, (c) => ({ kind: 'matched', row: fakeRowFor(c, { crm_id: `C-${n}` }) }));
const empty = (n: number) => verified(n, (c) => ({ kind: 'key-not-stored', row: fakeRowFor(c, {}), reason: 'lost' }));

describe('compareConformance', () => {
  it('pairs the calls by index and lists each whose verdict says something else of the key', () => {
    const result = compareConformance([stored(1), stored(2), stored(3)], [stored(1), empty(2)], 'crm_id');
    expect(result).toMatchObject({ keyColumn: 'crm_id', paired: 2, baselineOnly: 1, candidateOnly: 0, baselineConforming: 2, candidateConforming: 1 });
    expect(result.differing).toEqual([{ index: 1, dialed: expect.any(String), plannedOutcome: 'answer', baseline: 'crm_id stored', candidate: 'crm_id empty', baselineConforms: true, candidateConforms: false }]);
  });

  it('finds no difference between a run and itself', () => {
    const calls = [stored(1), empty(2)];
    expect(compareConformance(calls, calls, 'crm_id').differing).toEqual([]);
  });

  it('says what each verdict means for the key in a few words', () => {
    expect(keyStatement({ kind: 'missing', reason: 'x' }, 'crm_id')).toBe('no row (missing)');
    expect(keyStatement({ kind: 'not-recorded', reason: 'x' }, 'crm_id')).toBe('no row, as cdr.conf says');
    const row = fakeRowFor(fakeCall(1), {});
    expect(keyStatement({ kind: 'mismatched', row, mismatches: [{ field: 'disposition', expected: 'BUSY', received: 'FAILED', rule: '' }] }, 'crm_id')).toBe('crm_id stored, row differs in disposition');
    expect(keyStatement({ kind: 'duplicate', rows: [row, row] }, 'crm_id')).toBe('2 rows');
  });
});
