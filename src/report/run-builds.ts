import type { BuildRef } from '../contracts/comparison.ts';
import type { BrowserInfo, RunResults, VerifiedCall } from '../contracts/results.ts';

/** The calls of a run that one browser build placed, and the build as a comparison names it. */
export interface RunBuild {
  /** The matrix build label, or for a run without a matrix `<engine>-<version>` (e.g. `chromium-156.0.8078.108`). */
  label: string;
  ref: BuildRef;
  /** Whether this is the matrix's baseline build (never for a run without a matrix). */
  baseline: boolean;
  /** Ids of the run's browsers that ran this build. */
  browserIds: string[];
  /** The build's calls, in the order they were placed. */
  calls: VerifiedCall[];
}

const ENGINE_PRODUCT: Record<BuildRef['engine'], string> = { chromium: 'Chromium', firefox: 'Firefox' };

/**
 * A build as a reader tells it apart: the engine's product name and the exact version, e.g.
 * `Chromium 156.0.8078.108`. The engine, not `name`: Chromium and Chrome both report `HeadlessChrome`.
 */
export function buildProduct(ref: Pick<BuildRef, 'engine' | 'version'>): string {
  return ref.version === '' ? ENGINE_PRODUCT[ref.engine] : `${ENGINE_PRODUCT[ref.engine]} ${ref.version}`;
}

/**
 * `chromium-156 (Chromium 156.0.8078.108)`: the label the run uses, with what it was exactly; only the
 * product when the label says nothing more (`chromium-156.0.8078.108`, a run without a matrix).
 */
export function buildTitle(ref: Pick<BuildRef, 'build' | 'engine' | 'version'>): string {
  const product = buildProduct(ref);
  return ref.build === `${ref.engine}-${ref.version}` ? product : `${ref.build} (${product})`;
}

/**
 * The run's calls grouped by the browser build that placed them. In a browser matrix the groups are the
 * matrix's builds, in its order; otherwise browsers of the same engine and version are one build (a run
 * with `browser.count` 3 of one Chromium has one build), in the order the browsers were started.
 * A build that placed no call is kept, so a report can say so.
 */
export function runBuilds(results: RunResults): RunBuild[] {
  const browsers = new Map(results.browsers.map((b) => [b.id, b]));
  const groups = new Map<string, RunBuild>();
  const add = (label: string, browser: BrowserInfo | undefined, version: string | undefined) => {
    let group = groups.get(label);
    if (group === undefined) {
      group = {
        label,
        ref: { build: label, engine: browser?.engine ?? 'chromium', name: browser?.name ?? '', version: browser?.version || (version ?? ''), runId: results.run.id },
        baseline: results.matrix?.baseline === label,
        browserIds: [],
        calls: [],
      };
      groups.set(label, group);
    } else if (group.ref.name === '' && browser !== undefined) {
      // The label came first from a call whose browser the results do not list; a listed one says more.
      group.ref = { ...group.ref, engine: browser.engine ?? 'chromium', name: browser.name, version: browser.version || group.ref.version };
    }
    if (browser !== undefined && !group.browserIds.includes(browser.id)) group.browserIds.push(browser.id);
    return group;
  };
  for (const label of results.matrix?.builds ?? []) add(label, results.browsers.find((b) => b.build === label), undefined);
  for (const browser of results.browsers) add(labelOf(browser, undefined), browser, undefined);
  for (const call of results.calls) {
    const browser = browsers.get(call.browser);
    add(call.build ?? labelOf(browser, call), browser, call.browserVersion).calls.push(call);
  }
  // Browsers that placed no call are left out outside a matrix: a spare browser is not a build under test.
  return [...groups.values()].filter((g) => g.calls.length > 0 || results.matrix?.builds.includes(g.label) === true);
}

function labelOf(browser: BrowserInfo | undefined, call: VerifiedCall | undefined): string {
  if (browser?.build !== undefined) return browser.build;
  const version = browser?.version || call?.browserVersion;
  if (version === undefined || version === '') return browser?.id ?? call?.browser ?? 'unknown';
  return `${browser?.engine ?? 'chromium'}-${version}`;
}
