import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../tests/support/callcheck-error.ts';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserBuild } from '../contracts/browser-build.ts';
import { ensureBuild, engineOfPath, resolveBuild } from './browser-cache.ts';
import type { ChromeForTesting, InstalledChrome } from './chrome-for-testing.ts';
import { versionMatches } from './resolved-build.ts';

const dir = useTempDir('browser-cache');

/** An executable file (an empty script) at `path`, its folders made. */
async function executable(path: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
  return path;
}

const build = (b: Partial<BrowserBuild>): BrowserBuild => ({ args: [], ...b }) as BrowserBuild;

/** A cache laid out as scripts/provision-browsers.sh lays it out, with paths relative to `repo`. */
async function provisionedCache(): Promise<{ repo: string; cacheDir: string }> {
  const repo = dir();
  const cacheDir = join(repo, '.cache', 'browsers');
  const entries = [
    ['chromium', '150.0.7871.100', 'usr/lib/chromium/chromium'],
    ['chromium', '156.0.8078.108', 'usr/lib/chromium/chromium'],
    ['chromium', '156.0.8078.97', 'usr/lib/chromium/chromium'],
    ['firefox', '140.12.0esr', 'usr/lib/firefox-esr/firefox-esr'],
    ['firefox', '153.7.0esr', 'usr/lib/firefox-esr/firefox-esr'],
  ] as const;
  const manifest = [];
  for (const [browser, version, exe] of entries) {
    const rel = join('.cache', 'browsers', `${browser}-${version}`, exe);
    await executable(join(repo, rel));
    manifest.push({ browser, version, debianVersion: `${version}-1~deb12u1`, executablePath: rel });
  }
  await writeFile(join(cacheDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { repo, cacheDir };
}

describe('resolveBuild from the provisioned cache', () => {
  it('finds a major, labelled <browser>-<major>', async () => {
    const { repo, cacheDir } = await provisionedCache();
    expect(resolveBuild(build({ browser: 'chromium', version: '150', args: ['--foo'] }), { cacheDir, repoDir: repo })).toEqual({
      label: 'chromium-150',
      engine: 'chromium',
      executablePath: join(repo, '.cache/browsers/chromium-150.0.7871.100/usr/lib/chromium/chromium'),
      args: ['--foo'],
      version: '150.0.7871.100',
    });
    const firefox = resolveBuild(build({ browser: 'firefox', version: '140' }), { cacheDir, repoDir: repo });
    expect(firefox).toMatchObject({ label: 'firefox-140', engine: 'firefox', version: '140.12.0esr' });
    expect(firefox.executablePath).toBe(join(repo, '.cache/browsers/firefox-140.12.0esr/usr/lib/firefox-esr/firefox-esr'));
  });

  it('takes the newest of several matches, numerically', async () => {
    const { repo, cacheDir } = await provisionedCache();
    // 156.0.8078.108 is newer than 156.0.8078.97, though it sorts before it as text.
    expect(resolveBuild(build({ browser: 'chromium', version: '156' }), { cacheDir, repoDir: repo }).version).toBe('156.0.8078.108');
    expect(resolveBuild(build({ browser: 'chromium', version: '156.0' }), { cacheDir, repoDir: repo }).version).toBe('156.0.8078.108');
  });

  it('matches a prefix or the exact version, with or without esr', async () => {
    const { repo, cacheDir } = await provisionedCache();
    for (const version of ['140.12', '140.12.0', '140.12.0esr']) {
      expect(resolveBuild(build({ browser: 'firefox', version }), { cacheDir, repoDir: repo }).version).toBe('140.12.0esr');
    }
    expect(resolveBuild(build({ browser: 'chromium', version: '156.0.8078.97' }), { cacheDir, repoDir: repo }).version).toBe('156.0.8078.97');
    expect(resolveBuild(build({ browser: 'firefox', version: '153', label: 'ff-new' }), { cacheDir, repoDir: repo }).label).toBe('ff-new');
  });

  it('names the request, what the cache holds and the setup command when nothing matches', async () => {
    const { repo, cacheDir } = await provisionedCache();
    const error = (() => {
      try {
        resolveBuild(build({ browser: 'chromium', version: '15' }), { cacheDir, repoDir: repo });
      } catch (e) {
        return e as CallcheckError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(CallcheckError);
    expect(error.code).toBe('PREREQUISITE_MISSING');
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('no chromium 15 build');
    expect(error.message).toContain('chromium 150.0.7871.100, chromium 156.0.8078.108, chromium 156.0.8078.97, firefox 140.12.0esr, firefox 153.7.0esr');
    expect(error.hint).toContain('run npm run setup (scripts/provision-browsers.sh)');
  });

  it('says the cache is not provisioned when its manifest is missing', () => {
    expect(() => resolveBuild(build({ browser: 'firefox', version: '140' }), { cacheDir: join(dir(), 'nothing') })).toThrow(/no manifest.*manifest\.json is missing/);
  });

  it('refuses a manifest entry whose executable is gone', async () => {
    const { repo, cacheDir } = await provisionedCache();
    await writeFile(join(cacheDir, 'manifest.json'), JSON.stringify([{ browser: 'firefox', version: '140.1.0esr', debianVersion: 'x', executablePath: 'gone/firefox-esr' }]));
    expect(() => resolveBuild(build({ browser: 'firefox', version: '140' }), { cacheDir, repoDir: repo })).toThrow(/lists firefox 140\.1\.0esr at .*gone\/firefox-esr, but that is not an executable file/);
  });

  it('takes the cache folder from CALLCHECK_BROWSER_CACHE', async () => {
    const { repo, cacheDir } = await provisionedCache();
    expect(resolveBuild(build({ browser: 'chromium', version: '150' }), { env: { CALLCHECK_BROWSER_CACHE: cacheDir }, repoDir: repo }).label).toBe('chromium-150');
  });
});

describe('resolveBuild by path', () => {
  it('labels a cached build by its folder, and guesses the engine from the file name', async () => {
    const { repo, cacheDir } = await provisionedCache();
    const path = join(repo, '.cache/browsers/firefox-153.7.0esr/usr/lib/firefox-esr/firefox-esr');
    expect(resolveBuild(build({ executablePath: path }), { cacheDir })).toEqual({ label: 'firefox-153.7.0esr', engine: 'firefox', executablePath: path, args: [] });
    // Outside the cache folder too, a folder named like a cache build names it.
    expect(resolveBuild(build({ executablePath: path }), { cacheDir: join(repo, 'elsewhere') }).label).toBe('firefox-153.7.0esr');
  });

  it('labels any other executable by its file name; an engine given wins', async () => {
    const path = await executable(join(dir(), 'opt', 'Chrome_Beta'));
    const cacheDir = join(dir(), 'cache');
    expect(resolveBuild(build({ executablePath: path }), { cacheDir })).toMatchObject({ label: 'chrome-beta', engine: 'chromium' });
    expect(resolveBuild(build({ executablePath: path, engine: 'firefox', label: 'mine' }), { cacheDir })).toMatchObject({ label: 'mine', engine: 'firefox' });
  });

  it('refuses a path that is not executable', async () => {
    const path = join(dir(), 'firefox');
    await writeFile(path, 'not executable');
    expect(() => resolveBuild(build({ executablePath: path }), { cacheDir: dir() })).toThrow(`${path} is not an executable file`);
  });

  it('engineOfPath: firefox when the file name says so', () => {
    expect(engineOfPath('/x/usr/lib/firefox-esr/firefox-esr')).toBe('firefox');
    expect(engineOfPath('/opt/Firefox/FIREFOX')).toBe('firefox');
    expect(engineOfPath('/firefox/chromium')).toBe('chromium');
  });
});

describe('versionMatches', () => {
  it('matches majors and prefixes on dot boundaries only', () => {
    expect(versionMatches('150.0.7871.100', '150')).toBe(true);
    expect(versionMatches('150.0.7871.100', '15')).toBe(false);
    expect(versionMatches('150.0.7871.100', '150.0.7871.10')).toBe(false);
    expect(versionMatches('140.12.0esr', '140.12.0')).toBe(true);
  });
});

/** Chrome for Testing without the network: what is "installed", and an install that does what it is told. */
function fakeChrome(installed: InstalledChrome[], install: (dir: string, v: string) => Promise<InstalledChrome>): ChromeForTesting & { installs: string[] } {
  const installs: string[] = [];
  return {
    installs,
    installed: () => installed,
    install: async (d, v) => {
      installs.push(`${d} ${v}`);
      return install(d, v);
    },
  };
}

describe('Chrome for Testing', () => {
  it('reuses a build already installed, by version or by channel, without installing', async () => {
    const exe = await executable(join(dir(), 'chrome-for-testing', 'chrome', 'linux64-150.0.7871.90', 'chrome-linux64', 'chrome'));
    const chrome = fakeChrome([{ buildId: '150.0.7871.90', executablePath: exe, aliases: ['stable'] }], () => Promise.reject(new Error('no network in tests')));
    expect(await ensureBuild(build({ browser: 'chrome', version: '150' }), { cacheDir: dir(), chrome })).toEqual({
      label: 'chrome-150',
      engine: 'chromium',
      executablePath: exe,
      args: [],
      version: '150.0.7871.90',
    });
    expect((await ensureBuild(build({ browser: 'chrome', version: 'stable' }), { cacheDir: dir(), chrome })).label).toBe('chrome-stable');
    expect(resolveBuild(build({ browser: 'chrome', version: '150.0.7871.90' }), { cacheDir: dir(), chrome }).executablePath).toBe(exe);
    expect(chrome.installs).toEqual([]);
  });

  it('installs into <cache>/chrome-for-testing what is missing', async () => {
    const exe = await executable(join(dir(), 'downloaded', 'chrome'));
    const chrome = fakeChrome([], async () => ({ buildId: '151.0.7900.1', executablePath: exe, aliases: [] }));
    expect(await ensureBuild(build({ browser: 'chrome', version: '151' }), { cacheDir: dir(), chrome })).toMatchObject({ label: 'chrome-151', executablePath: exe });
    expect(chrome.installs).toEqual([`${join(dir(), 'chrome-for-testing')} 151`]);
  });

  it('says the machine cannot reach Google\'s storage when the download fails offline, and what to use instead', async () => {
    // What Node's fetch throws when the name does not resolve (as on this machine, which has no internet).
    const offline = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND googlechromelabs.github.io'), { code: 'ENOTFOUND' }) });
    const chrome = fakeChrome([], () => Promise.reject(offline));
    const error = await rejectionOf(ensureBuild(build({ browser: 'chrome', version: 'stable' }), { cacheDir: dir(), chrome }));
    expect(error.code).toBe('PREREQUISITE_MISSING');
    expect(error.message).toBe("Chrome for Testing stable could not be downloaded: this machine cannot reach Google's storage (fetch failed)");
    expect(error.hint).toContain("use browser: 'chromium' builds from the cache");
    expect(error.hint).toContain('executablePath');
  });

  it('reports another install failure as such', async () => {
    const chrome = fakeChrome([], () => Promise.reject(new Error('Download failed: server returned code 404')));
    const error = await rejectionOf(ensureBuild(build({ browser: 'chrome', version: '99' }), { cacheDir: dir(), chrome }));
    expect(error.message).toContain('Chrome for Testing 99 could not be installed into');
    expect(error.message).toContain('code 404');
  });

  it('the disk-only resolveBuild refuses a build that is not installed, never downloading it', () => {
    const chrome = fakeChrome([], () => Promise.reject(new Error('must not be called')));
    expect(() => resolveBuild(build({ browser: 'chrome', version: '150' }), { cacheDir: dir(), chrome })).toThrow('Chrome for Testing 150 is not installed in');
    expect(chrome.installs).toEqual([]);
  });
});
