import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CDR_IMAGE, type ScenarioInput } from '../../src/contracts/scenario.ts';
import type { CdrEngine } from '../../src/contracts/cdr-engine.ts';
import { LOCAL_MARIADB_IMAGE } from '../../src/stack/cdr-database-container.ts';
import { validateScenario } from '../../src/run/load-scenario.ts';
import { runConformance } from '../../src/run/run-conformance.ts';
import type { RunOptions, RunOutcome } from '../../src/run/run-options.ts';
import { configureTestcontainers } from '../../src/stack/container-runtime.ts';
import { printIfTestFails, printLog } from '../support/failure-log.ts';
import { tempDirForTest } from '../support/temp-dir.ts';
import { findAll, parseXml, type XmlElement } from '../support/xml-document.ts';

/**
 * The CDR database servers the suite proves callcheck on: MySQL, the default (mysql:8.4, else the image
 * setup builds from Debian's mysql-server), for every test; MariaDB for those whose facts could differ
 * between the two or that prove it still works (the smoke run, header values, a database outage).
 */
export const CDR_ENGINES: readonly { engine: CdrEngine; image: string }[] = [
  { engine: 'mysql', image: DEFAULT_CDR_IMAGE },
  { engine: 'mariadb', image: LOCAL_MARIADB_IMAGE },
];

/** The scenario with its CDR database on `image`. */
export function onCdrImage(input: ScenarioInput, image: string): ScenarioInput {
  return { ...input, cdr: { ...input.cdr, image } };
}

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
