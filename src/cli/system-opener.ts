import { spawn } from 'node:child_process';
import { findExecutable } from '../host/executables.ts';

/** The command that opens a URL in the user's browser on this system. */
export interface SystemOpener {
  command: string;
  args: readonly string[];
}

/**
 * macOS's `open`, Windows' `start`, else `xdg-open` from the PATH (Linux and the BSDs); undefined when
 * the PATH has none, e.g. a server without a desktop.
 */
export function findSystemOpener(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): SystemOpener | undefined {
  if (platform === 'darwin') return { command: 'open', args: [] };
  // `start` is a cmd builtin; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  const xdgOpen = findExecutable('xdg-open', [], env);
  return xdgOpen === undefined ? undefined : { command: xdgOpen, args: [] };
}

/**
 * Starts the opener on the URL and returns once it has started; it is not waited for (xdg-open may stay
 * until the browser exits) and it does not keep callcheck alive.
 */
export async function openWithSystem(opener: SystemOpener, url: string): Promise<void> {
  const child = spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true });
  await new Promise<void>((done, fail) => {
    child.once('spawn', done);
    child.once('error', fail);
  });
  child.unref();
}
