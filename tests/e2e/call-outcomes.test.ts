import { describe, expect, it } from 'vitest';
import { runScenario } from './support.ts';

const OUTCOMES = { answer: 1, busy: 1, 'no-answer': 1, congestion: 1 };

describe('the simulated customer\'s outcomes on the real Asterisk', () => {
  it('records each outcome with the disposition Asterisk documents, carrying the CRM id', async () => {
    const { results, exitCode } = await runScenario({
      name: 'e2e-outcomes',
      headers: { 'X-CRM-Id': 'crm_id' },
      agents: 4,
      agentsPerPage: 4,
      callsPerAgent: 2,
      ringTimeMs: 300,
      talkTimeMs: 1000,
      outcomes: OUTCOMES,
    });
    expect(exitCode).toBe(0);
    expect(results.summary).toMatchObject({ placed: 8, answered: 2, failed: 0, conforms: true });
    const seen = results.calls.map((c) => [c.plannedOutcome, c.outcome, c.sipStatus, c.cdr.kind === 'matched' ? c.cdr.row.disposition : c.cdr.kind]);
    expect(seen.sort()).toEqual(
      [
        ['answer', 'answered', 200, 'ANSWERED'],
        ['busy', 'busy', 486, 'BUSY'],
        ['congestion', 'congestion', 503, 'CONGESTION'],
        ['no-answer', 'no-answer', 480, 'NO ANSWER'],
      ]
        .flatMap((row) => [row, row])
        .sort(),
    );
    // Unanswered calls still carry their CRM id into the row, and bill nothing.
    for (const call of results.calls) {
      if (call.cdr.kind !== 'matched') continue;
      expect(call.cdr.row.mapped['crm_id']).toBe(call.headers['X-CRM-Id']);
      if (call.outcome !== 'answered') expect(call.cdr.row.billsec).toBe(0);
    }
  });

  it('expects no row for unanswered calls when cdr.conf has unanswered = no, and finds none', async () => {
    const { results, exitCode } = await runScenario({
      name: 'e2e-unanswered-off',
      headers: { 'X-CRM-Id': 'crm_id' },
      agents: 2,
      agentsPerPage: 2,
      callsPerAgent: 2,
      ringTimeMs: 200,
      talkTimeMs: 800,
      outcomes: { answer: 1, busy: 1 },
      cdr: { recordUnanswered: false, settleTimeoutMs: 5000 },
    });
    expect(exitCode).toBe(0);
    expect(results.summary.cdr).toMatchObject({ matched: 2, notRecorded: 2, missing: 0, unknown: 0, unexpected: 0 });
    for (const call of results.calls.filter((c) => c.outcome === 'busy')) expect(call.cdr.kind).toBe('not-recorded');
  });
});
