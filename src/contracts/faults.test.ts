import { describe, expect, it } from 'vitest';
import { validateScenario } from '../run/load-scenario.ts';
import { callcheckErrorOf } from '../../tests/support/callcheck-error.ts';
import { faultsSchema } from './faults.ts';

const base = { name: 'faulty', headers: { 'X-CRM-Id': 'crm_id' }, agents: 1, callsPerAgent: 1 };

describe('faults', () => {
  it('takes the three kinds with their fields, and none by default', () => {
    const faults = [
      { kind: 'cdr-db-stop', atMs: 1000, forMs: 3000 },
      { kind: 'cdr-db-slow', atMs: 5000, forMs: 2000, delayMs: 1500 },
      { kind: 'asterisk-kill', atMs: 9000 },
    ] as const;
    expect(faultsSchema.parse(faults)).toEqual(faults);
    expect(validateScenario(base, 's.ts').faults).toEqual([]);
  });

  it('refuses an unknown kind, a missing field and an extra one, naming each', () => {
    const error = callcheckErrorOf(() =>
      validateScenario({ ...base, faults: [{ kind: 'cdr-db-melt', atMs: 1 }, { kind: 'cdr-db-slow', atMs: 1, forMs: 500 }, { kind: 'asterisk-kill', atMs: 1, forMs: 5 }] }, 's.ts'),
    );
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.message).toMatch(/faults\.0\.kind/);
    expect(error.message).toMatch(/faults\.1\.delayMs/);
    expect(error.message).toMatch(/faults\.2.*forMs/);
  });

  it('refuses two CDR database faults at once, and any fault after Asterisk is killed', () => {
    const overlap = faultsSchema.safeParse([{ kind: 'cdr-db-stop', atMs: 1000, forMs: 3000 }, { kind: 'cdr-db-slow', atMs: 2000, forMs: 1000, delayMs: 100 }]);
    expect(overlap.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['1', expect.stringMatching(/overlaps faults\[0\] \(cdr-db-stop from 1000 to 4000 ms\)/)]]);
    const afterKill = faultsSchema.safeParse([{ kind: 'asterisk-kill', atMs: 1000 }, { kind: 'cdr-db-stop', atMs: 2000, forMs: 1000 }]);
    expect(afterKill.error?.issues.map((i) => i.path.join('.'))).toEqual(['1']);
    expect(faultsSchema.safeParse([{ kind: 'cdr-db-stop', atMs: 1000, forMs: 1000 }, { kind: 'cdr-db-slow', atMs: 2000, forMs: 1000, delayMs: 100 }]).success).toBe(true);
  });

  it('takes a restart (downtime 0 by default) and a page crash naming an agent', () => {
    expect(faultsSchema.parse([{ kind: 'asterisk-restart', atMs: 1000 }, { kind: 'page-crash', atMs: 2000, agent: 'agent002' }])).toEqual([
      { kind: 'asterisk-restart', atMs: 1000, downtimeMs: 0 },
      { kind: 'page-crash', atMs: 2000, agent: 'agent002' },
    ]);
    expect(faultsSchema.safeParse([{ kind: 'page-crash', atMs: 2000 }]).error?.issues.map((i) => i.path.join('.'))).toEqual(['0.agent']);
  });

  it('refuses a restart overlapping another restart, a kill or a stopped database, and nothing else', () => {
    const issues = (faults: unknown[]) => faultsSchema.safeParse(faults).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];
    // Back by about 1000 + 3000 + RESTART_MARGIN_MS = 14000 ms.
    const restart = { kind: 'asterisk-restart', atMs: 1000, downtimeMs: 3000 };
    expect(issues([restart, { kind: 'asterisk-restart', atMs: 13_999 }])).toEqual([['1', expect.stringMatching(/^overlaps faults\[0\] \(asterisk-restart at 1000 ms, 3000 ms down, back by about 14000 ms\): Asterisk takes no other fault while it restarts/)]]);
    expect(issues([{ kind: 'asterisk-restart', atMs: 13_999 }, restart]).map(([path]) => path)).toEqual(['1']);
    expect(issues([restart, { kind: 'asterisk-kill', atMs: 5000 }]).map(([path]) => path)).toEqual(['1']);
    expect(issues([{ kind: 'cdr-db-stop', atMs: 0, forMs: 1000 }, restart]).map(([path]) => path)).toEqual(['0']);
    expect(issues([restart, { kind: 'asterisk-restart', atMs: 14_000 }, { kind: 'asterisk-kill', atMs: 40_000 }])).toEqual([]);
    expect(issues([restart, { kind: 'cdr-db-slow', atMs: 2000, forMs: 1000, delayMs: 10 }, { kind: 'page-crash', atMs: 2000, agent: 'agent001' }])).toEqual([]);
  });

  it('is refused with a PBX of the user: callcheck never harms it', () => {
    const pbx = { wsUrl: 'ws://127.0.0.1:8088/ws', agents: [{ username: '1001', password: 'x' }], cdrUrl: 'mysql://u:p@127.0.0.1:3306/cdr' };
    const error = callcheckErrorOf(() => validateScenario({ ...base, pbx, faults: [{ kind: 'asterisk-kill', atMs: 1000 }] }, 's.ts'));
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.message).toMatch(/faults.*cannot be combined with pbx: callcheck plants faults only in the stack it starts itself/);
    expect(error.exitCode).toBe(2);
  });
});
