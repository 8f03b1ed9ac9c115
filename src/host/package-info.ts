import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * callcheck's own folder: the repository in a checkout, `node_modules/callcheck` once installed. What ships
 * beside the code (the Asterisk image's build context, package.json) is found from it. Both src/host/ and
 * its build dist/host/ lie two levels below it.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `.ts` when callcheck runs its TypeScript sources (a checkout), `.js` when it runs its build (an installed
 * package): what a module started by its path (the agents' page, the watchdog) is named with.
 */
export const MODULE_EXTENSION = extname(fileURLToPath(import.meta.url));

/** What prepares a machine for callcheck: the repository's setup in a checkout, the package's own once installed. */
export const SETUP_COMMAND = MODULE_EXTENSION === '.ts' ? 'npm run setup' : 'npx callcheck setup';

let version: string | undefined;

/** callcheck's version, as its package.json says. */
export function callcheckVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
