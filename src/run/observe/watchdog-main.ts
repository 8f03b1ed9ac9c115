// The watchdog process of one run (see RunWatchdog): argv is <run-id> <pid of the run> <containers|no-containers>.
import { killRunProcesses } from '../../host/run-processes.ts';
import { GOODBYE } from './run-watchdog.ts';

const [runId, runPid, containers] = process.argv.slice(2);
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} watchdog of run ${runId}: ${line}\n`);

/** Containers and processes may still be appearing when the run dies (a create in flight): a second sweep catches them. */
const SECOND_SWEEP_MS = 2000;

async function reap(): Promise<void> {
  if (runId === undefined) return;
  log(`run process ${runPid} ended without saying goodbye; stopping what it started`);
  for (let sweep = 0; sweep < 2; sweep++) {
    const killed = await killRunProcesses(runId);
    if (killed.pids.length > 0) log(`killed ${killed.pids.length} process(es) of the run: ${killed.pids.join(' ')}`);
    if (killed.profiles.length > 0) log(`removed the browser profile(s) ${killed.profiles.join(' ')}`);
    if (containers === 'containers') {
      const { reapRunContainers } = await import('../../stack/run-reaper.ts');
      const removed = await reapRunContainers(runId).catch((error: unknown) => {
        log(`could not list or remove the run's containers: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      });
      if (removed > 0) log(`removed ${removed} container(s) labelled with the run`);
    }
    if (sweep === 0) await new Promise((resolve) => setTimeout(resolve, SECOND_SWEEP_MS));
  }
  log('done');
}

let said = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  said += chunk;
});
process.stdin.on('close', () => {
  if (said.includes(GOODBYE)) process.exit(0);
  reap().then(
    () => process.exit(0),
    (error: unknown) => {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
});
process.stdin.resume();
