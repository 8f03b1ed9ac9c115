import type { Browser, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentBrowser } from './agent-browser.ts';
import { AgentPool, REPLACEMENT_RETRY_PAUSE_MS } from './agent-pool.ts';
import type { AgentPoolOptions } from './agent-pool-options.ts';
import type { AgentEvent, PageAgentConfig, PageCallResult } from './page/page-api.ts';

/** A fake page as the test sees it: its calls, and handles to crash it or speak for its agents. */
interface FakePageState {
  closed: boolean;
  calls: string[];
  /** Calls never end on their own (they stay in flight until the page crashes). */
  hang: boolean;
  /** Emits a Puppeteer page event ('error' is a crash). */
  emit: (event: string, value: unknown) => void;
  /** What the page's agents would report through window.callcheckAgentEvent. */
  report: (event: AgentEvent) => void;
}

/** What a fake page does when asked to register its agents. */
type Registration = 'ok' | 'fail' | Promise<void>;

/** A stand-in for Chromium: pages that register (or fail to) as scripted, and answer every call at once. */
class FakeBrowser {
  readonly opened: FakePageState[] = [];
  readonly registrations: Registration[] = [];

  agentBrowser(id: string): AgentBrowser {
    const browser = { newPage: async () => this.newPage() } as unknown as Browser;
    return { browser, info: { id } as AgentBrowser['info'], [Symbol.asyncDispose]: async () => undefined };
  }

  private newPage(): Page {
    const handlers = new Map<string, (value: unknown) => void>();
    const state: FakePageState = {
      closed: false,
      calls: [],
      hang: false,
      emit: (event, value) => handlers.get(event)?.(value),
      report: () => undefined,
    };
    this.opened.push(state);
    const registration = this.registrations.shift() ?? 'ok';
    const page = {
      on: (event: string, handler: (value: unknown) => void) => {
        handlers.set(event, handler);
        return page;
      },
      exposeFunction: async (_name: string, fn: (event: AgentEvent) => void) => {
        state.report = fn;
      },
      goto: async () => null,
      waitForFunction: async () => null,
      isClosed: () => state.closed,
      close: async () => {
        state.closed = true;
      },
      evaluate: async (_fn: unknown, ...args: unknown[]) => {
        if (Array.isArray(args[0]) && typeof args[1] === 'number') {
          if (registration === 'fail') throw new Error('agent001: no WebSocket after 5002 ms: WebSocket closed ws://127.0.0.1:1/ws (code: 1006)');
          if (registration !== 'ok') await registration;
          return undefined;
        }
        if (typeof args[0] === 'string') {
          state.calls.push(args[0]);
          if (state.hang) return new Promise(() => undefined);
          return { outcome: 'answered' } as PageCallResult;
        }
        return undefined;
      },
    };
    return page as unknown as Page;
  }
}

const agents = (from: number, count: number): PageAgentConfig[] =>
  Array.from({ length: count }, (_, i) => ({
    username: `agent${String(from + i).padStart(3, '0')}`,
    password: 'pw',
    wsUrl: 'ws://127.0.0.1:1/ws',
    domain: '127.0.0.1',
    iceGatheringTimeoutMs: 1000,
  }));

const request = (callIndex: number) => ({ callIndex, dialed: '1000001', headerLines: [], talkTimeMs: 0, timeoutMs: 1000 });

/** Lets the background replacement's promise chain run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('AgentPool page recycling', () => {
  it('keeps serving from the old page when a replacement fails, and tries again only after a pause', async () => {
    let clock = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const fake = new FakeBrowser();
    fake.registrations.push('ok', 'fail');
    const lines: string[] = [];
    await using pool = await AgentPool.start({
      browsers: [fake.agentBrowser('b1')],
      pageUrl: 'http://127.0.0.1:1/',
      agents: agents(1, 2),
      agentsPerPage: 2,
      recycleAfterCalls: 2,
      registerTimeoutMs: 1000,
      pageTimeoutMs: 1000,
      log: (line) => lines.push(line),
    });
    await pool.place('agent001', request(0));
    await pool.place('agent001', request(1)); // the 2nd call starts the replacement, which fails
    await settle();
    expect(lines).toEqual([expect.stringContaining(`page 1: could not prepare its replacement page, trying again in ${REPLACEMENT_RETRY_PAUSE_MS / 1000} s`)]);
    expect(fake.opened).toHaveLength(2);
    expect(fake.opened[1]?.closed).toBe(true);

    // Within the pause, calls stay on the old page and no page is opened.
    clock += REPLACEMENT_RETRY_PAUSE_MS - 1;
    await pool.place('agent002', request(2));
    await settle();
    expect(fake.opened).toHaveLength(2);
    expect(fake.opened[0]?.calls).toEqual(['agent001', 'agent001', 'agent002']);

    // After it, the next call tries again; this time the fresh page takes over and the old one closes.
    clock += 1;
    await pool.place('agent002', request(3));
    await settle();
    expect(fake.opened).toHaveLength(3);
    expect(pool.recycledPages).toBe(1);
    expect(fake.opened[0]?.closed).toBe(true);
    await pool.place('agent001', request(4));
    expect(fake.opened[2]?.calls).toEqual(['agent001']);
  });

  it('prepares one replacement at a time per browser', async () => {
    const fake = new FakeBrowser();
    let registered = () => {};
    const slow = new Promise<void>((resolve) => {
      registered = resolve;
    });
    fake.registrations.push('ok', 'ok', slow, 'ok');
    await using pool = await AgentPool.start({
      browsers: [fake.agentBrowser('b1')],
      pageUrl: 'http://127.0.0.1:1/',
      agents: agents(1, 2),
      agentsPerPage: 1,
      recycleAfterCalls: 1,
      registerTimeoutMs: 1000,
      pageTimeoutMs: 1000,
      log: () => undefined,
    });
    await pool.place('agent001', request(0)); // page 1's replacement starts and waits on `slow`
    await pool.place('agent002', request(1)); // page 2 is due too, but waits its turn
    await settle();
    expect(fake.opened).toHaveLength(3);
    registered();
    await settle();
    expect(pool.recycledPages).toBe(1);
    await pool.place('agent002', request(2)); // now page 2's replacement starts
    await settle();
    expect(fake.opened).toHaveLength(4);
    expect(pool.recycledPages).toBe(2);
  });
});

describe('AgentPool crashes and registrations', () => {
  const start = (fake: FakeBrowser, count: number, lines: string[], extra: Partial<AgentPoolOptions> = {}) =>
    AgentPool.start({
      browsers: [fake.agentBrowser('b1')],
      pageUrl: 'http://127.0.0.1:1/',
      agents: agents(1, count),
      agentsPerPage: 1,
      registerTimeoutMs: 1000,
      pageTimeoutMs: 1000,
      log: (line) => lines.push(line),
      ...extra,
    });

  it("ends the call in flight on a crashed page with the crash and what the page reported, and gives the agent's next calls to a fresh page", async () => {
    const fake = new FakeBrowser();
    const lines: string[] = [];
    await using pool = await start(fake, 2, lines);
    const [page1, page2] = fake.opened;
    page1!.hang = true;
    const inFlight = pool.place('agent001', request(5));
    expect(pool.callsInFlight).toBe(1);
    page1!.report({ kind: 'call-progress', agent: 'agent001', callIndex: 5, sipCallId: 'c5@callcheck', stamp: 'inviteSent', at: 111 });
    page1!.report({ kind: 'call-progress', agent: 'agent001', callIndex: 4, sipCallId: 'old', stamp: 'answered', at: 99 }); // another call's: ignored
    page1!.emit('error', new Error('Page crashed!'));
    const { browser, result } = await inFlight;
    expect(browser).toBe('b1');
    expect(result).toMatchObject({ outcome: 'failed', sipCallId: 'c5@callcheck', timeline: { inviteSent: 111 } });
    expect(result.timeline.answered).toBeUndefined();
    expect(result.error).toMatch(/^the browser page crashed during the call \(after its INVITE\), .* page 1 in b1: Page crashed!$/);
    await settle();
    expect(fake.opened).toHaveLength(3);
    expect(page1!.closed).toBe(true);
    expect(pool.crashedPages).toEqual([expect.objectContaining({ label: 'page 1', agents: ['agent001'], callsInFlight: 1, takenOverAt: expect.any(Number) })]);
    expect(lines).toEqual([
      'page 1 in b1 crashed (Page crashed!) with 1 call(s) in progress; a fresh page takes over agent001',
      'page 1.1 took over agent001 from page 1, which crashed',
    ]);
    await pool.place('agent001', request(6));
    await pool.place('agent002', request(7));
    expect(fake.opened[2]?.calls).toEqual(['agent001']);
    expect(page2!.calls).toEqual(['agent002']);
    expect(pool.callsStarted).toBe(3);
    expect(pool.callsInFlight).toBe(0);
  });

  it('reports the calls of a crashed page as not placed while no fresh page can register its agents', async () => {
    const fake = new FakeBrowser();
    fake.registrations.push('ok', 'fail');
    const lines: string[] = [];
    await using pool = await start(fake, 1, lines);
    fake.opened[0]!.emit('error', new Error('Page crashed!'));
    await expect(pool.place('agent001', request(0))).rejects.toThrow(
      /^not placed: the page of agent001 \(page 1\) crashed and no fresh page could register its agents: agents agent001\.\.agent001 did not all register/,
    );
    expect(lines[1]).toMatch(/^page 1: no fresh page could take over from the crashed one; its agents' calls are not placed until one can: /);
    expect(pool.crashedPages[0]?.takenOverAt).toBeUndefined();
  });

  it('logs and keeps every registration lost and regained', async () => {
    const fake = new FakeBrowser();
    const lines: string[] = [];
    const events: AgentEvent[] = [];
    await using pool = await start(fake, 2, lines, { agentsPerPage: 2, onAgentEvent: (event) => events.push(event) });
    const page = fake.opened[0]!;
    page.report({ kind: 'registration-lost', agent: 'agent001', at: 1000, reason: 'WebSocket closed (code: 1006)' });
    page.report({ kind: 'registration-lost', agent: 'agent002', at: 1001, reason: 'WebSocket closed (code: 1006)' });
    expect(pool.unregisteredAgents).toEqual(['agent001', 'agent002']);
    page.report({ kind: 're-registered', agent: 'agent002', at: 4201, lostAt: 1001, attempts: 3 });
    expect(pool.unregisteredAgents).toEqual(['agent001']);
    expect(lines).toEqual([
      'agent001 lost its registration (WebSocket closed (code: 1006)); reconnecting',
      'agent002 lost its registration (WebSocket closed (code: 1006)); reconnecting',
      'agent002 re-registered after 3.2 s (3 attempts)',
    ]);
    expect(events.map((e) => e.kind)).toEqual(['registration-lost', 'registration-lost', 're-registered']);
    expect(pool.registrationOutages).toHaveLength(2);
  });
});
