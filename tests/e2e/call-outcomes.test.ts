import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES } from '../../src/contracts/scenario.ts';
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

  it('expects no row for unanswered calls when cdr.conf has unanswered = no, and finds none', async () => {
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
