import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CallcheckError } from '../../src/contracts/errors.ts';
import type { ScenarioInput } from '../../src/contracts/scenario.ts';
import type { RunOutcome } from '../../src/run/run-options.ts';
import example from '../../examples/callcenter/scenario.ts';
import captureLost from '../../examples/callcenter/regressions/capture-lost.ts';
import sipHeader from '../../examples/callcenter/regressions/sip-header.ts';
import captureAfterDial from '../../examples/callcenter/regressions/capture-after-dial.ts';
import macroEra from '../../examples/callcenter/regressions/macro-era.ts';
import { compareRuns } from '../../src/run/compare-runs.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { readJUnit, runScenario } from './support.ts';

/** A regression needs few calls to be caught: two agents, one call each. */
const few = (input: ScenarioInput): ScenarioInput => ({ ...input, agents: 2, callsPerAgent: 1 });

const reports = useTempDir('your-asterisk', 'all');
/** The example's run, which the regressions are compared with. */
let outcome: RunOutcome;
beforeAll(async () => {
  outcome = await runScenario(example, { reportsDir: reports() });
});

describe('your Asterisk under test: the example call center\'s configuration booted in callcheck\'s stack', () => {
  it('matches all 20 calls through the outbound route to the simulated carrier, with audio proven: exit 0', () => {
    const { results } = outcome;
    expect(outcome.exitCode).toBe(0);
    expect(results.calls).toHaveLength(20);
    for (const call of results.calls) {
      expect(call.dialed).toMatch(/^00200\d{6}$/);
      expect(call.cdr).toMatchObject({ kind: 'matched', row: { dcontext: 'from-internal', dst: call.dialed, disposition: 'ANSWERED' } });
      expect(call.audio).toMatchObject({ heard: true });
    }
    expect(results.verification.context).toBe('from-internal');
  });

  it('lists what it changed in its copy in results.json, the report and JUnit, and never the dialplan', async () => {
    const user = outcome.results.stack.userConfig;
    expect(user).toMatchObject({ folders: ['examples/callcenter/asterisk'], agentContext: 'from-internal', trunk: 'carrier-trunk' });
    const changes = user?.changes ?? [];
    expect(changes.find((c) => c.file === 'examples/callcenter/asterisk/pjsip.aor.conf')).toMatchObject({ line: 4, change: expect.stringMatching(/^\[carrier-trunk\] contact = sip:127\.0\.0\.1:\d+ \(was sip:sip\.carrier\.example:5060\)$/) });
    expect(changes.some((c) => c.file.includes('pjsip.registration.conf') && c.change.startsWith('commented out [carrier-trunk]'))).toBe(true);
    expect(changes.some((c) => c.file.includes('res_odbc_custom.conf') && c.change.includes('dsn = callcheck-cdr'))).toBe(true);
    expect(changes.filter((c) => c.file.includes('extensions'))).toEqual([]);
    const html = await readFile(join(outcome.runDir, 'index.html'), 'utf8');
    expect(html).toContain('id="config-changes-table"');
    expect(html).toContain('(was sip:sip.carrier.example:5060)');
    const { root } = await readJUnit(outcome.runDir);
    expect(JSON.stringify(root)).toContain(`"asterisk.config.changes"`);
    // The copy as booted is kept, its passwords masked.
    const copy = await readFile(join(outcome.runDir, 'asterisk-config', 'callcheck-agents.conf'), 'utf8');
    expect(copy).toMatch(/^password = \*\*\*$/m);
  });
});

describe('the example\'s planted regressions, each caught with its own explanation: exit 1', () => {
  /** Runs the scenario and checks the answered calls: key-not-stored, in their context and extension, for `explanation`. */
  async function caught(scenario: ScenarioInput, explanation: string): Promise<RunOutcome> {
    const outcome = await runScenario(scenario);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.unknownRows).toEqual([]);
    for (const call of outcome.results.calls.filter((c) => c.outcome === 'answered')) {
      expect(call.cdr.kind).toBe('key-not-stored');
      const reason = call.cdr.kind === 'key-not-stored' ? call.cdr.reason : '';
      expect(reason).toContain(`(the call ran in context from-internal, extension ${call.dialed}, channel PJSIP/${call.agent}-`);
      expect(reason).toContain(explanation);
    }
    return outcome;
  }

  it('the capture lines lost at a regeneration; compared with the example, call by call: stored there, empty here', async () => {
    const lost = await caught(few(captureLost), 'no priority of the extensions it ran (in from-internal, ');
    expect(lost.results.calls.map((c) => c.outcome)).toEqual(['answered', 'answered']);
    const { report } = await compareRuns({ baselineDir: outcome.runDir, candidateDir: lost.runDir, outDir: join(reports(), 'compare') });
    expect(report.baseline.configuration).toEqual(['examples/callcenter/asterisk']);
    expect(report.candidate.configuration).toEqual(['examples/callcenter/asterisk', 'examples/callcenter/regressions/capture-lost']);
    expect(report.conformance).toMatchObject({ paired: 2, baselineOnly: 18, baselineConforming: 2, candidateConforming: 0 });
    expect(report.conformance.differing.map((d) => [d.dialed, d.baseline, d.candidate])).toEqual([
      ['00200000000', 'crm_id stored', 'crm_id empty'],
      ['00200000001', 'crm_id stored', 'crm_id empty'],
    ]);
  });

  it('the header read with chan_sip\'s SIP_HEADER on Asterisk 22, called from an operator\'s own softphone account', async () => {
    // The configuration's WebRTC account 1002, as an operator's CRM softphone registers: no endpoint added for it.
    const operator = { ...sipHeader, agents: 1, callsPerAgent: 2, asterisk: { ...sipHeader.asterisk!, agents: [{ username: '1002', password: 'softphone-secret' }] } };
    const { results } = await caught(operator, 'the expression that reads X-CRM-Id gave nothing; Asterisk logged for the call: ERROR: Function SIP_HEADER not registered');
    expect(results.calls.map((c) => [c.agent, c.outcome])).toEqual([['1002', 'answered'], ['1002', 'answered']]);
    expect(results.stack.userConfig?.changes.some((c) => c.file.includes('callcheck-agents.conf'))).toBe(false);
  });

  it('the capture placed after the Dial: answered calls lose it, a busy call keeps it in the row after its Dial row', async () => {
    const { results } = await caught(
      { ...few(captureAfterDial), outcomes: { answer: 1, busy: 1 } },
      'the dialplan sets it at outrt-1,_00.,5 (extensions_additional.conf line 22), after the call\'s last step (4 Dial), which it never got past',
    );
    const busy = results.calls.find((c) => c.outcome === 'busy');
    expect(results.calls.filter((c) => c.outcome === 'answered')).toHaveLength(1);
    // The busy call's Dial wrote a row before the capture ran: its channel's other stage, not an unknown row.
    expect(busy?.cdr).toMatchObject({ kind: 'matched', row: { disposition: 'BUSY' }, otherStages: [{ disposition: 'BUSY', mapped: { crm_id: null } }] });
  });
});

describe('a configuration Asterisk does not load', () => {
  it('stops before any call with exit 3, naming each file, line and what Asterisk said', async () => {
    const error = await runScenario(few(macroEra)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CallcheckError);
    const refused = error as CallcheckError;
    expect(refused.code).toBe('CONFIG_NOT_LOADED');
    expect(refused.exitCode).toBe(3);
    expect(refused.message).toContain("examples/callcenter/regressions/macro-era/pjsip.endpoint.conf line 22: Could not find option suitable for category '1001' named 'nat'");
    expect(refused.message).toContain('examples/callcenter/regressions/macro-era/extensions_additional.conf line 18: [outrt-1] extension _00. priority 1 runs Macro(user-callerid,LIMIT,EXTERNAL,): this Asterisk has no application Macro');
  });
});
