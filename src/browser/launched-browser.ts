import puppeteer, { type Browser, type LaunchOptions as PuppeteerLaunchOptions } from 'puppeteer-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserInfo } from '../contracts/results.ts';
import type { AgentBrowser } from './agent-browser.ts';
import { CHROMIUM_FLAGS } from './chromium-flags.ts';
import { FIREFOX_ENV, FIREFOX_PREFS } from './firefox-prefs.ts';
import { NullAudioSink } from './null-audio-sink.ts';
import { PROFILE_PREFIX } from '../host/run-processes.ts';

export interface LaunchOptions {
  id: string;
  executablePath: string;
  /** Which browser the executable is: Chromium is driven over CDP, Firefox over WebDriver BiDi. Default chromium. */
  engine?: 'chromium' | 'firefox';
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

/**
 * A started browser with a throwaway profile; disposing it closes the browser and deletes the profile.
 * A Firefox also gets its own null audio sink (see NullAudioSink), stopped after the browser.
 */
export class LaunchedBrowser implements AgentBrowser {
  readonly browser: Browser;
  readonly info: BrowserInfo;
  private readonly profileDir: string;
  private readonly audioSink: NullAudioSink | undefined;

  private constructor(browser: Browser, info: BrowserInfo, profileDir: string, audioSink: NullAudioSink | undefined) {
    this.browser = browser;
    this.info = info;
    this.profileDir = profileDir;
    this.audioSink = audioSink;
  }

  static async launch(options: LaunchOptions): Promise<LaunchedBrowser> {
    const engine = options.engine ?? 'chromium';
    // Before the profile, so a missing pulseaudio leaves nothing behind.
    const audioSink = engine === 'firefox' ? await NullAudioSink.start(Math.min(options.timeoutMs, 10_000)) : undefined;
    const profileDir = await mkdtemp(join(tmpdir(), PROFILE_PREFIX));
    const common: PuppeteerLaunchOptions = {
      executablePath: options.executablePath,
      headless: options.headless,
      userDataDir: profileDir,
      timeout: options.timeoutMs,
      protocolTimeout: options.protocolTimeoutMs,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    };
    let browser: Browser;
    try {
      browser = await puppeteer.launch(
        engine === 'firefox'
          ? {
              ...common,
              browser: 'firefox',
              protocol: 'webDriverBiDi',
              // Firefox takes its settings as profile preferences, not flags: see firefox-prefs.ts.
              extraPrefsFirefox: { ...FIREFOX_PREFS },
              args: [...options.extraArgs],
              // HOME inside the throwaway profile: Firefox otherwise writes ~/.mozilla (crash reports, pending
              // pings) and ~/.cache/mozilla into the user's home even with a profile of its own.
              env: { ...process.env, ...FIREFOX_ENV, HOME: join(profileDir, 'home'), ...(audioSink ? { PULSE_SERVER: audioSink.server } : {}) },
            }
          : { ...common, browser: 'chrome', args: [...CHROMIUM_FLAGS, ...options.extraArgs] },
      );
    } catch (cause) {
      await rm(profileDir, { recursive: true, force: true });
      await audioSink?.[Symbol.asyncDispose]();
      throw new CallcheckError(
        'BROWSER_START_FAILED',
        `browser ${options.executablePath} did not start within ${options.timeoutMs} ms: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
        {
          cause,
          hint: `run it by hand with ${engine === 'firefox' ? '--headless --version' : '--headless --no-sandbox --version'} to see why, or choose another with CALLCHECK_BROWSER`,
        },
      );
    }
    const launched = new LaunchedBrowser(browser, { id: options.id, name: '', version: '', executablePath: options.executablePath, engine }, profileDir, audioSink);
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
    await this.audioSink?.[Symbol.asyncDispose]();
  }
}
