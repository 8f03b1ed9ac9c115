import puppeteer, { type Browser } from 'puppeteer-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserInfo } from '../contracts/results.ts';
import { CHROMIUM_FLAGS } from './chromium-flags.ts';

export interface LaunchOptions {
  id: string;
  executablePath: string;
  headless: boolean;
  extraArgs: readonly string[];
  /** Limit for the browser to start, in ms. */
  timeoutMs: number;
}

/** A started browser with a throwaway profile; disposing it closes the browser and deletes the profile. */
export class LaunchedBrowser implements AsyncDisposable {
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
        protocolTimeout: 120_000,
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
    const product = await browser.version();
    const [name = product, version = ''] = product.split('/');
    return new LaunchedBrowser(browser, { id: options.id, name, version, executablePath: options.executablePath }, profileDir);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const process = this.browser.process();
    await this.browser.close().catch(() => process?.kill('SIGKILL'));
    await rm(this.profileDir, { recursive: true, force: true });
  }
}
