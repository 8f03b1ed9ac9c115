import type { Page } from 'puppeteer-core';
import { CallcheckError } from '../contracts/errors.ts';
import type { AgentBrowser } from './agent-browser.ts';
import type { PageAgentConfig, PageCallRequest, PageCallResult } from './page/page-api.ts';

export interface AgentPageOptions {
  browser: AgentBrowser;
  pageUrl: string;
  agents: readonly PageAgentConfig[];
  /** Name in log lines, e.g. `page 3`. */
  label: string;
  /** Limit for the page's agents to register, in ms. */
  registerTimeoutMs: number;
  /** Limit for the page to load the agents' script, in ms. */
  pageTimeoutMs: number;
  /** What to try when an agent does not register. Default: read the Asterisk log callcheck keeps in the run directory. */
  registerHint?: string;
  log: (line: string) => void;
}

/** One browser page and the agents registered in it. */
export class AgentPage {
  readonly agents: readonly PageAgentConfig[];
  readonly browserId: string;
  readonly label: string;
  /** Calls started on this page so far: each one made an RTCPeerConnection, and a page can hold only so many. */
  callsStarted = 0;
  inFlight = 0;
  private readonly page: Page;
  private idle: (() => void) | undefined;

  private constructor(page: Page, options: AgentPageOptions) {
    this.page = page;
    this.agents = options.agents;
    this.browserId = options.browser.info.id;
    this.label = options.label;
  }

  /** Opens the page, loads the agents' script and registers every agent; on failure the page is closed again. */
  static async open(options: AgentPageOptions): Promise<AgentPage> {
    const page = await options.browser.browser.newPage();
    const agentPage = new AgentPage(page, options);
    page.on('console', (msg) => {
      if (msg.type() === 'error') options.log(`${options.label}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => options.log(`${options.label} error: ${error instanceof Error ? error.message : String(error)}`));
    try {
      try {
        await page.goto(options.pageUrl, { waitUntil: 'load', timeout: options.pageTimeoutMs });
        await page.waitForFunction(() => typeof window.callcheck === 'object', { timeout: options.pageTimeoutMs });
      } catch (cause) {
        throw new CallcheckError('BROWSER_START_FAILED', `the browser could not open the agent page ${options.pageUrl} within ${options.pageTimeoutMs} ms: ${firstLine(cause)}`, {
          cause,
          hint: 'check the browser flags in the scenario (browser.args) and that the browser can reach the harness on 127.0.0.1',
        });
      }
      const { agents } = options;
      try {
        await page.evaluate((configs, timeout) => window.callcheck.startAgents(configs, timeout), [...agents], options.registerTimeoutMs);
      } catch (cause) {
        throw new CallcheckError(
          'STACK_START_FAILED',
          `agents ${agents[0]?.username}..${agents.at(-1)?.username} did not all register with Asterisk at ${agents[0]?.wsUrl} (limit ${options.registerTimeoutMs} ms): ${firstLine(cause)}`,
          { cause, hint: options.registerHint ?? 'check the Asterisk log kept in the run directory (pjsip transport and endpoint errors)' },
        );
      }
      return agentPage;
    } catch (error) {
      await agentPage.close();
      throw error;
    }
  }

  /** Places one call from an agent of this page; resolves when the call has ended. */
  async place(agent: string, request: PageCallRequest): Promise<PageCallResult> {
    this.callsStarted++;
    this.inFlight++;
    try {
      return await this.page.evaluate((username, req) => window.callcheck.placeCall(username, req), agent, request);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  /** Hangs up (BYE or CANCEL) the calls these agents have in progress; they then end as usual. */
  async abandon(agents: readonly string[]): Promise<void> {
    if (this.page.isClosed()) return;
    await this.page.evaluate((usernames) => window.callcheck.abandonCalls(usernames), [...agents]).catch(() => undefined);
  }

  /** Resolves once no call is in progress on the page. */
  untilIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  /** Unregisters the agents (bounded in time) and closes the page. */
  async close(): Promise<void> {
    if (this.page.isClosed()) return;
    await Promise.race([this.page.evaluate(() => window.callcheck?.stopAgents()).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
    await this.page.close().catch(() => undefined);
  }
}

function firstLine(cause: unknown): string {
  return cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
}
