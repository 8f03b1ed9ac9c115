import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioInput } from '../../src/contracts/scenario.ts';
import { validateScenario } from '../../src/run/load-scenario.ts';
import { runConformance } from '../../src/run/run-conformance.ts';
import type { RunOptions, RunOutcome } from '../../src/run/run-options.ts';
import { configureTestcontainers } from '../../src/stack/container-runtime.ts';
import { printIfTestFails, printLog } from '../support/failure-log.ts';
import { tempDirForTest } from '../support/temp-dir.ts';
import { findAll, parseXml, type XmlElement } from '../support/xml-document.ts';

/**
 * Runs a scenario end to end on the real stack and browser. Its reports go to a fresh folder that is
 * removed when the test ends, unless `extra.reportsDir` names one (as it must in a beforeAll, where there
 * is no test to end). Every line the run logs is kept (and passed on to `extra.log`) and printed if the
 * test fails, or at once if the run throws in a hook.
 */
export async function runScenario(input: ScenarioInput, extra: Partial<RunOptions> = {}): Promise<RunOutcome> {
  configureTestcontainers();
  const scenario = validateScenario(input, `test scenario ${input.name}`);
  const reportsDir = extra.reportsDir ?? (await tempDirForTest('e2e'));
  const lines: string[] = [];
  const heading = `the log of the run of ${input.name}`;
  const inTest = printIfTestFails(heading, () => lines.join('\n'));
  try {
    return await runConformance({
      scenario,
      scenarioFile: `(test) ${input.name}`,
      headerValues: { kind: 'generated' },
      ...extra,
      reportsDir,
      log: (line) => {
        lines.push(line);
        extra.log?.(line);
      },
    });
  } catch (error) {
    if (!inTest) printLog(heading, lines.join('\n'));
    throw error;
  }
}

/** A run directory's junit.xml, parsed as strictly as a CI server parses it: its root, testcases and failures. */
export async function readJUnit(runDir: string): Promise<{ root: XmlElement; testcases: XmlElement[]; failures: XmlElement[] }> {
  const root = parseXml(await readFile(join(runDir, 'junit.xml'), 'utf8'));
  return { root, testcases: findAll(root, 'testcase'), failures: findAll(root, 'failure') };
}
