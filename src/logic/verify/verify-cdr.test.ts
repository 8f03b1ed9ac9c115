import { describe, expect, it } from 'vitest';
import { AGENT_CONTEXT } from '../asterisk/dialplan.ts';
import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRow } from '../../contracts/cdr-row.ts';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import type { CdrVerdict } from '../../contracts/verdict.ts';
import type { CdrPolicy } from './cdr-expectation.ts';
import { summarise, verifyCdr, type VerifyInput } from './verify-cdr.ts';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';

const CONTEXT = AGENT_CONTEXT;
const KEY: HeaderMapping = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
const TEAM: HeaderMapping = { header: 'X-Team', column: 'team', length: 16 };
const RECORD_ALL: CdrPolicy = { recordUnanswered: true, recordCongestion: true };

/** An answered call of `agent001` with key C-<n>, 2 s of talk. */
function answered(n: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return fakeCall(n, {
    headers: { 'X-CRM-Id': `C-${n}`, 'X-Team': 'blue' },
    timeline: { dialRequested: 1000, inviteSent: 1040, answered: 1300, ackSent: 1302, byeSent: 3300 },
    ...overrides,
  });
}

/** A call the customer answered busy (486). */
function busy(n: number): CallRecord {
  const { talkTimeMs: _unused, ...rest } = answered(n);
  return { ...rest, dialed: `486${String(n - 1).padStart(6, '0')}`, plannedOutcome: 'busy', outcome: 'busy', sipStatus: 486, timeline: { dialRequested: 1000, inviteSent: 1040 } };
}

/** The row Asterisk writes for `call` when everything is right. */
function rowFor(call: CallRecord, overrides: Partial<CdrRow> = {}): CdrRow {
  return fakeRowFor(call, { 'X-CRM-Id': 'crm_id', 'X-Team': 'team' }, overrides);
}

function verify(calls: CallRecord[], rows: CdrRow[], extra: Partial<VerifyInput> = {}) {
  return verifyCdr({ calls, rows, mappings: [KEY, TEAM], key: KEY, policy: RECORD_ALL, context: CONTEXT, ...extra });
}

function verdictOf(call: CallRecord, rows: CdrRow[], extra: Partial<VerifyInput> = {}): CdrVerdict {
  const verdict = verify([call], rows, extra).verdicts.get(call.id);
  if (!verdict) throw new Error(`no verdict for ${call.id}`);
  return verdict;
}

describe('verifyCdr verdicts', () => {
  it('matches a call to the one correct row carrying its key', () => {
    const call = answered(1);
    const row = rowFor(call);
    const other = rowFor(answered(2));
    expect(verdictOf(call, [other, row])).toEqual({ kind: 'matched', row });
  });

  it('reports a call whose row is absent as missing, naming the key', () => {
    const verdict = verdictOf(answered(1), [rowFor(answered(2))]);
    expect(verdict.kind).toBe('missing');
    expect(verdict.kind === 'missing' && verdict.reason).toBe('no row carries crm_id = "C-1", but one was expected: the call was answered');
  });

  it('verifies the first of the rows of the call\'s one channel, the others its later stages, not duplicates', () => {
    // A route that goes on after a Dial nobody answered: Asterisk writes a row for the Dial and one for what follows.
    const call = busy(1);
    const dial = rowFor(call, { calldate: '2026-11-26 07:45:13' });
    const after = rowFor(call, { calldate: '2026-11-26 07:45:14' });
    expect(verdictOf(call, [after, dial])).toEqual({ kind: 'matched', row: dial, otherStages: [after] });
    const wrong = rowFor(call, { calldate: '2026-11-26 07:45:12', disposition: 'ANSWERED' });
    expect(verdictOf(call, [after, wrong])).toMatchObject({ kind: 'mismatched', row: wrong, otherStages: [after] });
  });

  it('reports two rows with the call\'s key as duplicate, with both rows', () => {
    const call = answered(1);
    const first = rowFor(call);
    const second = rowFor(call, { uniqueid: 'other' });
    expect(verdictOf(call, [first, second])).toEqual({ kind: 'duplicate', rows: [first, second] });
  });

  it.each([
    ['a mapped column', { mapped: { crm_id: 'C-1', team: 'red' } }, { field: 'team', expected: 'blue', received: 'red' }],
    ['a NULL mapped column', { mapped: { crm_id: 'C-1', team: null } }, { field: 'team', expected: 'blue', received: null }],
    ['a mapped column absent from the row', { mapped: { crm_id: 'C-1' } }, { field: 'team', expected: 'blue', received: null }],
    ['dst', { dst: '200000001' }, { field: 'dst', expected: '200000000', received: '200000001' }],
    ['src', { src: 'agent002' }, { field: 'src', expected: 'agent001', received: 'agent002' }],
    ['dcontext', { dcontext: 'default' }, { field: 'dcontext', expected: CONTEXT, received: 'default' }],
    ['disposition', { disposition: 'NO ANSWER' }, { field: 'disposition', expected: 'ANSWERED', received: 'NO ANSWER' }],
    ['billsec above the tolerance', { billsec: 4 }, { field: 'billsec', expected: '2.000 ± 1', received: '4' }],
    ['billsec below the tolerance', { billsec: 0 }, { field: 'billsec', expected: '2.000 ± 1', received: '0' }],
  ] as [string, Partial<CdrRow>, { field: string; expected: string; received: string | null }][])(
    'reports a wrong %s as the one mismatch',
    (_, overrides, mismatch) => {
      const call = answered(1);
      const row = rowFor(call, overrides);
      const verdict = verdictOf(call, [row]);
      expect(verdict.kind).toBe('mismatched');
      if (verdict.kind !== 'mismatched') return;
      expect(verdict.row).toBe(row);
      expect(verdict.mismatches.map(({ field, expected, received }) => ({ field, expected, received }))).toEqual([mismatch]);
      expect(verdict.mismatches[0]?.rule).not.toBe('');
    },
  );

  it('skips dcontext when no context is given (an external PBX whose scenario does not name it)', () => {
    const call = answered(1);
    const row = rowFor(call, { dcontext: 'from-internal' });
    expect(verdictOf(call, [row], { context: undefined })).toEqual({ kind: 'matched', row });
  });

  it('expects the src the PBX gives an agent where srcOf names one, and the agent itself otherwise', () => {
    const call = answered(1);
    expect(verdictOf(call, [rowFor(call, { src: '1001' })], { srcOf: { agent001: '1001' } }).kind).toBe('matched');
    const wrong = verdictOf(call, [rowFor(call)], { srcOf: { agent001: '1001' } });
    expect(wrong.kind === 'mismatched' && wrong.mismatches.map(({ field, expected, received }) => ({ field, expected, received }))).toEqual([
      { field: 'src', expected: '1001', received: 'agent001' },
    ]);
    expect(verdictOf(call, [rowFor(call)], { srcOf: { agent002: '1002' } }).kind).toBe('matched');
  });

  it('reports every wrong field of one row', () => {
    const call = answered(1);
    const verdict = verdictOf(call, [rowFor(call, { src: 'x', dst: 'y', billsec: 9 })]);
    expect(verdict.kind === 'mismatched' && verdict.mismatches.map((m) => m.field)).toEqual(['dst', 'src', 'billsec']);
  });

  it.each([[1], [3], [2]])('accepts billsec %d for 2 s of talk (within 1 s)', (billsec) => {
    const call = answered(1);
    expect(verdictOf(call, [rowFor(call, { billsec })]).kind).toBe('matched');
  });

  it('accepts billsec rounded from a fractional talk time', () => {
    const call = answered(1, { talkTimeMs: 2600 });
    expect(verdictOf(call, [rowFor(call, { billsec: 3 })]).kind).toBe('matched');
    expect(verdictOf(call, [rowFor(call, { billsec: 1 })]).kind).toBe('mismatched');
  });

  it('holds a call the PBX hung up (its restart) to billsec up to that hangup, and a crashed page\'s call to none', () => {
    // Asterisk sent the BYE 0.75 s into the talk: the agent failed the call and measured up to that hangup.
    const cut = answered(1, { outcome: 'failed', error: 'the call was ended by the other side 750 ms after the answer, before the agent hung up', talkTimeMs: 750, timeline: { dialRequested: 1000, inviteSent: 1040, answered: 1300, ended: 2050 } });
    expect(verdictOf(cut, [rowFor(cut, { billsec: 0 })]).kind).toBe('matched');
    const verdict = verdictOf(cut, [rowFor(cut, { billsec: 2 })]);
    expect(verdict.kind === 'mismatched' && verdict.mismatches).toEqual([
      { field: 'billsec', expected: '0.750 ± 1', received: '2', rule: 'billsec is the measured talk time until the other side hung up within 1 s' },
    ]);
    // A crashed page measured no talk time: Asterisk ended the orphaned call at its own limit, billing more.
    const { talkTimeMs: _none, ...crashed } = answered(2, { outcome: 'failed', timeline: { dialRequested: 1000, inviteSent: 1040, answered: 1300, ended: 2100 } });
    expect(verdictOf(crashed, [rowFor(crashed, { billsec: 5 })]).kind).toBe('matched');
  });

  it('honours a custom billsec tolerance', () => {
    const call = answered(1);
    expect(verdictOf(call, [rowFor(call, { billsec: 4 })], { billsecToleranceS: 2 }).kind).toBe('matched');
    expect(verdictOf(call, [rowFor(call, { billsec: 3 })], { billsecToleranceS: 0 }).kind).toBe('mismatched');
  });

  it('expects an empty or NULL column for a header the call did not send', () => {
    const call = answered(1, { headers: { 'X-CRM-Id': 'C-1' } });
    expect(verdictOf(call, [rowFor(call, { mapped: { crm_id: 'C-1', team: null } })]).kind).toBe('matched');
    expect(verdictOf(call, [rowFor(call, { mapped: { crm_id: 'C-1', team: '' } })]).kind).toBe('matched');
    const verdict = verdictOf(call, [rowFor(call, { mapped: { crm_id: 'C-1', team: 'stale' } })]);
    expect(verdict.kind === 'mismatched' && verdict.mismatches.map(({ field, expected, received }) => ({ field, expected, received }))).toEqual([
      { field: 'team', expected: '', received: 'stale' },
    ]);
  });

  it('matches a busy call to its BUSY row and requires billsec 0', () => {
    const call = busy(1);
    expect(verdictOf(call, [rowFor(call)]).kind).toBe('matched');
    const verdict = verdictOf(call, [rowFor(call, { billsec: 1 })]);
    expect(verdict.kind === 'mismatched' && verdict.mismatches.map((m) => [m.field, m.expected, m.received])).toEqual([['billsec', '0', '1']]);
  });

  it('expects FAILED for congestion when cdr.conf has congestion = no', () => {
    const call: CallRecord = { ...busy(1), plannedOutcome: 'congestion', outcome: 'congestion', dialed: '503000000' };
    const policy = { recordUnanswered: true, recordCongestion: false };
    expect(verdictOf(call, [rowFor(call, { disposition: 'FAILED' })], { policy }).kind).toBe('matched');
    expect(verdictOf(call, [rowFor(call, { disposition: 'CONGESTION' })], { policy }).kind).toBe('mismatched');
  });

  it('gives not-recorded to a busy call without a row when unanswered calls are not recorded', () => {
    const verdict = verdictOf(busy(1), [], { policy: { recordUnanswered: false, recordCongestion: true } });
    expect(verdict).toEqual({ kind: 'not-recorded', reason: 'cdr.conf has unanswered = no and the call was not answered' });
  });

  it('gives unexpected-row to a busy call with a row when unanswered calls are not recorded', () => {
    const call = busy(1);
    const row = rowFor(call);
    const verdict = verdictOf(call, [row], { policy: { recordUnanswered: false, recordCongestion: true } });
    expect(verdict).toEqual({ kind: 'unexpected-row', row, reason: 'no row was expected: cdr.conf has unanswered = no and the call was not answered' });
  });

  it('gives duplicate to a call expected unrecorded that has two rows', () => {
    const call = busy(1);
    const rows = [rowFor(call), rowFor(call, { uniqueid: 'b' })];
    expect(verdictOf(call, rows, { policy: { recordUnanswered: false, recordCongestion: true } }).kind).toBe('duplicate');
  });

  it('gives not-recorded to a call whose INVITE never left', () => {
    const call = answered(1, { outcome: 'failed', timeline: { dialRequested: 1000 }, error: 'no media' });
    expect(verdictOf(call, []).kind).toBe('not-recorded');
  });
});

describe('verifyCdr unknown rows and summary', () => {
  it('reports rows whose key no call sent, and rows with a NULL or absent key, as unknown', () => {
    const call = answered(1);
    const stranger = rowFor(answered(99));
    const nullKey = rowFor(call, { mapped: { crm_id: null, team: 'blue' }, uniqueid: 'n' });
    const noKey = rowFor(call, { mapped: { team: 'blue' }, uniqueid: 'k' });
    const result = verify([call], [rowFor(call), stranger, nullKey, noKey]);
    expect(result.verdicts.get(call.id)?.kind).toBe('matched');
    expect(result.unknownRows).toEqual([
      { key: 'C-99', row: stranger },
      { key: null, row: nullKey },
      { key: null, row: noKey },
    ]);
    expect(result.summary.unknown).toBe(3);
  });

  it('does not report a duplicate call\'s rows as unknown', () => {
    const call = answered(1);
    const result = verify([call], [rowFor(call), rowFor(call, { uniqueid: 'b' })]);
    expect(result.unknownRows).toEqual([]);
  });

  it('gives every call exactly one verdict and counts each kind', () => {
    const matched = answered(1);
    const missing = answered(2);
    const duplicate = answered(3);
    const mismatched = answered(4);
    const notRecorded = busy(5);
    const unexpected = busy(6);
    const rows = [
      rowFor(matched),
      rowFor(duplicate),
      rowFor(duplicate, { uniqueid: 'dup' }),
      rowFor(mismatched, { dst: '0' }),
      rowFor(unexpected),
      rowFor(answered(77)),
    ];
    const result = verify([matched, missing, duplicate, mismatched, notRecorded, unexpected], rows, {
      policy: { recordUnanswered: false, recordCongestion: true },
    });
    expect([...result.verdicts].map(([id, v]) => [id, v.kind])).toEqual([
      ['call-00001', 'matched'],
      ['call-00002', 'missing'],
      ['call-00003', 'duplicate'],
      ['call-00004', 'mismatched'],
      ['call-00005', 'not-recorded'],
      ['call-00006', 'unexpected-row'],
    ]);
    expect(result.summary).toEqual({ matched: 1, missing: 1, duplicate: 1, mismatched: 1, unknown: 1, notRecorded: 1, unexpected: 1, lost: 0, inFlight: 0, notPlaced: 0 });
  });
});

describe('summarise', () => {
  it('counts verdict kinds and carries the unknown count', () => {
    const row = rowFor(answered(1));
    const verdicts: CdrVerdict[] = [
      { kind: 'matched', row },
      { kind: 'matched', row },
      { kind: 'not-recorded', reason: 'r' },
      { kind: 'unexpected-row', row, reason: 'r' },
    ];
    expect(summarise(verdicts, 5)).toEqual({ matched: 2, missing: 0, duplicate: 0, mismatched: 0, unknown: 5, notRecorded: 1, unexpected: 1, lost: 0, inFlight: 0, notPlaced: 0 });
  });
});

describe('verifyCdr: header values that break things (TEAM is VARCHAR(16))', () => {
  const withTeam = (n: number, team: string | string[], name = 'X-Team'): CallRecord => {
    const lines = [{ name: 'X-CRM-Id', value: `C-${n}` }, ...[team].flat().map((value) => ({ name, value }))];
    const plain = typeof team === 'string' && name === 'X-Team';
    return answered(n, plain ? { headers: { 'X-CRM-Id': `C-${n}`, 'X-Team': team } } : { headers: { 'X-CRM-Id': `C-${n}` }, headerLines: lines });
  };
  const teamRow = (call: CallRecord, team: string | null) => rowFor(call, { mapped: { crm_id: call.headers['X-CRM-Id'] ?? null, team } });

  it('matches a header sent twice on its first value, as PJSIP_HEADER reads it', () => {
    const call = withTeam(1, ['first', 'second']);
    expect(verdictOf(call, [teamRow(call, 'first')])).toEqual({ kind: 'matched', row: teamRow(call, 'first') });
    const wrong = verdictOf(call, [teamRow(call, 'second')]);
    expect(wrong).toMatchObject({ kind: 'mismatched', mismatches: [{ field: 'team', expected: 'first', received: 'second', rule: 'team holds the first of the 2 X-Team headers the call sent (PJSIP_HEADER reads the first)' }] });
  });

  it('matches a header sent in another letter case', () => {
    const call = withTeam(1, 'red', 'x-team');
    expect(verdictOf(call, [teamRow(call, 'red')]).kind).toBe('matched');
  });

  it('matches an empty header against NULL', () => {
    const call = withTeam(1, '');
    expect(verdictOf(call, [teamRow(call, null)]).kind).toBe('matched');
    expect(verdictOf(call, [teamRow(call, 'x')])).toMatchObject({ kind: 'mismatched', mismatches: [{ field: 'team', expected: '', received: 'x', rule: 'X-Team was sent empty, so team stays empty' }] });
  });

  it('matches a value cut as cdr_adaptive_odbc cuts it, and says so', () => {
    const call = withTeam(1, '𝄞'.repeat(17));
    const verdict = verdictOf(call, [teamRow(call, '𝄞'.repeat(16))]);
    expect(verdict).toEqual({
      kind: 'matched',
      row: teamRow(call, '𝄞'.repeat(16)),
      truncated: [{
        field: 'team', header: 'X-Team', sent: '𝄞'.repeat(17), stored: '𝄞'.repeat(16),
        from: { characters: 17, bytes: 68 }, to: { characters: 16, bytes: 64 },
        cause: "cdr_adaptive_odbc cuts a value to its column's octet length, 64 bytes for VARCHAR(16) in utf8mb4",
      }],
    });
  });

  it('is a mismatch when the column holds the value cut otherwise than the rule says', () => {
    const call = withTeam(1, '𝄞'.repeat(17));
    expect(verdictOf(call, [teamRow(call, '𝄞'.repeat(15))])).toMatchObject({
      kind: 'mismatched',
      mismatches: [{ field: 'team', expected: '𝄞'.repeat(16), received: '𝄞'.repeat(15), rule: "team holds X-Team truncated from 68 to 64 bytes (17 to 16 characters): cdr_adaptive_odbc cuts a value to its column's octet length, 64 bytes for VARCHAR(16) in utf8mb4" }],
    });
  });

  it('reports a row the database refused as missing, with the cause', () => {
    const call = withTeam(1, 'x'.repeat(17));
    expect(verdictOf(call, [])).toEqual({
      kind: 'missing',
      reason: 'no row carries crm_id = "C-1", but one was expected: the call was answered; it was lost: X-Team into team: the value has 17 characters and the column holds 16: the database (strict mode) refuses the row and cdr_adaptive_odbc drops it, since it cuts by bytes only',
    });
  });

  it('is a mismatch when a row the database should have refused is there', () => {
    const call = withTeam(1, 'x'.repeat(17));
    expect(verdictOf(call, [teamRow(call, 'x'.repeat(16))])).toMatchObject({ kind: 'mismatched', mismatches: [{ field: 'team', expected: '(no row)', received: 'x'.repeat(16) }] });
  });
});

describe('verifyCdr: a row written without the key', () => {
  /** The call's own row, as Asterisk writes it when the dialplan did not copy the key header into the CDR. */
  const keyless = (call: CallRecord, overrides: Partial<CdrRow> = {}) => rowFor(call, { ...overrides, mapped: { crm_id: null, team: 'blue' } });

  it('is paired with the call of that agent and number: key-not-stored, with the row, what was sent and the context; the row is not unknown', () => {
    const call = answered(1);
    const row = keyless(call);
    const result = verify([call], [row]);
    expect(result.verdicts.get(call.id)).toEqual({
      kind: 'key-not-stored',
      row,
      reason: `its row (calldate 2026-11-26 07:45:13, src agent001, dst 200000000, uniqueid 1764143112.0) has crm_id empty: the agent sent X-CRM-Id: "C-1", and the dialplan did not copy it into CDR(crm_id) (the call ran in context ${CONTEXT}, extension 200000000, channel PJSIP/agent001-00000001)`,
    });
    expect(result.unknownRows).toEqual([]);
    expect(result.summary).toMatchObject({ missing: 0, unknown: 0, keyNotStored: 1 });
  });

  it('counts a stage of the call\'s channel written before the capture as the call\'s, not unknown', () => {
    // The capture after the Dial: a busy call's Dial row has no key, the row after it has.
    const call = busy(1);
    const dial = keyless(call, { calldate: '2026-11-26 07:45:13' });
    const after = rowFor(call, { calldate: '2026-11-26 07:45:14' });
    const result = verify([call], [dial, after]);
    expect(result.verdicts.get(call.id)).toEqual({ kind: 'matched', row: after, otherStages: [dial] });
    expect(result.unknownRows).toEqual([]);
  });

  it('pairs a call with every stage of its channel written without the key, none left unknown', () => {
    const call = busy(1);
    const result = verify([call], [keyless(call, { calldate: '2026-11-26 07:45:13' }), keyless(call, { calldate: '2026-11-26 07:45:14' })]);
    expect(result.verdicts.get(call.id)).toMatchObject({ kind: 'key-not-stored', row: { calldate: '2026-11-26 07:45:13' } });
    expect(result.unknownRows).toEqual([]);
  });

  it('pairs calls to one number with its keyless rows in the order they were placed and dated, one row each', () => {
    const first = answered(1, { dialed: '0612345678', timeline: { dialRequested: 1000, inviteSent: 1040, answered: 1300, byeSent: 3300 } });
    const second = answered(2, { dialed: '0612345678', timeline: { dialRequested: 5000, inviteSent: 5040, answered: 5300, byeSent: 7300 } });
    const early = keyless(first, { calldate: '2026-11-26 07:45:13', uniqueid: 'a' });
    const late = keyless(second, { calldate: '2026-11-26 07:45:17', uniqueid: 'b' });
    const extra = keyless(second, { calldate: '2026-11-26 07:45:20', uniqueid: 'c' });
    const result = verify([second, first], [extra, late, early]);
    expect(result.verdicts.get(first.id)).toMatchObject({ kind: 'key-not-stored', row: early });
    expect(result.verdicts.get(second.id)).toMatchObject({ kind: 'key-not-stored', row: late });
    // A third keyless row has no call left to be: it stays unknown.
    expect(result.unknownRows).toEqual([{ key: null, row: extra }]);
  });

  it('pairs no row of another agent or another number: the call stays missing and the row unknown', () => {
    const call = answered(1);
    const otherAgent = keyless(call, { src: 'agent002' });
    const otherNumber = keyless(call, { dst: '200000099' });
    const result = verify([call], [otherAgent, otherNumber]);
    expect(result.verdicts.get(call.id)?.kind).toBe('missing');
    expect(result.unknownRows.map((u) => u.row)).toEqual([otherAgent, otherNumber]);
  });

  it('pairs through srcOf, where the PBX writes the extension rather than the agent\'s name', () => {
    const call = answered(1);
    const row = keyless(call, { src: '1001' });
    expect(verdictOf(call, [row], { srcOf: { agent001: '1001' } })).toMatchObject({ kind: 'key-not-stored', row });
  });

  it('leaves a call that has its row alone: a keyless row of another call of the agent stays unknown', () => {
    const call = answered(1);
    const stray = keyless(answered(2));
    const result = verify([call], [rowFor(call), stray]);
    expect(result.verdicts.get(call.id)?.kind).toBe('matched');
    expect(result.unknownRows).toHaveLength(1);
  });
});
