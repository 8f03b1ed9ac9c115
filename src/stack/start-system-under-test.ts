import { ExternalPbx } from './external-pbx.ts';
import { Stack } from './stack.ts';
import type { SystemUnderTest, SystemUnderTestOptions } from './system-under-test.ts';

/**
 * The run's system under test: the scenario's own PBX when it names one (`pbx`), checked before any call;
 * else callcheck's containers, started. Either way the caller disposes it.
 */
export async function startSystemUnderTest(options: SystemUnderTestOptions): Promise<SystemUnderTest> {
  const { scenario } = options;
  if (scenario.pbx === undefined) return Stack.start(options);
  return ExternalPbx.connect({
    pbx: scenario.pbx,
    scenario,
    agents: options.agents.map((a) => a.username),
    log: options.log,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
