import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { callcheckErrorOf, rejectionOf } from '../../tests/support/callcheck-error.ts';
import { ExitCode } from '../contracts/exit-codes.ts';
import { loadScenario, validateScenario } from './load-scenario.ts';

const valid = { name: 'smoke', headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' }, agents: 4, callsPerAgent: 5 };



describe('validateScenario', () => {
  it('returns the normalised scenario with defaults and the first mapping as key', () => {
    const scenario = validateScenario(valid, 'scenarios/x.ts');
    expect(scenario.name).toBe('smoke');
    expect(scenario.agentsPerPage).toBe(10);
    expect(scenario.talkTimeMs).toBe(2000);
    expect(scenario.key).toEqual({ header: 'X-CRM-Id', column: 'crm_id', length: 64 });
    expect(scenario.mappings.map((m) => m.column)).toEqual(['crm_id', 'agent_id']);
  });

  it('keys on matchOn when it names a mapped header', () => {
    expect(validateScenario({ ...valid, matchOn: 'X-Agent-Id' }, 's').key.column).toBe('agent_id');
  });

  it('names every bad field at once, with the source, as INVALID_SCENARIO exiting 2', () => {
    const error = callcheckErrorOf(() =>
      validateScenario({ ...valid, agents: 0, headers: { 'X CRM': 'crm_id' }, matchOn: 'X-Nope' }, 'scenarios/bad.ts'),
    );
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.exitCode).toBe(ExitCode.BadUsage);
    expect(error.exitCode).toBe(2);
    expect(error.message.split('\n')[0]).toBe('scenario scenarios/bad.ts is invalid:');
    expect(error.message).toMatch(/^ {2}agents: /m);
    expect(error.message).toMatch(/^ {2}headers\.X CRM: "X CRM" is not a valid SIP header name/m);
    expect(error.message).toMatch(/^ {2}matchOn: "X-Nope" is not one of the mapped headers/m);
    expect(error.message.split('\n')).toHaveLength(4);
    expect(error.hint).toContain('README.md');
  });

  it('names matchOn when it is not a mapped header', () => {
    const error = callcheckErrorOf(() => validateScenario({ ...valid, matchOn: 'X-Nope' }, 's'));
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.message).toContain('  matchOn: "X-Nope" is not one of the mapped headers (X-CRM-Id, X-Agent-Id)');
  });

  it('rejects an unknown top-level field', () => {
    const error = callcheckErrorOf(() => validateScenario({ ...valid, agent: 4 }, 's'));
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.message).toBe('scenario s is invalid:\n  (scenario): Unrecognized key: "agent"');
  });

  it('rejects an unknown field of a nested object, naming its parent', () => {
    const error = callcheckErrorOf(() => validateScenario({ ...valid, cdr: { tabel: 'cdr' } }, 's'));
    expect(error.message).toBe('scenario s is invalid:\n  cdr: Unrecognized key: "tabel"');
  });

  it('labels an issue of the whole input as (scenario)', () => {
    const error = callcheckErrorOf(() => validateScenario('not an object', 's'));
    expect(error.message).toMatch(/^ {2}\(scenario\): /m);
  });
});

describe('loadScenario', () => {
  const dir = useTempDir('load-scenario');

  it('refuses a file that does not exist as INVALID_ARGUMENTS', async () => {
    const file = join(dir(), 'absent.ts');
    const error = await rejectionOf(loadScenario(file));
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`scenario file ${file} does not exist`);
  });

  it('refuses a module without a default export as INVALID_SCENARIO', async () => {
    const file = join(dir(), 'no-default.ts');
    await writeFile(file, 'export const scenario = { name: "x" };\n');
    const error = await rejectionOf(loadScenario(file));
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.message).toBe(`scenario ${file} has no default export`);
  });

  it('validates the default export of a module', async () => {
    const good = join(dir(), 'good.ts');
    await writeFile(good, `export default ${JSON.stringify(valid)};\n`);
    const scenario = await loadScenario(good);
    expect(scenario.key.header).toBe('X-CRM-Id');
    expect(scenario.callsPerAgent).toBe(5);

    const bad = join(dir(), 'bad.ts');
    await writeFile(bad, `export default ${JSON.stringify({ ...valid, callsPerAgent: -1 })};\n`);
    const error = await rejectionOf(loadScenario(bad));
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.message).toMatch(/^ {2}callsPerAgent: /m);
  });
});
