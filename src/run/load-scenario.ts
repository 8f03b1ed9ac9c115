import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CallcheckError, describeIssues } from '../contracts/errors.ts';
import { normaliseScenario, scenarioSchema, type Scenario } from '../contracts/scenario.ts';
import { parseThresholds } from '../logic/thresholds/threshold-parser.ts';

/** Validates a scenario object; every problem is reported at once, each with its field. */
export function validateScenario(input: unknown, source: string): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    throw new CallcheckError('INVALID_SCENARIO', `scenario ${source} is invalid:\n${describeIssues(parsed.error.issues)}`, {
      hint: 'fix the fields named above; the scenario reference is in README.md',
    });
  }
  const scenario = normaliseScenario(parsed.data);
  // Thresholds name metrics and phases: a misspelt one must stop the run here, not pass silently at its end.
  parseThresholds(scenario.thresholds);
  return scenario;
}

/** Imports a scenario file (TypeScript, run natively by Node) and validates its default export. */
export async function loadScenario(file: string): Promise<Scenario> {
  const path = resolve(file);
  try {
    await access(path);
  } catch {
    throw new CallcheckError('INVALID_ARGUMENTS', `scenario file ${file} does not exist`, { hint: 'pass a path such as scenarios/smoke.ts' });
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (cause) {
    throw new CallcheckError('INVALID_SCENARIO', `scenario ${file} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      hint: 'a scenario is a TypeScript module whose default export is defineScenario({...})',
    });
  }
  if (module.default === undefined) {
    throw new CallcheckError('INVALID_SCENARIO', `scenario ${file} has no default export`, { hint: 'write: export default defineScenario({ ... })' });
  }
  return validateScenario(module.default, file);
}
