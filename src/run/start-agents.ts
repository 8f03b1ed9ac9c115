import type { AgentBrowser } from '../browser/agent-browser.ts';
import { AgentPageServer } from '../browser/agent-page-server.ts';
import { AgentPool } from '../browser/agent-pool.ts';
import { engineOfPath } from '../browser/browser-cache.ts';
import type { ResolvedBuild } from '../browser/resolved-build.ts';
import { resolveBrowserExecutable } from '../browser/browser-executable.ts';
import type { CrashedPage } from '../browser/agent-pool-options.ts';
import { LaunchedBrowser } from '../browser/launched-browser.ts';
import { bundleAgentPage } from '../browser/page-bundle.ts';
import type { AgentEvent } from '../browser/page/page-api.ts';
import { RemoteBrowser } from '../browser/remote-browser.ts';
import type { BrowserInfo } from '../contracts/results.ts';
import type { Scenario } from '../contracts/scenario.ts';
import type { AgentCredentials } from '../contracts/pbx.ts';

/**
 * Upper bound on ICE gathering before the INVITE goes. Gathering normally ends far earlier, as soon as the
 * loopback candidate is there (see SipCall); this only bounds a browser that never offers one. At 500 ms,
 * a burst of 25 dials/s on two cores saw calls give up before their loopback candidate arrived (1.2 s).
 */
const ICE_GATHERING_TIMEOUT_MS = 5000;

export interface StartAgentsOptions {
  scenario: Scenario;
  agents: readonly AgentCredentials[];
  wsUrl: string;
  /** SIP domain of the agents' AORs. Default `127.0.0.1`, callcheck's own Asterisk. */
  sipDomain?: string;
  /** What to try when an agent does not register. Default: read the Asterisk log kept in the run directory. */
  registerHint?: string;
  /** Limit for one call from click to end, in ms: every call is one page.evaluate that must be let finish. */
  callTimeoutMs: number;
  /** Everything started here is registered on it, in start order, so it is stopped in reverse. */
  resources: AsyncDisposableStack;
  log: (line: string) => void;
  /** Put before every browser id, e.g. `shard2-`, so the browsers of a split run's shards stay apart. */
  idPrefix?: string;
  /**
   * The browser-matrix build to launch instead of the scenario's browser: its executable, engine and
   * flags; its label names its browsers (`chromium-150`, `chromium-150-2`, ...) and goes in their info.
   */
  build?: ResolvedBuild;
  /** Called once the browsers run and before any agent page opens (the benchmark reads their memory there). */
  beforeAgents?: (browsers: readonly AgentBrowser[]) => Promise<void>;
  /** Told of every registration change of an agent during the run (lost, and back); the pool logs each one too. */
  onAgentEvent?: (event: AgentEvent) => void;
  /** Told of every page of the agents that crashes, as the pool sees it (see AgentPool's onPageCrash). */
  onPageCrash?: (crashed: CrashedPage) => void;
}

export interface StartedAgents {
  pool: AgentPool;
  browsers: BrowserInfo[];
  /** The browsers themselves, in the order of `browsers`. */
  started: readonly AgentBrowser[];
}

/**
 * The agents' side of a run: the page server, the browsers (launched here, or remote ones connected to),
 * and every agent registered in its page, before the first dial.
 */
export async function startAgents(options: StartAgentsOptions): Promise<StartedAgents> {
  const { scenario, resources, log } = options;
  const server = resources.use(await AgentPageServer.start(await bundleAgentPage()));
  const timeouts = scenario.timeouts;
  const protocolTimeoutMs = Math.max(options.callTimeoutMs, timeouts.registerMs, timeouts.browserStartMs) + 30_000;
  const browsers: AgentBrowser[] = [];
  if (scenario.browser.endpoints.length > 0) {
    for (const [i, endpoint] of scenario.browser.endpoints.entries()) {
      const { url, protocol } = typeof endpoint === 'string' ? { url: endpoint, protocol: 'cdp' as const } : endpoint;
      const browser = resources.use(await RemoteBrowser.connect({ id: `${options.idPrefix ?? ''}browser-${i + 1}`, endpoint: url, protocol, timeoutMs: timeouts.browserStartMs, protocolTimeoutMs }));
      log(`${options.idPrefix ?? ''}browser-${i + 1}: connected to ${browser.info.name} ${browser.info.version} at ${url} (${protocol})`);
      browsers.push(browser);
    }
  } else {
    const { build } = options;
    const executablePath = build?.executablePath ?? resolveBrowserExecutable(scenario.browser.executablePath);
    const count = scenario.browser.count;
    // Launched one after another: a cold start of several at once only makes each slower.
    for (let i = 0; i < count; i++) {
      const id = build ? `${options.idPrefix ?? ''}${build.label}${count > 1 ? `-${i + 1}` : ''}` : `${options.idPrefix ?? ''}browser-${i + 1}`;
      const browser = resources.use(
        await LaunchedBrowser.launch({
          id,
          executablePath,
          // A matrix build knows its engine; a scenario's executablePath is guessed from its file name (firefox or not).
          engine: build?.engine ?? engineOfPath(executablePath),
          headless: scenario.browser.headless,
          extraArgs: [...scenario.browser.args, ...(build?.args ?? [])],
          timeoutMs: timeouts.browserStartMs,
          protocolTimeoutMs,
        }),
      );
      if (build) browser.info.build = build.label;
      log(`${id}: ${browser.info.name} ${browser.info.version} (${executablePath})`);
      browsers.push(browser);
    }
  }
  await options.beforeAgents?.(browsers);
  const pool = resources.use(
    await AgentPool.start({
      browsers,
      pageUrl: server.url,
      agents: options.agents.map((a) => ({ ...a, wsUrl: options.wsUrl, domain: options.sipDomain ?? '127.0.0.1', iceGatheringTimeoutMs: ICE_GATHERING_TIMEOUT_MS })),
      agentsPerPage: scenario.agentsPerPage,
      recycleAfterCalls: scenario.browser.recyclePageAfterCalls,
      registerTimeoutMs: timeouts.registerMs,
      pageTimeoutMs: timeouts.browserStartMs,
      ...(options.registerHint === undefined ? {} : { registerHint: options.registerHint }),
      ...(options.onAgentEvent === undefined ? {} : { onAgentEvent: options.onAgentEvent }),
      ...(options.onPageCrash === undefined ? {} : { onPageCrash: options.onPageCrash }),
      log,
    }),
  );
  log(`${options.agents.length} agents registered in ${pool.pageCount} page(s) of ${browsers.length} browser(s)`);
  return { pool, browsers: browsers.map((b) => b.info), started: browsers };
}
