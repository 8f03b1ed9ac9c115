import type { Page } from 'puppeteer-core';
import { CallcheckError } from '../contracts/errors.ts';
import type { LaunchedBrowser } from './launched-browser.ts';
import type { PageAgentConfig, PageCallRequest, PageCallResult } from './page/page-api.ts';

export interface AgentPoolOptions {
  browser: LaunchedBrowser;
  pageUrl: string;
  agents: readonly PageAgentConfig[];
  agentsPerPage: number;
  /** Limit for all of a page's agents to register, in ms. */
  registerTimeoutMs: number;
  /** Limit for a page to load the agents' script, in ms. */
  pageTimeoutMs: number;
  /** Where the pages' console errors go. */
  log: (line: string) => void;
}

/**
 * The agents of one browser, spread over pages, all started and registered before the first dial so
 * nothing on the dial path opens a page or a WebSocket.
 */
export class AgentPool implements AsyncDisposable {
  readonly browserId: string;
  private readonly pages: Page[];
  private readonly pageOf: Map<string, Page>;

  private constructor(browserId: string, pages: Page[], pageOf: Map<string, Page>) {
    this.browserId = browserId;
    this.pages = pages;
    this.pageOf = pageOf;
  }

  static async start(options: AgentPoolOptions): Promise<AgentPool> {
    const pages: Page[] = [];
    const pageOf = new Map<string, Page>();
    const pool = new AgentPool(options.browser.info.id, pages, pageOf);
    try {
      const groups: PageAgentConfig[][] = [];
      for (let i = 0; i < options.agents.length; i += options.agentsPerPage) groups.push(options.agents.slice(i, i + options.agentsPerPage));
      await Promise.all(
        groups.map(async (group, n) => {
          const page = await options.browser.browser.newPage();
          pages.push(page);
          page.on('console', (msg) => {
            if (msg.type() === 'error') options.log(`page ${n + 1}: ${msg.text()}`);
          });
          page.on('pageerror', (error) => options.log(`page ${n + 1} error: ${error instanceof Error ? error.message : String(error)}`));
          try {
            await page.goto(options.pageUrl, { waitUntil: 'load', timeout: options.pageTimeoutMs });
            await page.waitForFunction(() => typeof window.callcheck === 'object', { timeout: options.pageTimeoutMs });
          } catch (cause) {
            throw new CallcheckError('BROWSER_START_FAILED', `the browser could not open the agent page ${options.pageUrl} within ${options.pageTimeoutMs} ms: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, {
              cause,
              hint: 'check the browser flags in the scenario (browser.args) and that nothing blocks 127.0.0.1',
            });
          }
          try {
            await page.evaluate((configs, timeout) => window.callcheck.startAgents(configs, timeout), group, options.registerTimeoutMs);
          } catch (cause) {
            throw new CallcheckError(
              'STACK_START_FAILED',
              `agents ${group[0]?.username}..${group.at(-1)?.username} did not register with Asterisk at ${group[0]?.wsUrl} within ${options.registerTimeoutMs} ms: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
              { cause, hint: 'check the Asterisk log kept in the run directory (pjsip transport and endpoint errors)' },
            );
          }
          for (const agent of group) pageOf.set(agent.username, page);
        }),
      );
      return pool;
    } catch (error) {
      await pool[Symbol.asyncDispose]();
      throw error;
    }
  }

  /** Places one call from an agent; resolves when the call has ended. */
  async place(agent: string, request: PageCallRequest): Promise<PageCallResult> {
    const page = this.pageOf.get(agent);
    if (!page) throw new Error(`agent ${agent} is not in this pool`);
    return page.evaluate((username, req) => window.callcheck.placeCall(username, req), agent, request);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(
      this.pages.map(async (page) => {
        if (page.isClosed()) return;
        await Promise.race([
          page.evaluate(() => window.callcheck?.stopAgents()).catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 3000)),
        ]);
        await page.close().catch(() => undefined);
      }),
    );
  }
}
