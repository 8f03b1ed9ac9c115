import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_OUTCOMES } from '../../src/contracts/scenario.ts';
import { startStandInPbx, type StandInPbx } from '../support/stand-in-pbx.ts';
import { runScenario } from './support.ts';

/** Every outcome of the simulated customer, with the same weight. */
const EVERY_OUTCOME = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 1]));

/** What each planned outcome ends in on the real stack: agent outcome, SIP status, and the row's disposition. */
const SEEN: Record<string, [string, number, string]> = {
  answer: ['answered', 200, 'ANSWERED'],
  busy: ['busy', 486, 'BUSY'],
  'no-answer': ['no-answer', 480, 'NO ANSWER'],
  congestion: ['congestion', 503, 'CONGESTION'],
  cancel: ['cancelled', 487, 'NO ANSWER'],
  reject: ['declined', 403, 'NO ANSWER'],
  'unknown-number': ['not-found', 404, 'NO ANSWER'],
};

describe('the simulated customer\'s outcomes on the real Asterisk', () => {
  it('records each outcome with the disposition Asterisk documents, carrying the CRM id', async () => {
    const { results, exitCode } = await runScenario({
      name: 'e2e-outcomes',
      headers: { 'X-CRM-Id': 'crm_id' },
      agents: 7,
      agentsPerPage: 7,
      callsPerAgent: 2,
      ringTimeMs: 300,
      talkTimeMs: 1000,
      cancelAfterMs: 500,
      outcomes: EVERY_OUTCOME,
    });
    expect(exitCode).toBe(0);
    expect(results.summary).toMatchObject({ placed: 14, answered: 2, failed: 0, conforms: true });
    expect(results.summary.cdr).toMatchObject({ matched: 14, missing: 0, mismatched: 0, notRecorded: 0, unexpected: 0, unknown: 0 });
    const seen = results.calls.map((c) => [c.plannedOutcome, c.outcome, c.sipStatus, c.cdr.kind === 'matched' ? c.cdr.row.disposition : c.cdr.kind]);
    const expected = Object.entries(SEEN).map(([planned, row]) => [planned, ...row]);
    expect(seen.sort()).toEqual(expected.flatMap((row) => [row, row]).sort());
    // Unanswered calls still carry their CRM id into the row, and bill nothing.
    for (const call of results.calls) {
      if (call.cdr.kind !== 'matched') continue;
      expect(call.cdr.row.mapped['crm_id']).toBe(call.headers['X-CRM-Id']);
      if (call.outcome !== 'answered') expect(call.cdr.row.billsec).toBe(0);
    }
    // The agent hung up while it rang: CANCEL after the 180, no earlier than cancelAfterMs, then 487 to the INVITE.
    const cancelled = results.calls.filter((c) => c.plannedOutcome === 'cancel');
    expect(cancelled).toHaveLength(2);
    for (const call of cancelled) {
      const { ringing, cancelSent, ended } = call.timeline;
      expect(ringing).toBeDefined();
      expect(cancelSent! - ringing!).toBeGreaterThanOrEqual(500);
      expect(ended!).toBeGreaterThanOrEqual(cancelSent!);
      expect(call.sip.filter((m) => m.direction === 'sent' && m.firstLine.startsWith('CANCEL '))).toHaveLength(1);
      expect(call.sip.some((m) => m.direction === 'received' && m.firstLine === 'SIP/2.0 487 Request Terminated')).toBe(true);
      expect(call.sipReason).toBe('Request Terminated');
    }
    // Only the cancelled calls sent a CANCEL.
    expect(results.calls.filter((c) => c.timeline.cancelSent !== undefined)).toHaveLength(2);
  });

  it('with unanswered = no, expects a row only for the answered and the congested call, and finds no other', async () => {
    const { results, exitCode } = await runScenario({
      name: 'e2e-unanswered-off',
      headers: { 'X-CRM-Id': 'crm_id' },
      agents: 7,
      agentsPerPage: 7,
      callsPerAgent: 1,
      ringTimeMs: 200,
      talkTimeMs: 800,
      cancelAfterMs: 400,
      outcomes: EVERY_OUTCOME,
      cdr: { recordUnanswered: false, settleTimeoutMs: 5000 },
    });
    const verdicts = Object.fromEntries(results.calls.map((c) => [c.plannedOutcome, c.cdr.kind === 'matched' ? c.cdr.row.disposition : c.cdr.kind]));
    expect(verdicts).toEqual({
      answer: 'ANSWERED',
      busy: 'not-recorded',
      'no-answer': 'not-recorded',
      congestion: 'CONGESTION',
      cancel: 'not-recorded',
      reject: 'not-recorded',
      'unknown-number': 'not-recorded',
    });
    expect(exitCode).toBe(0);
    expect(results.summary.cdr).toMatchObject({ matched: 2, notRecorded: 5, missing: 0, unknown: 0, unexpected: 0 });
  });
});

describe('congestion = no on the real Asterisk', () => {
  /** One answered and one congested call under the given cdr.conf `unanswered`, with `congestion = no`. */
  const congestedCalls = (name: string, recordUnanswered: boolean) =>
    runScenario({
      name,
      headers: { 'X-CRM-Id': 'crm_id' },
      agents: 2,
      agentsPerPage: 2,
      callsPerAgent: 1,
      talkTimeMs: 800,
      outcomes: { answer: 1, congestion: 1 },
      cdr: { recordCongestion: false, recordUnanswered, settleTimeoutMs: 5000 },
    });

  it('records congestion as FAILED, and drops it with unanswered = no as well', async () => {
    const recorded = await congestedCalls('e2e-congestion-off', true);
    expect(recorded.exitCode).toBe(0);
    expect(recorded.results.calls.map((c) => [c.plannedOutcome, c.sipStatus, c.cdr.kind === 'matched' ? c.cdr.row.disposition : c.cdr.kind]).sort()).toEqual([
      ['answer', 200, 'ANSWERED'],
      ['congestion', 503, 'FAILED'],
    ]);

    const dropped = await congestedCalls('e2e-congestion-unanswered-off', false);
    expect(dropped.exitCode).toBe(0);
    expect(dropped.results.calls.map((c) => [c.plannedOutcome, c.cdr.kind === 'matched' ? c.cdr.row.disposition : c.cdr.kind]).sort()).toEqual([
      ['answer', 'ANSWERED'],
      ['congestion', 'not-recorded'],
    ]);
    expect(dropped.results.summary.cdr).toMatchObject({ matched: 1, notRecorded: 1, unexpected: 0, unknown: 0 });
  });
});

describe('numbers the dialplan does not route to a customer', () => {
  /** callcheck's Asterisk and database started by the test, so the runs can dial numbers of their choice (`pbx.numbers`). */
  let pbx: StandInPbx;
  const HEADERS = { 'X-CRM-Id': 'crm_id' };

  beforeAll(async () => {
    pbx = await startStandInPbx({ name: 'numbers-pbx', headers: HEADERS, agents: 2, callsPerAgent: 1 });
  });

  afterAll(async () => {
    await pbx?.stop();
  });

  /** Two calls of the `unknown-number` outcome, each dialing `number` (`{n}` the call's index). */
  const dialEach = (name: string, number: string) =>
    runScenario({
      name,
      headers: HEADERS,
      agents: 2,
      agentsPerPage: 2,
      callsPerAgent: 1,
      outcomes: { 'unknown-number': 1 },
      cdr: { settleTimeoutMs: 3000 },
      pbx: { wsUrl: pbx.stack.wsUrl, cdrUrl: pbx.cdrUrl, agents: pbx.agents.map((a) => ({ ...a })), numbers: { 'unknown-number': number } },
    });

  const rowsOf = (dst: string) =>
    pbx.stack.cdr.withConnection(async (c) => (await c.query('SELECT disposition, crm_id FROM cdr WHERE dst LIKE ?', [`${dst}%`]))[0] as { disposition: string; crm_id: string | null }[]);

  it('accounts a number no extension matches as not recorded: 404 without 100 Trying, and no row', async () => {
    const { results, exitCode } = await dialEach('e2e-no-extension', 'nosuch{n}');
    expect(exitCode).toBe(0);
    for (const call of results.calls) {
      expect([call.outcome, call.sipStatus, call.timeline.trying, call.cdr.kind]).toEqual(['not-found', 404, undefined, 'not-recorded']);
    }
    expect(results.summary.cdr).toMatchObject({ notRecorded: 2, missing: 0, unknown: 0 });
    expect(await rowsOf('nosuch')).toEqual([]);
  });

  it('sends a number outside every prefix to the catch-all, which writes a row without the CRM id: each call is key-not-stored with its own row, no row is unknown', async () => {
    const { results, exitCode } = await dialEach('e2e-catch-all', '999{n}');
    expect(exitCode).toBe(1);
    for (const call of results.calls) {
      expect([call.outcome, call.sipStatus, call.cdr.kind]).toEqual(['not-found', 404, 'key-not-stored']);
      if (call.cdr.kind !== 'key-not-stored') continue;
      expect([call.cdr.row.src, call.cdr.row.dst, call.cdr.row.disposition, call.cdr.row.mapped['crm_id']]).toEqual([call.agent, call.dialed, 'NO ANSWER', null]);
      expect(call.cdr.reason).toContain(`has crm_id empty: the agent sent X-CRM-Id: ${JSON.stringify(call.headers['X-CRM-Id'])}, and the dialplan did not copy it into CDR(crm_id) (the call ran in context `);
    }
    expect(results.summary.cdr).toMatchObject({ missing: 0, unknown: 0, keyNotStored: 2 });
    expect(results.unknownRows).toEqual([]);
    expect(await rowsOf('999')).toEqual([
      { disposition: 'NO ANSWER', crm_id: null },
      { disposition: 'NO ANSWER', crm_id: null },
    ]);
  });
});
