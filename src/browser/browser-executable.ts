import { CallcheckError } from '../contracts/errors.ts';
import { isExecutable } from '../host/executables.ts';
import { SETUP_COMMAND } from '../host/package-info.ts';

/**
 * Where Chromium is usually found on Linux hosts, in the order they are tried. Debian's binary comes
 * before its /usr/bin/chromium wrapper: the wrapper adds --enable-remote-extensions and Google API keys,
 * and with them Chromium looks up Google's update hosts at start, which must never leave this host.
 */
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

/**
 * The browser to launch: the scenario's, else $CALLCHECK_BROWSER, else the first Chromium on the machine.
 * A path that was asked for but is not there is an error, never a silent switch to another browser.
 */
export function resolveBrowserExecutable(fromScenario: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const asked = fromScenario ?? env['CALLCHECK_BROWSER'];
  if (asked !== undefined && asked !== '') {
    if (isExecutable(asked)) return asked;
    const source = fromScenario !== undefined ? 'the scenario\'s browser.executablePath' : '$CALLCHECK_BROWSER';
    throw new CallcheckError('PREREQUISITE_MISSING', `browser ${asked} (from ${source}) is not an executable file`, {
      hint: 'point it at an installed Chromium, or remove it to use the one found on the machine',
    });
  }
  const found = CANDIDATES.find(isExecutable);
  if (found) return found;
  throw new CallcheckError('PREREQUISITE_MISSING', `no Chromium found (looked for ${CANDIDATES.join(', ')})`, {
    hint: `install one with: ${SETUP_COMMAND}   (or set CALLCHECK_BROWSER to a Chromium executable)`,
  });
}
