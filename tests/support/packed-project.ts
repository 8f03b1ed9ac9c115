import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One entry of package-lock.json's `packages`. */
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
  [field: string]: unknown;
}

interface PackageJson {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Where Node finds `name` from the package at `from` (`node_modules/a/node_modules/b`): itself, then each folder up. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let at = from;
  for (;;) {
    const candidate = at === '' ? `node_modules/${name}` : `${at}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (at === '') return undefined;
    const up = at.lastIndexOf('/node_modules/');
    at = up < 0 ? '' : at.slice(0, up);
  }
}

/**
 * Writes a fresh project that depends on a packed callcheck (and on TypeScript, to typecheck its own
 * scenario), with a package-lock.json that pins every package to the version callcheck's own lockfile has.
 * `npm ci --offline` then installs it from npm's cache, which callcheck's own `npm ci` filled: the install
 * is real (the tarball unpacked, its dependencies laid out, its bin linked), and nothing is fetched, so it
 * runs where no traffic may leave the machine (CI's loopback guard).
 */
export function writePackedProject(options: { repoDir: string; tarball: string; projectDir: string }): void {
  const lock = JSON.parse(readFileSync(join(options.repoDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(options.repoDir, 'package.json'), 'utf8')) as PackageJson;
  const { packages } = lock;
  const needed = new Set<string>();
  const walk = (path: string | undefined) => {
    if (path === undefined || needed.has(path)) return;
    needed.add(path);
    const entry = packages[path] as LockEntry;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
      for (const name of Object.keys(entry[field] ?? {})) walk(resolveIn(packages, path, name));
    }
  };
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {}), 'typescript']) walk(resolveIn(packages, '', name));
  const file = basename(options.tarball);
  const typescript = packages['node_modules/typescript']?.version;
  if (typescript === undefined) throw new Error('callcheck\'s lockfile has no typescript');
  const devDependencies = { callcheck: `file:${file}`, typescript };
  const entries: Record<string, LockEntry> = {
    '': { name: 'user-project', devDependencies },
    'node_modules/callcheck': {
      version: pkg.version,
      resolved: `file:${file}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(options.tarball)).digest('base64')}`,
      dev: true,
      license: pkg.license,
      dependencies: pkg.dependencies,
      ...(pkg.optionalDependencies ? { optionalDependencies: pkg.optionalDependencies } : {}),
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const path of [...needed].sort()) entries[path] = { ...(packages[path] as LockEntry), dev: true };
  const write = (name: string, value: unknown) => writeFileSync(join(options.projectDir, name), `${JSON.stringify(value, null, 2)}\n`);
  write('package.json', { name: 'user-project', private: true, type: 'module', devDependencies });
  write('package-lock.json', { name: 'user-project', lockfileVersion: 3, requires: true, packages: entries });
}
