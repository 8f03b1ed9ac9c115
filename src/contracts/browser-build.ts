import { z } from 'zod';

/** A build label: lower-case letters, digits, dots and dashes, e.g. `chromium-150`. */
const BUILD_LABEL = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/**
 * One browser build of a matrix: an executable by path, or a product and version taken from the cache
 * that `npm run setup` provisions (scripts/provision-browsers.sh: Debian's Chromium and Firefox ESR builds),
 * or Chrome for Testing through @puppeteer/browsers where the internet is reachable.
 */
export const browserBuildSchema = z
  .strictObject({
    /** Name in reports and verdicts. Default: `<browser>-<version>`, or the executable's folder name. */
    label: z.string().regex(BUILD_LABEL, 'use lower-case letters, digits, dots and dashes').optional(),
    /** The browser by path. */
    executablePath: z.string().min(1).optional(),
    /** The browser by product: `chromium` and `firefox` from the provisioned cache, `chrome` (Chrome for Testing). */
    browser: z.enum(['chromium', 'firefox', 'chrome']).optional(),
    /** With `browser`: a major (`150`), a full version (`150.0.7871.100`), or for `chrome` a channel (`stable`). */
    version: z.string().min(1).optional(),
    /** Engine of an executable given by path. Default: `firefox` when the path names Firefox, else `chromium`. */
    engine: z.enum(['chromium', 'firefox']).optional(),
    /** Extra command-line flags for this build. */
    args: z.array(z.string()).default([]),
  })
  .superRefine((b, ctx) => {
    if ((b.executablePath === undefined) === (b.browser === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either executablePath or browser (with version), not both or neither' });
    }
    if (b.browser !== undefined && b.executablePath === undefined && b.version === undefined) ctx.addIssue({ code: 'custom', path: ['version'], message: `is required with browser (e.g. ${b.browser === 'firefox' ? "'140'" : "'150'"})` });
    if (b.engine !== undefined && b.browser !== undefined) ctx.addIssue({ code: 'custom', path: ['engine'], message: 'only applies to a build given by executablePath' });
  });
export type BrowserBuild = z.output<typeof browserBuildSchema>;
