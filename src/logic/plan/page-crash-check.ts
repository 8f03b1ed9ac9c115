import { CallcheckError } from '../../contracts/errors.ts';
import type { Fault } from '../../contracts/faults.ts';

/** The browser engine an agent of the run will be in, as known before anything starts. */
export type AgentEngine = 'chromium' | 'firefox' | 'unknown';

/**
 * Refuses, before anything starts, a `page-crash` fault that names no agent of this run, or an agent
 * whose page is not in Chromium: the crash is planted through Chromium's chrome://crash page, which
 * Firefox and a browser of unknown engine do not offer. `engineOf` has every agent of the run.
 */
export function checkPageCrashFaults(faults: readonly Fault[], engineOf: ReadonlyMap<string, AgentEngine>): void {
  const problems: string[] = [];
  faults.forEach((fault, i) => {
    if (fault.kind !== 'page-crash') return;
    const engine = engineOf.get(fault.agent);
    const where = `faults[${i}] (page-crash of ${fault.agent})`;
    if (engine === undefined) {
      const agents = [...engineOf.keys()];
      const named = agents.length <= 6 ? agents.join(', ') : `${agents.slice(0, 3).join(', ')} … ${agents.at(-1)}`;
      problems.push(`${where}: ${fault.agent} is not one of this run's ${agents.length} agents (${named})`);
    } else if (engine !== 'chromium') {
      problems.push(`${where}: ${fault.agent} runs in ${engine === 'firefox' ? 'Firefox' : 'a browser whose engine callcheck does not know'}, and a page can only be crashed in Chromium (chrome://crash)`);
    }
  });
  if (problems.length > 0) {
    throw new CallcheckError('INVALID_SCENARIO', problems.join('; '), {
      hint: 'name an agent of the run (agent001 … as many as the load has) whose browser is Chromium, or remove the page-crash fault',
    });
  }
}
