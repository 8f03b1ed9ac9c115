import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CallcheckError } from '../contracts/errors.ts';
import { ExitCode } from '../contracts/exit-codes.ts';
import { FULL_PLAN, QUICK_PLAN } from './bench-plan.ts';
import { runBench } from './run-bench.ts';

/** `npm run bench [-- --quick]`: measures this machine and writes bench/results/<timestamp>.json and latest.json. */
const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const WORK_DIR = fileURLToPath(new URL('../../reports/', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' } } });
  const controller = new AbortController();
  const stop = () => {
    process.stderr.write('\nbench: interrupted; stopping calls, browser and containers\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const results = await runBench({ plan: values.quick ? QUICK_PLAN : FULL_PLAN, workDir: WORK_DIR, signal: controller.signal, log: (line) => process.stderr.write(`${line}\n`) });
  await mkdir(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const stamped = join(RESULTS_DIR, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(stamped, text);
  await writeFile(join(RESULTS_DIR, 'latest.json'), text);
  const lines = [`benchmark (${results.mode}) on ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.durationS} s:`];
  for (const t of results.targets) lines.push(`  ${t.met ? '✓' : '✗'} ${t.name}: ${t.measured} (target ${t.target})${t.gap ? `: ${t.gap}` : ''}`);
  lines.push(`  harness CPU per call up: ${results.harnessCpuPerCallPct}% of a core; SIPp ceiling: ${results.sipp.callsPerSecond ?? '-'} calls/s, ${results.sipp.concurrentCalls ?? '-'} held`);
  lines.push(`written: ${stamped} and bench/results/latest.json`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof CallcheckError ? error.exitCode : ExitCode.Infrastructure);
  },
);
