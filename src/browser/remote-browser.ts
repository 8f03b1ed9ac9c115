import puppeteer, { type Browser } from 'puppeteer-core';
import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserInfo } from '../contracts/results.ts';
import type { AgentBrowser } from './agent-browser.ts';

/** How callcheck speaks to a browser it did not start. */
export type RemoteProtocol = 'cdp' | 'webDriverBiDi';

export interface RemoteBrowserOptions {
  id: string;
  /**
   * Where the browser listens: a DevTools WebSocket URL (`ws://host:9222/devtools/browser/<id>`), a
   * WebDriver BiDi WebSocket URL (`ws://host:4444/session/<id>/se/bidi` from Selenium Grid 4, Firefox's
   * `ws://host:9222/session`), or the http URL of a DevTools endpoint (`http://127.0.0.1:9222`).
   */
  endpoint: string;
  protocol: RemoteProtocol;
  timeoutMs: number;
  protocolTimeoutMs: number;
}

/**
 * A browser running elsewhere (Selenium Grid, browserless, or any browser started with remote
 * debugging), driven over CDP or WebDriver BiDi. callcheck opens its agent pages in it and closes them
 * again; the browser itself belongs to whoever started it, so disposing only disconnects.
 */
export class RemoteBrowser implements AgentBrowser {
  readonly browser: Browser;
  readonly info: BrowserInfo;

  private constructor(browser: Browser, info: BrowserInfo) {
    this.browser = browser;
    this.info = info;
  }

  static async connect(options: RemoteBrowserOptions): Promise<RemoteBrowser> {
    const { endpoint } = options;
    const target = /^https?:\/\//.test(endpoint) ? { browserURL: endpoint } : { browserWSEndpoint: endpoint };
    let browser: Browser;
    try {
      browser = await withTimeout(
        puppeteer.connect({ ...target, protocol: options.protocol, protocolTimeout: options.protocolTimeoutMs }),
        options.timeoutMs,
        `no answer within ${options.timeoutMs} ms`,
      );
    } catch (cause) {
      throw new CallcheckError('BROWSER_START_FAILED', `could not connect to the browser at ${endpoint} over ${options.protocol}: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, {
        cause,
        hint: 'check that the browser is running with remote debugging on that address and that the URL is its current one (DevTools URLs change at every browser start)',
      });
    }
    try {
      const product = await browser.version();
      const [name = product, version = ''] = product.split('/');
      // Over BiDi the product may be either engine; its own name tells them apart.
      const engine = /firefox/i.test(name) ? 'firefox' : 'chromium';
      return new RemoteBrowser(browser, { id: options.id, name, version, executablePath: endpoint, engine });
    } catch (cause) {
      await browser.disconnect().catch(() => undefined);
      throw new CallcheckError('BROWSER_START_FAILED', `the browser at ${endpoint} connected but did not say its version: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.browser.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
