import type { CallRecord } from '../../src/contracts/call-record.ts';
import type { CdrRow } from '../../src/contracts/cdr-row.ts';
import { AGENT_CONTEXT } from '../../src/logic/asterisk/dialplan.ts';

/** An answered call of `agent001` with key `C-<n>` in X-CRM-Id and 2 s of talk; override what a test needs. */
export function fakeCall(n: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    id: `call-${String(n).padStart(5, '0')}`,
    index: n - 1,
    agent: 'agent001',
    dialed: `200${String(n - 1).padStart(6, '0')}`,
    plannedOutcome: 'answer',
    headers: { 'X-CRM-Id': `C-${n}` },
    browser: 'browser-1',
    outcome: 'answered',
    sipStatus: 200,
    timeline: { dialRequested: 1000, inviteSent: 1000 + n, answered: 1300, byeSent: 3300 },
    talkTimeMs: 2000,
    sip: [],
    ...overrides,
  };
}

/** The CDR row Asterisk writes for a call, every mapped header copied into the column of the same name in `columns`. */
export function fakeRowFor(call: CallRecord, columns: Record<string, string>, overrides: Partial<CdrRow> = {}): CdrRow {
  const answered = call.outcome === 'answered';
  return {
    calldate: '2026-11-26 07:45:13',
    src: call.agent,
    dst: call.dialed,
    dcontext: AGENT_CONTEXT,
    channel: `PJSIP/${call.agent}-00000001`,
    disposition: answered ? 'ANSWERED' : 'BUSY',
    duration: 3,
    billsec: answered ? 2 : 0,
    uniqueid: `1764143112.${call.index}`,
    mapped: Object.fromEntries(Object.entries(columns).map(([header, column]) => [column, call.headers[header] ?? null])),
    ...overrides,
  };
}
