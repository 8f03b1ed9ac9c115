import type { Page } from 'puppeteer-core';
import { CallcheckError } from '../contracts/errors.ts';
import { crashedCallResult, type CallSoFar, type PageCrash } from '../logic/verify/crashed-call.ts';
import type { AgentBrowser } from './agent-browser.ts';
import type { AgentEvent, PageAgentConfig, PageCallRequest, PageCallResult } from './page/page-api.ts';

/** How long crash() waits for the browser to report the crash it caused, in ms. */
const CRASH_REPORT_TIMEOUT_MS = 10_000;

/** How long a call whose evaluation failed waits for the crash report that may explain it, in ms. */
const CRASH_GRACE_MS = 1000;

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
  /** Told of every registration change of the page's agents (see AgentEvent). */
  onAgentEvent?: (event: AgentEvent) => void;
  /** Told once when the page crashes (its renderer died, or it closed without callcheck closing it). */
  onCrash?: (page: AgentPage, crash: PageCrash) => void;
}

/** One browser page and the agents registered in it. */
export class AgentPage {
  readonly agents: readonly PageAgentConfig[];
  readonly browserId: string;
  readonly label: string;
  /** Calls started on this page so far: each one made an RTCPeerConnection, and a page can hold only so many. */
  callsStarted = 0;
  inFlight = 0;
  /** Set once the page crashed: its calls have ended with the crash, and it takes no more. */
  crash: PageCrash | undefined;
  private readonly page: Page;
  private readonly options: AgentPageOptions;
  private idle: (() => void) | undefined;
  /** Calls in progress by agent: what the harness knows of each, should the page crash under it. */
  private readonly calls = new Map<string, CallSoFar>();
  private readonly crashed: Promise<PageCrash>;
  private onCrashed: (crash: PageCrash) => void = () => undefined;
  private closing = false;

  private constructor(page: Page, options: AgentPageOptions) {
    this.page = page;
    this.options = options;
    this.agents = options.agents;
    this.browserId = options.browser.info.id;
    this.label = options.label;
    this.crashed = new Promise((resolve) => {
      this.onCrashed = resolve;
    });
  }

  /** Records the crash once, tells the pool, and ends the page's calls in progress with it. */
  private crashNow(reason: string): void {
    if (this.crash || this.closing) return;
    this.crash = { at: Date.now(), reason, page: `${this.label} in ${this.browserId}` };
    this.onCrashed(this.crash);
    this.options.onCrash?.(this, this.crash);
  }

  private onAgentEvent(event: AgentEvent): void {
    if (event.kind !== 'call-progress') {
      this.options.onAgentEvent?.(event);
      return;
    }
    const call = this.calls.get(event.agent);
    if (call?.callIndex !== event.callIndex) return;
    call.sipCallId = event.sipCallId;
    call.timeline[event.stamp] = event.at;
  }

  /** Opens the page, loads the agents' script and registers every agent; on failure the page is closed again. */
  static async open(options: AgentPageOptions): Promise<AgentPage> {
    const page = await options.browser.browser.newPage();
    const agentPage = new AgentPage(page, options);
    page.on('console', (msg) => {
      if (msg.type() === 'error') options.log(`${options.label}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => options.log(`${options.label} error: ${error instanceof Error ? error.message : String(error)}`));
    // Puppeteer's 'error' is the renderer's crash (Chromium's Inspector.targetCrashed: "Page crashed!").
    page.on('error', (error) => agentPage.crashNow(error instanceof Error ? error.message : String(error)));
    page.on('close', () => agentPage.crashNow('the page closed without callcheck closing it'));
    try {
      try {
        await page.exposeFunction('callcheckAgentEvent', (event: AgentEvent) => agentPage.onAgentEvent(event));
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

  /**
   * Places one call from an agent of this page; resolves when the call has ended. Should the page crash
   * first, the call ends at once as failed, naming the crash, with what the page had reported of it.
   */
  async place(agent: string, request: PageCallRequest): Promise<PageCallResult> {
    const soFar: CallSoFar = { callIndex: request.callIndex, dialRequested: Date.now(), timeline: {} };
    if (this.crash) return crashedCallResult(soFar, this.crash);
    this.callsStarted++;
    this.inFlight++;
    this.calls.set(agent, soFar);
    try {
      const placed = this.page.evaluate((username, req) => window.callcheck.placeCall(username, req), agent, request);
      // A crashed page may leave the evaluation pending or reject it: the crash decides, whichever comes first.
      const crashed = this.crashed.then((crash) => crashedCallResult(soFar, crash));
      const failed = async (error: unknown): Promise<PageCallResult> => {
        // The evaluation can fail ("Target closed") a moment before the crash itself is reported.
        const crash = this.crash ?? (await Promise.race([this.crashed, new Promise<undefined>((resolve) => setTimeout(resolve, CRASH_GRACE_MS))]));
        if (crash) return crashedCallResult(soFar, crash);
        throw error;
      };
      return await Promise.race([placed.catch(failed), crashed]);
    } finally {
      if (this.calls.get(agent) === soFar) this.calls.delete(agent);
      this.inFlight--;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  /**
   * Crashes the page's renderer, as a fault to test with (Chromium only: its `chrome://crash` page), and
   * resolves once the crash was seen; the pool then handles it as any crash.
   */
  async crashRenderer(): Promise<PageCrash> {
    if (this.options.browser.info.engine === 'firefox') {
      throw new Error(`${this.label}: crashing a page on purpose needs Chromium (its chrome://crash page); ${this.browserId} is Firefox`);
    }
    void this.page.goto('chrome://crash', { timeout: CRASH_REPORT_TIMEOUT_MS }).catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.label}: no crash reported within ${CRASH_REPORT_TIMEOUT_MS} ms of opening chrome://crash`)), CRASH_REPORT_TIMEOUT_MS);
    });
    return Promise.race([this.crashed, limit]).finally(() => clearTimeout(timer));
  }

  /** Hangs up (BYE or CANCEL) the calls these agents have in progress; they then end as usual. */
  async abandon(agents: readonly string[]): Promise<void> {
    if (this.page.isClosed() || this.crash) return;
    await this.page.evaluate((usernames) => window.callcheck.abandonCalls(usernames), [...agents]).catch(() => undefined);
  }

  /** Resolves once no call is in progress on the page. */
  untilIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  /** Unregisters the agents (bounded in time) and closes the page; a crashed page is only closed. */
  async close(): Promise<void> {
    if (this.page.isClosed()) return;
    this.closing = true;
    if (this.crash) {
      await this.page.close().catch(() => undefined);
      return;
    }
    await Promise.race([this.page.evaluate(() => window.callcheck?.stopAgents()).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
    await this.page.close().catch(() => undefined);
  }
}

function firstLine(cause: unknown): string {
  return cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
}
