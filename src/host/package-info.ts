import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * callcheck's own folder: the repository in a checkout, `node_modules/callcheck` once installed. What ships
 * beside the code (the Asterisk image's build context, package.json) is found from it. Both src/host/ and
 * its build dist/host/ lie two levels below it.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let version: string | undefined;

/** callcheck's version, as its package.json says. */
export function callcheckVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
