import { describe, expect, it } from 'vitest';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';
import { isRunRow, type RunRowOwner } from './run-rows.ts';
import { verifyCdr } from './verify-cdr.ts';

const KEY = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
const calls = [fakeCall(1), fakeCall(2, { agent: 'agent002' })];
const owner: RunRowOwner = { srcs: new Set(['agent001', 'agent002']), keys: new Set(['C-1', 'C-2']), keyColumn: 'crm_id' };
const row = (overrides: Parameters<typeof fakeRowFor>[2]) => fakeRowFor(fakeCall(9), { 'X-CRM-Id': 'crm_id' }, overrides);

describe('isRunRow', () => {
  it('keeps the rows of the run\'s calls', () => {
    for (const call of calls) expect(isRunRow(fakeRowFor(call, { 'X-CRM-Id': 'crm_id' }), owner)).toBe(true);
  });

  it('keeps a row of one of the run\'s agents whose key no call sent', () => {
    expect(isRunRow(row({ src: 'agent002', mapped: { crm_id: 'C-LOST' } }), owner)).toBe(true);
    expect(isRunRow(row({ src: 'agent001', mapped: { crm_id: null } }), owner)).toBe(true);
  });

  it('keeps a row carrying one of the run\'s keys whatever its src', () => {
    expect(isRunRow(row({ src: '0612345678', mapped: { crm_id: 'C-2' } }), owner)).toBe(true);
  });

  it('drops the PBX\'s other calls: another src and no key of the run', () => {
    expect(isRunRow(row({ src: '1005', mapped: { crm_id: 'CRM-77' } }), owner)).toBe(false);
    expect(isRunRow(row({ src: '1005', mapped: { crm_id: null } }), owner)).toBe(false);
    expect(isRunRow(row({ src: '1005', mapped: {} }), owner)).toBe(false);
  });

  it('lets the verifier report a kept row of our agent with an unknown key as unknown', () => {
    const ours = calls.map((c) => fakeRowFor(c, { 'X-CRM-Id': 'crm_id' }));
    const stray = row({ src: 'agent001', mapped: { crm_id: 'C-LOST' } });
    const foreign = row({ src: '1005', mapped: { crm_id: 'CRM-77' } });
    const kept = [...ours, stray, foreign].filter((r) => isRunRow(r, owner));
    const result = verifyCdr({ calls, rows: kept, mappings: [KEY], key: KEY, policy: { recordUnanswered: true, recordCongestion: true } });
    expect(result.summary).toMatchObject({ matched: 2, unknown: 1 });
    expect(result.unknownRows.map((u) => u.key)).toEqual(['C-LOST']);
  });
});
