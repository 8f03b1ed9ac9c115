import { describe, expect, it } from 'vitest';
import { CallcheckError } from '../contracts/errors.ts';
import type { BrowserBuild } from '../contracts/browser-build.ts';
import type { ResolvedBuild } from './resolved-build.ts';
import { resolveMatrix } from './resolve-matrix.ts';

/** Resolves without looking at the disk: the label is the one given, else `<browser>-<version>`. */
const fake = (build: BrowserBuild): ResolvedBuild => ({
  label: build.label ?? `${build.browser ?? 'path'}-${build.version ?? 'x'}`,
  engine: build.browser === 'firefox' ? 'firefox' : 'chromium',
  executablePath: build.executablePath ?? `/cache/${build.browser}-${build.version}`,
  args: build.args,
});

const matrix = (builds: Partial<BrowserBuild>[], extra: { baseline?: string } = {}) => ({ builds: builds.map((b) => ({ args: [], ...b })) as BrowserBuild[], rounds: 2, seed: 7, ...extra });

describe('resolveMatrix', () => {
  it('resolves every build and takes the first as the baseline by default', () => {
    const resolved = resolveMatrix(matrix([{ browser: 'chromium', version: '150' }, { browser: 'firefox', version: '140' }]), fake);
    expect(resolved).toEqual({
      builds: [
        { label: 'chromium-150', engine: 'chromium', executablePath: '/cache/chromium-150', args: [] },
        { label: 'firefox-140', engine: 'firefox', executablePath: '/cache/firefox-140', args: [] },
      ],
      baseline: 'chromium-150',
      rounds: 2,
      seed: 7,
    });
  });

  it('takes the baseline asked for', () => {
    expect(resolveMatrix(matrix([{ browser: 'chromium', version: '150' }, { browser: 'chromium', version: '156' }], { baseline: 'chromium-156' }), fake).baseline).toBe('chromium-156');
  });

  it('refuses two builds under one label, naming both (exit 2)', () => {
    const attempt = () => resolveMatrix(matrix([{ browser: 'chromium', version: '150' }, { browser: 'firefox', version: '140', label: 'chromium-150' }]), fake);
    expect(attempt).toThrow(CallcheckError);
    expect(attempt).toThrow('matrix.builds[0] and matrix.builds[1] are both labelled "chromium-150"');
    try {
      attempt();
    } catch (error) {
      expect((error as CallcheckError).exitCode).toBe(2);
    }
  });

  it('refuses a baseline that is no resolved label', () => {
    expect(() => resolveMatrix(matrix([{ browser: 'chromium', version: '150' }, { browser: 'chromium', version: '156' }], { baseline: 'chromium-151' }), fake)).toThrow(
      'matrix.baseline "chromium-151" is not the label of any build (chromium-150, chromium-156)',
    );
  });

  it('lets a build that is not on the machine stop the run with the resolver\'s own error', () => {
    const missing = () => {
      throw new CallcheckError('PREREQUISITE_MISSING', 'no chromium 149 in the cache');
    };
    expect(() => resolveMatrix(matrix([{ browser: 'chromium', version: '149' }, { browser: 'chromium', version: '150' }]), missing)).toThrow('no chromium 149 in the cache');
  });
});
