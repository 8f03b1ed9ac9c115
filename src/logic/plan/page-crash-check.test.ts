import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../../tests/support/callcheck-error.ts';
import type { Fault } from '../../contracts/faults.ts';
import { checkPageCrashFaults, type AgentEngine } from './page-crash-check.ts';

const engines = (entries: [string, AgentEngine][]) => new Map(entries);

describe('checkPageCrashFaults', () => {
  it('takes a page crash of an agent of the run in Chromium, and ignores the other faults', () => {
    const faults: Fault[] = [{ kind: 'asterisk-kill', atMs: 9000 }, { kind: 'page-crash', atMs: 1000, agent: 'agent002' }];
    expect(() => checkPageCrashFaults(faults, engines([['agent001', 'firefox'], ['agent002', 'chromium']]))).not.toThrow();
  });

  it('refuses an agent the run does not have and one in Firefox or an unknown browser, naming each fault, exit 2', () => {
    const faults: Fault[] = [
      { kind: 'page-crash', atMs: 1000, agent: 'agent009' },
      { kind: 'page-crash', atMs: 2000, agent: 'agent001' },
      { kind: 'page-crash', atMs: 3000, agent: 'agent002' },
    ];
    const error = callcheckErrorOf(() => checkPageCrashFaults(faults, engines([['agent001', 'firefox'], ['agent002', 'unknown']])));
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      "faults[0] (page-crash of agent009): agent009 is not one of this run's 2 agents (agent001, agent002); " +
        'faults[1] (page-crash of agent001): agent001 runs in Firefox, and a page can only be crashed in Chromium (chrome://crash); ' +
        'faults[2] (page-crash of agent002): agent002 runs in a browser whose engine callcheck does not know, and a page can only be crashed in Chromium (chrome://crash)',
    );
    expect(error.hint).toMatch(/name an agent of the run .* whose browser is Chromium, or remove the page-crash fault/);
  });
});
