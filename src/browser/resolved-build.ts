/** What a browser build request resolves to, and how browser versions are compared and matched. */

/** The engine of a browser: which protocol drives it (CDP for Chromium, WebDriver BiDi for Firefox). */
export type BrowserEngine = 'chromium' | 'firefox';

/** A browser build ready to launch. */
export interface ResolvedBuild {
  /** Name in reports and verdicts, e.g. `chromium-150`. */
  label: string;
  engine: BrowserEngine;
  /** Absolute path of an executable file. */
  executablePath: string;
  /** Extra command-line flags for this build. */
  args: string[];
  /** The exact version the cache or Chrome for Testing holds (absent for a build given by path). */
  version?: string;
}

/** `140.12.0esr` → [140, 12, 0]: for ordering and matching, the `esr` suffix is not part of the number. */
function numbersOf(version: string): number[] {
  return version
    .replace(/esr$/i, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10))
    .map((n) => (Number.isNaN(n) ? 0 : n));
}

function compareVersions(a: string, b: string): number {
  const x = numbersOf(a);
  const y = numbersOf(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A major (`150`), a prefix (`150.0`, `140.12`) or the exact version (`140.12.0esr`, `140.12.0`) matches. */
export function versionMatches(version: string, asked: string): boolean {
  if (version === asked) return true;
  const plain = version.replace(/esr$/i, '');
  const wanted = asked.replace(/esr$/i, '');
  return plain === wanted || plain.startsWith(`${wanted}.`);
}

export const majorOf = (version: string): string => version.split('.')[0] ?? version;

export function newest<T extends { version: string }>(candidates: T[]): T | undefined {
  return [...candidates].sort((a, b) => compareVersions(b.version, a.version))[0];
}
