import type { StoppedEarly } from '../../contracts/results.ts';

/** One sentence saying that the load stopped early, why and after how many calls: for stdout, stderr and the HTML report. */
export function stoppedEarlyText(stopped: StoppedEarly): string {
  const why = stopped.reason === 'max-failures'
    ? `${stopped.maxFailures} call${stopped.maxFailures === 1 ? '' : 's'} had failed (--max-failures ${stopped.maxFailures})`
    : 'a threshold with abortOnFail failed';
  return `stopped early: ${why}; ${stopped.afterCalls} call${stopped.afterCalls === 1 ? '' : 's'} placed in all, those in flight let end, every one verified`;
}
