import { Browser as PuppeteerBrowser, Cache, detectBrowserPlatform, install, resolveBuildId } from '@puppeteer/browsers';
import type { BrowserBuild } from '../contracts/browser-build.ts';
import { CallcheckError } from '../contracts/errors.ts';
import { isExecutable } from '../host/executables.ts';
import { majorOf, newest, versionMatches, type ResolvedBuild } from './resolved-build.ts';

/** A Chrome for Testing build installed in a folder. */
export interface InstalledChrome {
  buildId: string;
  executablePath: string;
  /** Channels it was installed as (`stable`, ...), so a channel resolves without the network. */
  aliases: string[];
}

/**
 * Chrome for Testing, behind an interface so tests need no network: `installed` only reads the disk,
 * `install` downloads from Google's storage.
 */
export interface ChromeForTesting {
  installed(dir: string): InstalledChrome[];
  /** Resolves a version or channel to a build and installs it into `dir`. */
  install(dir: string, versionOrChannel: string): Promise<InstalledChrome>;
}

export const CHANNELS = ['stable', 'beta', 'dev', 'canary'];

/** The Chrome for Testing build already in `dir` that a version or channel asks for. */
export function installedChrome(chrome: ChromeForTesting, dir: string, asked: string): InstalledChrome | undefined {
  const installed = chrome.installed(dir);
  if (CHANNELS.includes(asked)) return installed.find((b) => b.aliases.includes(asked));
  const matching = installed.filter((b) => versionMatches(b.buildId, asked)).map((b) => ({ ...b, version: b.buildId }));
  return newest(matching);
}

function chromeLabel(build: BrowserBuild, asked: string): string {
  return build.label ?? `chrome-${CHANNELS.includes(asked) ? asked : majorOf(asked)}`;
}

export function resolvedChrome(build: BrowserBuild, asked: string, found: InstalledChrome): ResolvedBuild {
  if (!isExecutable(found.executablePath)) {
    throw new CallcheckError('PREREQUISITE_MISSING', `Chrome for Testing ${found.buildId} is listed in its cache but ${found.executablePath} is not an executable file`, {
      hint: 'delete that folder and let callcheck install it again, or use browser: \'chromium\' builds from the cache',
    });
  }
  return { label: chromeLabel(build, asked), engine: 'chromium', executablePath: found.executablePath, args: [...build.args], version: found.buildId };
}

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether an error, or one of its causes, is the network being out of reach. */
export function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && OFFLINE_CODES.has(code)) return true;
    if (e instanceof Error && /getaddrinfo|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|fetch failed|socket hang up/i.test(e.message)) return true;
  }
  return false;
}

/** Chrome for Testing through @puppeteer/browsers (a dependency of puppeteer-core). */
export const puppeteerChrome: ChromeForTesting = {
  installed(dir) {
    const cache = new Cache(dir);
    let aliases: Record<string, string> = {};
    let browsers;
    try {
      aliases = cache.readMetadata(PuppeteerBrowser.CHROME).aliases;
      browsers = cache.getInstalledBrowsers();
    } catch {
      // No folder yet: nothing installed.
      return [];
    }
    return browsers
      .filter((b) => b.browser === PuppeteerBrowser.CHROME)
      .map((b) => ({ buildId: b.buildId, executablePath: b.executablePath, aliases: Object.keys(aliases).filter((alias) => aliases[alias] === b.buildId) }));
  },
  async install(dir, versionOrChannel) {
    const platform = detectBrowserPlatform();
    if (!platform) throw new Error(`Chrome for Testing has no build for this platform (${process.platform} ${process.arch})`);
    // A channel or a major is looked up in Google's version lists; that is the first request to leave the machine.
    const buildId = await resolveBuildId(PuppeteerBrowser.CHROME, platform, versionOrChannel);
    const isChannel = CHANNELS.includes(versionOrChannel);
    const browser = await install({ browser: PuppeteerBrowser.CHROME, buildId, cacheDir: dir, platform, ...(isChannel ? { buildIdAlias: versionOrChannel } : {}) });
    return { buildId: browser.buildId, executablePath: browser.executablePath, aliases: isChannel ? [versionOrChannel] : [] };
  },
};
