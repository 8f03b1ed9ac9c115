import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { MODULE_EXTENSION } from '../host/package-info.ts';

/** The page runtime's entry: its TypeScript source in a checkout, its build in an installed callcheck. */
const ENTRY = fileURLToPath(new URL(`./page/agent-runtime${MODULE_EXTENSION}`, import.meta.url));

/**
 * Bundles the page runtime with SIP.js into one script. Built once per run, before any browser starts,
 * so nothing on the dial path waits for it.
 */
export async function bundleAgentPage(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120', 'firefox128'],
    write: false,
    minify: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error('esbuild produced no output for the agent page');
  return file.text;
}
