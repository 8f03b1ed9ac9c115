import type { Browser, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentBrowser } from './agent-browser.ts';
import { AgentPool, REPLACEMENT_RETRY_PAUSE_MS } from './agent-pool.ts';
import type { PageAgentConfig, PageCallResult } from './page/page-api.ts';

/** What a fake page does when asked to register its agents. */
type Registration = 'ok' | 'fail' | Promise<void>;

/** A stand-in for Chromium: pages that register (or fail to) as scripted, and answer every call at once. */
class FakeBrowser {
  readonly opened: { closed: boolean; calls: string[] }[] = [];
  readonly registrations: Registration[] = [];

  agentBrowser(id: string): AgentBrowser {
    const browser = { newPage: async () => this.newPage() } as unknown as Browser;
    return { browser, info: { id } as AgentBrowser['info'], [Symbol.asyncDispose]: async () => undefined };
  }

  private newPage(): Page {
    const state = { closed: false, calls: [] as string[] };
    this.opened.push(state);
    const registration = this.registrations.shift() ?? 'ok';
    const page = {
      on: () => page,
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
