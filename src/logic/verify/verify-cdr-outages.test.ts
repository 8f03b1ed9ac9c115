import { describe, expect, it } from 'vitest';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';
import { AGENT_CONTEXT } from '../asterisk/dialplan.ts';
import { verifyCdr } from './verify-cdr.ts';

const KEY: HeaderMapping = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
/** Answered call n, up from (n × 1000) for 800 ms. */
const call = (n: number) => fakeCall(n, { timeline: { dialRequested: n * 1000, inviteSent: n * 1000 + 5, trying: n * 1000 + 10, answered: n * 1000 + 100, byeSent: n * 1000 + 800, ended: n * 1000 + 800 }, talkTimeMs: 700 });
const rowOf = (n: number) => fakeRowFor(call(n), { 'X-CRM-Id': 'crm_id' }, { billsec: 1 });

describe('verifyCdr with observed outages', () => {
  it('tells rows lost in a CDR database outage apart from a row missing without one, and gives the outage its recovery', () => {
    // Calls 1..10; the database is out from 3.9 s to 6.5 s; rows of calls 4..6 are gone, and so is call 9's.
    const calls = Array.from({ length: 10 }, (_, i) => call(i + 1));
    const rows = [1, 2, 3, 7, 8, 10].map(rowOf);
    const outage = { component: 'cdr-db' as const, lastUpAt: 3900, downAt: 4100, upAt: 6500 };
    const result = verifyCdr({ calls, rows, mappings: [KEY], key: KEY, policy: { recordUnanswered: true, recordCongestion: true }, context: AGENT_CONTEXT, outages: [outage] });
    expect(calls.map((c) => result.verdicts.get(c.id)?.kind)).toEqual(['matched', 'matched', 'matched', 'lost', 'lost', 'lost', 'matched', 'matched', 'missing', 'matched']);
    expect(result.summary).toMatchObject({ matched: 6, lost: 3, missing: 1, inFlight: 0, notPlaced: 0 });
    expect(result.outages).toEqual([{ ...outage, recoveredAt: 7800, recoveryMs: 1300 }]);
  });

  it('gives a call cut by a PBX crash in-flight, and one dialed afterwards not-placed, instead of missing or not recorded', () => {
    const calls = [call(1), call(2), fakeCall(3, { outcome: 'failed', timeline: { dialRequested: 3000 } })];
    const outage = { component: 'asterisk' as const, lastUpAt: 2400, downAt: 2600 };
    const result = verifyCdr({ calls, rows: [rowOf(1)], mappings: [KEY], key: KEY, policy: { recordUnanswered: true, recordCongestion: true }, context: AGENT_CONTEXT, outages: [outage] });
    expect(calls.map((c) => result.verdicts.get(c.id)?.kind)).toEqual(['matched', 'in-flight', 'not-placed']);
    expect(result.summary).toMatchObject({ matched: 1, inFlight: 1, notPlaced: 1, missing: 0, notRecorded: 0 });
  });
});
