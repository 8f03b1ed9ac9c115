import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioInput } from '../../src/contracts/scenario.ts';
import { validateScenario } from '../../src/run/load-scenario.ts';
import { runConformance } from '../../src/run/run-conformance.ts';
import type { RunOptions, RunOutcome } from '../../src/run/run-options.ts';
import { configureTestcontainers } from '../../src/stack/container-runtime.ts';
import { findAll, parseXml, type XmlElement } from '../support/xml-document.ts';

/** Runs a scenario end to end on the real stack and browser, into a fresh reports folder. */
export async function runScenario(input: ScenarioInput, extra: Partial<RunOptions> = {}): Promise<RunOutcome> {
  configureTestcontainers();
  const scenario = validateScenario(input, `test scenario ${input.name}`);
  const reportsDir = await mkdtemp(join(tmpdir(), 'callcheck-e2e-'));
  const lines: string[] = [];
  return runConformance({
    scenario,
    scenarioFile: `(test) ${input.name}`,
    headerValues: { kind: 'generated' },
    reportsDir,
    log: (line) => lines.push(line),
    ...extra,
  });
}

/** A run directory's junit.xml, parsed as strictly as a CI server parses it: its root, testcases and failures. */
export async function readJUnit(runDir: string): Promise<{ root: XmlElement; testcases: XmlElement[]; failures: XmlElement[] }> {
  const root = parseXml(await readFile(join(runDir, 'junit.xml'), 'utf8'));
  return { root, testcases: findAll(root, 'testcase'), failures: findAll(root, 'failure') };
}
