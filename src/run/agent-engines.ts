import { engineOfPath } from '../browser/browser-cache.ts';
import type { ResolvedBuild } from '../browser/resolved-build.ts';
import { resolveBrowserExecutable } from '../browser/browser-executable.ts';
import type { Scenario } from '../contracts/scenario.ts';
import type { AgentEngine } from '../logic/plan/page-crash-check.ts';

/**
 * The engine of the browser each agent will run in, known before any browser starts: a matrix build's
 * own, the scenario's browser guessed from its path, or, for browsers elsewhere, Chromium when every one
 * is driven over CDP (only Chromium speaks it) and unknown otherwise.
 */
export function agentEngines(scenario: Scenario, agentsOfBuild: readonly (readonly string[])[], builds: readonly ResolvedBuild[] | undefined): Map<string, AgentEngine> {
  const engines = new Map<string, AgentEngine>();
  agentsOfBuild.forEach((agents, b) => {
    const engine = engineOfBuildAt(scenario, builds?.[b]);
    for (const agent of agents) engines.set(agent, engine);
  });
  return engines;
}

function engineOfBuildAt(scenario: Scenario, build: ResolvedBuild | undefined): AgentEngine {
  if (build) return build.engine;
  const { endpoints } = scenario.browser;
  if (endpoints.length > 0) return endpoints.every((e) => typeof e === 'string' || e.protocol === 'cdp') ? 'chromium' : 'unknown';
  return engineOfPath(resolveBrowserExecutable(scenario.browser.executablePath));
}
