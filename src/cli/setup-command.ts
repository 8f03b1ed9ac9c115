import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { ExitCode } from '../contracts/exit-codes.ts';
import { PACKAGE_ROOT } from '../host/package-info.ts';

/** The host setup shipped with callcheck, in a checkout and in an installed package alike. */
const SETUP_SCRIPT = join(PACKAGE_ROOT, 'scripts', 'setup-host.sh');

/**
 * `callcheck setup`: runs the host setup that ships with callcheck (scripts/setup-host.sh: Debian packages,
 * the Docker engine, the images built from Debian's archive, the browser matrix's builds), so a project
 * that installed callcheck prepares its machine as a clone does with `npm run setup`. The script prints
 * each step and, on failure, the step and what to do; the cause line says which script failed.
 */
export async function setupHost(signal: AbortSignal): Promise<number> {
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('bash', [SETUP_SCRIPT], { stdio: 'inherit', signal });
    child.once('error', (error) => (signal.aborted ? resolve(ExitCode.Interrupted) : reject(error)));
    child.once('exit', (exitCode, exitSignal) => resolve(exitCode ?? (exitSignal === null ? 1 : ExitCode.Interrupted)));
  });
  if (code === 0 || code === ExitCode.Interrupted) return code;
  throw new CallcheckError('PREREQUISITE_MISSING', `the host setup (${SETUP_SCRIPT}) failed with exit ${code}`, {
    hint: 'its failed step and what to do are printed above; fix that and run callcheck setup again (it skips what is done)',
  });
}
