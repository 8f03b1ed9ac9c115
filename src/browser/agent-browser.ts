import type { Browser } from 'puppeteer-core';
import type { BrowserInfo } from '../contracts/results.ts';

/**
 * A browser the agents run in: launched by callcheck on this machine, or one elsewhere that callcheck
 * connected to. Disposing it undoes what callcheck did: a launched browser is closed, a remote one is
 * only disconnected from (its pages are closed by the agent pool).
 */
export interface AgentBrowser extends AsyncDisposable {
  readonly browser: Browser;
  readonly info: BrowserInfo;
}
