import type { BrowserInfo } from '../contracts/results.ts';
import type { PageCrash } from '../logic/verify/crashed-call.ts';
import { outageLine, RegistrationOutages, type RegistrationOutage } from '../logic/verify/registration-outages.ts';
import type { AgentBrowser } from './agent-browser.ts';
import { AgentPage } from './agent-page.ts';
import { DEFAULT_RECYCLE_AFTER_CALLS, type AgentPoolOptions, type CrashedPage } from './agent-pool-options.ts';
import type { AgentEvent, PageAgentConfig, PageCallRequest, PageCallResult } from './page/page-api.ts';

/**
 * Pause before a slot whose replacement failed tries again: the old page goes on serving meanwhile, and
 * an immediate retry on the next call would meet the same load (the benchmark saw two failures 3 s apart).
 */
export const REPLACEMENT_RETRY_PAUSE_MS = 10_000;

/** One group of agents: the page that serves it now, and the one being prepared to take over. */
interface Slot {
  browser: AgentBrowser;
  agents: readonly PageAgentConfig[];
  label: string;
  current: AgentPage;
  replacement?: Promise<void>;
  /** A fresh page being opened for the agents of a page that crashed; their calls wait for it. */
  takeover?: Promise<void>;
  /** Why the last takeover failed: the agents' calls are not placed until one succeeds. */
  takeoverError?: string;
  generation: number;
  /** No new replacement is tried before this time (performance.now()), after a failed one. */
  retryAfter: number;
}

/** Where a call ran, with what the page saw of it. */
export interface PlacedCall {
  browser: string;
  result: PageCallResult;
}

/**
 * The agents of a run, spread over pages and the pages over browsers, all started and registered before
 * the first dial so nothing on the dial path opens a page or a WebSocket. Pages are recycled in the
 * background: a replacement registers the same agents (each agent's AOR holds the old page's contact and
 * the new one's), takes their next calls, and the old page closes once its calls have ended.
 */
export class AgentPool implements AsyncDisposable {
  private readonly slots: Slot[] = [];
  private readonly slotOf = new Map<string, Slot>();
  /** Replaced pages whose last calls are still running. */
  private readonly retiring = new Set<AgentPage>();
  private readonly options: AgentPoolOptions;
  private closed = false;
  private startedCount = 0;
  /** Pages replaced so far. */
  recycledPages = 0;
  /** Pages that crashed so far, in order. */
  readonly crashedPages: CrashedPage[] = [];
  private readonly outages = new RegistrationOutages();

  private constructor(options: AgentPoolOptions) {
    this.options = options;
  }

  static async start(options: AgentPoolOptions): Promise<AgentPool> {
    if (options.browsers.length === 0) throw new Error('an agent pool needs at least one browser');
    const pool = new AgentPool(options);
    try {
      const groups: PageAgentConfig[][] = [];
      for (let i = 0; i < options.agents.length; i += options.agentsPerPage) groups.push(options.agents.slice(i, i + options.agentsPerPage));
      await Promise.all(
        groups.map(async (agents, n) => {
          // Pages are dealt to browsers in turn, so every browser carries an even share of the agents.
          const browser = options.browsers[n % options.browsers.length] as AgentBrowser;
          const label = `page ${n + 1}`;
          const current = await AgentPage.open(pool.pageOptions(browser, agents, label));
          const slot: Slot = { browser, agents, label, current, generation: 0, retryAfter: 0 };
          pool.slots.push(slot);
          for (const agent of agents) pool.slotOf.set(agent.username, slot);
        }),
      );
      return pool;
    } catch (error) {
      await pool[Symbol.asyncDispose]();
      throw error;
    }
  }

  /** What every page of the pool is opened with: its agents, and where its events and crash go. */
  private pageOptions(browser: AgentBrowser, agents: readonly PageAgentConfig[], label: string): Parameters<typeof AgentPage.open>[0] {
    return {
      ...this.options,
      browser,
      agents,
      label,
      onAgentEvent: (event) => this.onAgentEvent(event),
      onCrash: (page, crash) => this.onCrash(page, crash),
    };
  }

  private onAgentEvent(event: AgentEvent): void {
    if (event.kind === 'call-progress') return;
    this.options.log(outageLine(this.outages.record(event)));
    this.options.onAgentEvent?.(event);
  }

  /**
   * A page crashed: its calls in progress have ended with the crash (see AgentPage.place). A page that
   * served its slot is replaced at once by a fresh one that registers the same agents, as an operator
   * reloads a crashed tab; their next calls wait for it. A page already being retired is just dropped.
   */
  private onCrash(page: AgentPage, crash: PageCrash): void {
    const record: CrashedPage = { label: page.label, browser: page.browserId, agents: page.agents.map((a) => a.username), crash, callsInFlight: page.inFlight };
    this.crashedPages.push(record);
    this.options.onPageCrash?.(record);
    this.options.log(`${crash.page} crashed (${crash.reason}) with ${page.inFlight} call(s) in progress; ${this.closed ? 'the run is ending' : `a fresh page takes over ${record.agents.join(', ')}`}`);
    if (this.retiring.delete(page)) {
      void page.close();
      return;
    }
    const slot = this.slots.find((s) => s.current === page);
    if (slot) this.takeOver(slot, record);
  }

  private takeOver(slot: Slot, record: CrashedPage): void {
    if (this.closed || slot.takeover) return;
    const crashed = slot.current;
    const generation = slot.generation + 1;
    slot.takeover = (async () => {
      // A recycling replacement under way may be the fresh page already.
      await slot.replacement;
      if (slot.current !== crashed) return;
      const fresh = await AgentPage.open(this.pageOptions(slot.browser, slot.agents, `${slot.label}.${generation}`));
      if (this.closed) return fresh.close();
      slot.current = fresh;
      slot.generation = generation;
      slot.takeoverError = undefined;
      record.takenOverAt = Date.now();
      this.options.log(`${fresh.label} took over ${record.agents.join(', ')} from ${record.label}, which crashed`);
    })()
      .catch((error: unknown) => {
        slot.takeoverError = error instanceof Error ? error.message : String(error);
        this.options.log(`${slot.label}: no fresh page could take over from the crashed one; its agents' calls are not placed until one can: ${slot.takeoverError}`);
      })
      .finally(() => {
        slot.takeover = undefined;
        void crashed.close();
      });
  }

  /** Agents unregistered right now (their WebSocket closed and they have not registered again). */
  get unregisteredAgents(): string[] {
    return this.outages.unregistered;
  }

  /** Every time an agent lost its registration during the run, and when it came back. */
  get registrationOutages(): readonly RegistrationOutage[] {
    return this.outages.all;
  }

  /** Calls in progress on the pool's pages. */
  get callsInFlight(): number {
    return this.slots.reduce((sum, slot) => sum + slot.current.inFlight, 0) + [...this.retiring].reduce((sum, page) => sum + page.inFlight, 0);
  }

  /** Calls started on the pool's pages so far, crashed and retired pages included. */
  get callsStarted(): number {
    return this.startedCount;
  }

  /**
   * Crashes the renderer of the page that serves `agent` (a fault for tests and fault injection; Chromium
   * only) and resolves once the crash was seen and handled like any other: the page's calls in progress
   * end as failed, naming the crash, and a fresh page takes its agents over.
   */
  async crashPage(agent: string): Promise<PageCrash> {
    const slot = this.slotOf.get(agent);
    if (!slot) throw new Error(`agent ${agent} is not in this pool`);
    return slot.current.crashRenderer();
  }

  get pageCount(): number {
    return this.slots.length;
  }

  /** Id of the browser the agent's page is in. */
  browserOf(agent: string): string {
    return this.slotOf.get(agent)?.browser.info.id ?? 'unknown';
  }

  /** What one of the pool's browsers said of itself (its exact version among it), by id. */
  browserInfo(id: string): BrowserInfo | undefined {
    return this.options.browsers.find((b) => b.info.id === id)?.info;
  }

  /** Places one call from an agent; resolves when the call has ended. */
  async place(agent: string, request: PageCallRequest): Promise<PlacedCall> {
    const slot = this.slotOf.get(agent);
    if (!slot) throw new Error(`agent ${agent} is not in this pool`);
    if (slot.current.crash) {
      if (!slot.takeover && performance.now() >= slot.retryAfter && slot.takeoverError !== undefined) {
        slot.retryAfter = performance.now() + REPLACEMENT_RETRY_PAUSE_MS;
        const record = this.crashedPages.findLast((c) => c.label === slot.current.label);
        if (record) this.takeOver(slot, record);
      }
      await slot.takeover;
      if (slot.current.crash) {
        throw new Error(`not placed: the page of ${agent} (${slot.current.label}) crashed and no fresh page could register its agents: ${slot.takeoverError ?? 'the run is ending'}`);
      }
    }
    const page = slot.current;
    this.startedCount++;
    if (page.callsStarted + 1 >= (this.options.recycleAfterCalls ?? DEFAULT_RECYCLE_AFTER_CALLS)) this.recycle(slot);
    return { browser: page.browserId, result: await page.place(agent, request) };
  }

  /** Hangs up the calls in progress of these agents, on whichever of their pages they run. */
  async abandon(agents: readonly string[]): Promise<void> {
    const pages = new Set<AgentPage>([...this.retiring]);
    for (const agent of agents) {
      const slot = this.slotOf.get(agent);
      if (slot) pages.add(slot.current);
    }
    await Promise.all([...pages].map((page) => page.abandon(agents.filter((a) => page.agents.some((c) => c.username === a)))));
  }

  /**
   * Prepares a fresh page for the slot's agents in the background and switches to it once they are
   * registered. One replacement at a time per browser: each loads a page and opens its agents'
   * WebSockets, which Chromium connects one at a time per host:port for the whole browser; a slot
   * that has to wait is tried again on its next call.
   */
  private recycle(slot: Slot): void {
    if (slot.replacement || this.closed || performance.now() < slot.retryAfter) return;
    if (this.slots.some((other) => other.replacement && other.browser === slot.browser)) return;
    const generation = slot.generation + 1;
    slot.replacement = AgentPage.open(this.pageOptions(slot.browser, slot.agents, `${slot.label}.${generation}`))
      .then(async (fresh) => {
        // A page that crashed meanwhile is closed by its takeover, which finds this fresh page in place.
        if (this.closed) return fresh.close();
        const old = slot.current;
        slot.current = fresh;
        slot.generation = generation;
        this.recycledPages++;
        this.retiring.add(old);
        void old
          .untilIdle()
          .then(() => old.close())
          .finally(() => this.retiring.delete(old));
      })
      .catch((error: unknown) => {
        // The old page goes on serving (its agents keep their contacts: see max_contacts in pjsip-endpoints.ts).
        slot.retryAfter = performance.now() + REPLACEMENT_RETRY_PAUSE_MS;
        this.options.log(
          `${slot.label}: could not prepare its replacement page, trying again in ${REPLACEMENT_RETRY_PAUSE_MS / 1000} s: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        slot.replacement = undefined;
      });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.flatMap((slot) => [slot.replacement, slot.takeover]));
    await Promise.all([...this.slots.map((slot) => slot.current.close()), ...[...this.retiring].map((page) => page.close())]);
  }
}
