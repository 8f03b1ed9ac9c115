import { describe, expect, it } from 'vitest';
import type { VerifiedCall } from '../../src/contracts/results.ts';
import { runScenario } from './support.ts';

describe('faults planted between the calls and the verification', () => {
  it('names the deleted row, the altered crm_id, the altered column and the foreign row, and fails the run', async () => {
    const planted: { deleted?: string; rekeyed?: string; altered?: string } = {};
    const outcome = await runScenario(
      {
        name: 'e2e-planted-faults',
        headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' },
        agents: 2,
        agentsPerPage: 2,
        callsPerAgent: 3,
        ringTimeMs: 100,
        talkTimeMs: 1000,
      },
      {
        beforeVerify: async (stack) => {
          // Wait until Asterisk has written all six rows, so the faults are planted in real data.
          const rows = await stack.cdr.waitForRows(6, 15_000);
          expect(rows).toHaveLength(6);
          const [first, second, third] = rows.map((r) => r.mapped['crm_id'] as string);
          planted.deleted = first;
          planted.rekeyed = second;
          planted.altered = third;
          await stack.cdr.withConnection(async (c) => {
            await c.query('DELETE FROM cdr WHERE crm_id = ?', [first]);
            await c.query('UPDATE cdr SET crm_id = ? WHERE crm_id = ?', ['TAMPERED-1', second]);
            await c.query('UPDATE cdr SET agent_id = ? WHERE crm_id = ?', ['agent-999', third]);
            await c.query(
              "INSERT INTO cdr (calldate, src, dst, dcontext, disposition, crm_id, agent_id) VALUES (NOW(), 'intruder', '200999999', 'callcheck-agents', 'ANSWERED', 'FOREIGN-42', 'x')",
            );
          });
        },
      },
    );
    const { results } = outcome;
    const byKey = (key: string | undefined): VerifiedCall | undefined => results.calls.find((c) => c.headers['X-CRM-Id'] === key);

    expect(outcome.exitCode).toBe(1);
    expect(results.summary.conforms).toBe(false);
    expect(byKey(planted.deleted)?.cdr.kind).toBe('missing');
    expect(byKey(planted.rekeyed)?.cdr.kind).toBe('missing');
    const altered = byKey(planted.altered)?.cdr;
    expect(altered?.kind).toBe('mismatched');
    if (altered?.kind === 'mismatched') {
      expect(altered.mismatches).toEqual([expect.objectContaining({ field: 'agent_id', received: 'agent-999' })]);
    }
    expect(results.unknownRows.map((u) => u.key).sort()).toEqual(['FOREIGN-42', 'TAMPERED-1']);
    expect(results.summary.cdr).toMatchObject({ matched: 3, missing: 2, mismatched: 1, duplicate: 0, unknown: 2 });
  });
});
