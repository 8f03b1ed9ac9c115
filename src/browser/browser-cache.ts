import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserBuild } from '../contracts/browser-build.ts';
import { PACKAGE_ROOT, SETUP_COMMAND } from '../host/package-info.ts';
import { isExecutable } from '../host/executables.ts';
import { installedChrome, isUnreachable, puppeteerChrome, resolvedChrome, type ChromeForTesting, type InstalledChrome } from './chrome-for-testing.ts';
import { majorOf, newest, versionMatches, type BrowserEngine, type ResolvedBuild } from './resolved-build.ts';

/** One build of the cache's manifest.json, as scripts/provision-browsers.sh writes it. */
export interface CachedBuild {
  browser: BrowserEngine;
  /** Exact upstream version, e.g. `150.0.7871.100` or `140.12.0esr`. */
  version: string;
  debianVersion: string;
  /** Relative to the repository, or absolute when the cache was outside it. */
  executablePath: string;
}

export interface ResolveBuildOptions {
  /** The cache folder. Default: $CALLCHECK_BROWSER_CACHE, else `<repo>/.cache/browsers`. */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Base of the manifest's relative paths. Default: this checkout. */
  repoDir?: string;
  chrome?: ChromeForTesting;
}

const SETUP_HINT = `run ${SETUP_COMMAND} (scripts/provision-browsers.sh) to provision the cache`;
/** What a build label may be (browser-build.ts's BUILD_LABEL). */
const LABEL_CHARS = /[^a-z0-9.-]+/g;

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['CALLCHECK_BROWSER_CACHE'];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(PACKAGE_ROOT, '.cache', 'browsers');
}

/** The engine of a browser given by path: Firefox when its file name says so, else Chromium. */
export function engineOfPath(executablePath: string): BrowserEngine {
  return basename(executablePath).toLowerCase().includes('firefox') ? 'firefox' : 'chromium';
}

/** A label from a path: the cache folder it sits in (`chromium-150.0.7871.100`), else its file name. */
function labelOfPath(executablePath: string, cacheDir: string): string {
  const inCache = relative(cacheDir, executablePath);
  let name: string | undefined;
  if (inCache !== '' && !inCache.startsWith('..') && !isAbsolute(inCache)) name = inCache.split(sep)[0];
  // Outside the cache: a folder named like a cache build (`firefox-140.12.0esr`) among its parents.
  for (let dir = dirname(executablePath); name === undefined && dir !== dirname(dir); dir = dirname(dir)) {
    if (/^(chromium|firefox|chrome)-\d[\w.]*$/i.test(basename(dir))) name = basename(dir);
  }
  name ??= basename(executablePath);
  return name.toLowerCase().replace(LABEL_CHARS, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63) || 'browser';
}

function describeRequest(build: BrowserBuild): string {
  return `${build.browser} ${build.version ?? ''}`.trim();
}

/** Reads the cache's manifest; a missing or broken one is a prerequisite missing. */
export function readManifest(cacheDir: string): CachedBuild[] {
  const file = join(cacheDir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CallcheckError('PREREQUISITE_MISSING', `the browser cache has no manifest (${file} is missing): no provisioned build can be found`, { cause, hint: SETUP_HINT });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CallcheckError('PREREQUISITE_MISSING', `the browser cache's manifest ${file} is not valid JSON`, { cause, hint: SETUP_HINT });
  }
  const valid = (e: unknown): e is CachedBuild => {
    const o = e as Partial<CachedBuild> | null;
    return typeof o === 'object' && o !== null && (o.browser === 'chromium' || o.browser === 'firefox') && typeof o.version === 'string' && typeof o.executablePath === 'string';
  };
  if (!Array.isArray(parsed) || !parsed.every(valid)) {
    throw new CallcheckError('PREREQUISITE_MISSING', `the browser cache's manifest ${file} is not a list of { browser, version, debianVersion, executablePath }`, { hint: SETUP_HINT });
  }
  return parsed;
}

function fromCache(build: BrowserBuild & { browser: BrowserEngine; version: string }, cacheDir: string, repoDir: string): ResolvedBuild {
  const manifest = readManifest(cacheDir);
  const found = newest(manifest.filter((b) => b.browser === build.browser && versionMatches(b.version, build.version)));
  if (!found) {
    const held = manifest.map((b) => `${b.browser} ${b.version}`).join(', ') || 'nothing';
    throw new CallcheckError('PREREQUISITE_MISSING', `no ${describeRequest(build)} build in the browser cache ${cacheDir} (it holds: ${held})`, {
      hint: `${SETUP_HINT}, or ask for one of the versions it holds`,
    });
  }
  const executablePath = isAbsolute(found.executablePath) ? found.executablePath : join(repoDir, found.executablePath);
  if (!isExecutable(executablePath)) {
    throw new CallcheckError('PREREQUISITE_MISSING', `the browser cache lists ${found.browser} ${found.version} at ${executablePath}, but that is not an executable file`, { hint: SETUP_HINT });
  }
  return { label: build.label ?? `${build.browser}-${majorOf(found.version)}`, engine: build.browser, executablePath, args: [...build.args], version: found.version };
}

/**
 * Finds the executable of a build request, reading only the disk (never the network):
 * - by path: it must be executable; the engine is the one given, else guessed from the file name;
 * - `chromium`/`firefox` + version: the newest matching build of the provisioned cache's manifest;
 * - `chrome` + version or channel: a Chrome for Testing build already installed in `<cache>/chrome-for-testing`
 *   (see {@link ensureBuild}, which downloads one that is not).
 */
export function resolveBuild(build: BrowserBuild, options: ResolveBuildOptions = {}): ResolvedBuild {
  const env = options.env ?? process.env;
  const cacheDir = options.cacheDir ?? defaultCacheDir(env);
  if (build.executablePath !== undefined) {
    const executablePath = resolve(build.executablePath);
    if (!isExecutable(executablePath)) {
      throw new CallcheckError('PREREQUISITE_MISSING', `browser build ${build.label ?? build.executablePath}: ${executablePath} is not an executable file`, {
        hint: `point executablePath at an installed browser, or use a provisioned build ({ browser: 'chromium', version: '150' }; ${SETUP_HINT})`,
      });
    }
    return { label: build.label ?? labelOfPath(executablePath, cacheDir), engine: build.engine ?? engineOfPath(executablePath), executablePath, args: [...build.args] };
  }
  const { browser, version } = build;
  if (browser === undefined || version === undefined) {
    throw new CallcheckError('INVALID_SCENARIO', 'a browser build needs an executablePath, or a browser with a version', { hint: "e.g. { browser: 'chromium', version: '150' }" });
  }
  if (browser === 'chrome') {
    const dir = join(cacheDir, 'chrome-for-testing');
    const found = installedChrome(options.chrome ?? puppeteerChrome, dir, version);
    if (!found) {
      throw new CallcheckError('PREREQUISITE_MISSING', `Chrome for Testing ${version} is not installed in ${dir}`, {
        hint: "let callcheck download it where Google's storage is reachable (ensureBuild), or use browser: 'chromium' builds from the cache or an executablePath",
      });
    }
    return resolvedChrome(build, version, found);
  }
  return fromCache({ ...build, browser, version }, cacheDir, options.repoDir ?? PACKAGE_ROOT);
}

/**
 * {@link resolveBuild}, but a Chrome for Testing build that is not installed yet is downloaded first (through
 * @puppeteer/browsers, from Google's storage). Where that storage cannot be reached, the error says so and
 * what to use instead.
 */
export async function ensureBuild(build: BrowserBuild, options: ResolveBuildOptions = {}): Promise<ResolvedBuild> {
  if (build.browser !== 'chrome' || build.version === undefined) return resolveBuild(build, options);
  const chrome = options.chrome ?? puppeteerChrome;
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
  const dir = join(cacheDir, 'chrome-for-testing');
  const asked = build.version;
  const present = installedChrome(chrome, dir, asked);
  if (present) return resolvedChrome(build, asked, present);
  let installed: InstalledChrome;
  try {
    installed = await chrome.install(dir, asked);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    const alternatives = `use browser: 'chromium' builds from the cache (${SETUP_COMMAND} provisions Debian's Chromium builds) or give the build an executablePath`;
    if (isUnreachable(cause)) {
      throw new CallcheckError('PREREQUISITE_MISSING', `Chrome for Testing ${asked} could not be downloaded: this machine cannot reach Google's storage (${why})`, { cause, hint: alternatives });
    }
    throw new CallcheckError('PREREQUISITE_MISSING', `Chrome for Testing ${asked} could not be installed into ${dir}: ${why}`, { cause, hint: `check the version or channel asked for; or ${alternatives}` });
  }
  return resolvedChrome(build, asked, installed);
}

