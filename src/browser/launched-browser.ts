import puppeteer, { type Browser } from 'puppeteer-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserInfo } from '../contracts/results.ts';
import type { AgentBrowser } from './agent-browser.ts';
import { CHROMIUM_FLAGS } from './chromium-flags.ts';

export interface LaunchOptions {
  id: string;
  executablePath: string;
  headless: boolean;
  extraArgs: readonly string[];
  /** Limit for the browser to start, in ms. */
  timeoutMs: number;
  /**
   * Limit for one call into the browser, in ms: it must outlast the longest call and the registration
   * of a page's agents, which are awaited through a single page.evaluate each.
   */
  protocolTimeoutMs: number;
}

/** A started browser with a throwaway profile; disposing it closes the browser and deletes the profile. */
export class LaunchedBrowser implements AgentBrowser {
  readonly browser: Browser;
  readonly info: BrowserInfo;
  private readonly profileDir: string;

  private constructor(browser: Browser, info: BrowserInfo, profileDir: string) {
    this.browser = browser;
    this.info = info;
    this.profileDir = profileDir;
  }

  static async launch(options: LaunchOptions): Promise<LaunchedBrowser> {
    const profileDir = await mkdtemp(join(tmpdir(), 'callcheck-profile-'));
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        executablePath: options.executablePath,
        headless: options.headless,
        userDataDir: profileDir,
        args: [...CHROMIUM_FLAGS, ...options.extraArgs],
        timeout: options.timeoutMs,
        protocolTimeout: options.protocolTimeoutMs,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (cause) {
      await rm(profileDir, { recursive: true, force: true });
      throw new CallcheckError(
        'BROWSER_START_FAILED',
        `browser ${options.executablePath} did not start within ${options.timeoutMs} ms: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
        { cause, hint: 'run it by hand with --headless --no-sandbox --version to see why, or choose another with CALLCHECK_BROWSER' },
      );
    }
    const launched = new LaunchedBrowser(browser, { id: options.id, name: '', version: '', executablePath: options.executablePath }, profileDir);
    try {
      const product = await browser.version();
      const [name = product, version = ''] = product.split('/');
      launched.info.name = name;
      launched.info.version = version;
      return launched;
    } catch (cause) {
      await launched[Symbol.asyncDispose]();
      throw new CallcheckError('BROWSER_START_FAILED', `browser ${options.executablePath} started but did not say its version: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const child = this.browser.process();
    try {
      await this.browser.close();
    } catch {
      // A browser that does not close is killed, and its profile removed only once it is gone.
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    }
    await rm(this.profileDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}
