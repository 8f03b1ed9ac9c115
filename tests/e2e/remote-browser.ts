import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBrowserExecutable } from '../../src/browser/browser-executable.ts';
import { CHROMIUM_FLAGS } from '../../src/browser/chromium-flags.ts';

/**
 * A Chromium started the way a browser farm starts one: on its own, with remote debugging on 127.0.0.1,
 * for callcheck to connect to. Disposing it kills the browser and removes its profile.
 */
export class RemoteDebuggingChromium implements AsyncDisposable {
  readonly wsEndpoint: string;
  private readonly child: ChildProcess;
  private readonly profile: string;

  private constructor(child: ChildProcess, wsEndpoint: string, profile: string) {
    this.child = child;
    this.wsEndpoint = wsEndpoint;
    this.profile = profile;
  }

  static async start(timeoutMs = 30_000): Promise<RemoteDebuggingChromium> {
    const profile = await mkdtemp(join(tmpdir(), 'callcheck-remote-chromium-'));
    const child = spawn(
      resolveBrowserExecutable(undefined),
      [...CHROMIUM_FLAGS, '--headless', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      const wsEndpoint = await new Promise<string>((resolve, reject) => {
        let seen = '';
        const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools URL within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
        child.stderr?.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${seen}`)));
      });
      return new RemoteDebuggingChromium(child, wsEndpoint, profile);
    } catch (error) {
      child.kill('SIGKILL');
      await rm(profile, { recursive: true, force: true });
      throw error;
    }
  }

  /** Whether the browser process still runs (callcheck must only disconnect from it, never close it). */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.running) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGKILL');
      await exited;
    }
    await rm(this.profile, { recursive: true, force: true, maxRetries: 3 });
  }
}
