import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * Chart.js's UMD build, ready to be inlined in the HTML report. The package's `exports` map does not
 * expose `dist/chart.umd.min.js`, so the file is found beside the CommonJS entry point (`dist/chart.cjs`)
 * that resolving the bare package name yields. Read once per process.
 */
export function chartJsSource(): string {
  if (cached === undefined) {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    cached = toInlineScript(readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8'));
  }
  return cached;
}

/**
 * Makes a script safe to place between `<script>` and `</script>`:
 * - `</script` would end the element early; `<\/script` means the same in JS strings, regexes and comments;
 * - `<!--` can put the HTML parser in its "double escaped" state, where no textual rewrite is safe
 *   for every JS context, so it is refused rather than guessed at;
 * - a `sourceMappingURL` comment would make developer tools fetch a file the report does not ship.
 */
export function toInlineScript(source: string): string {
  if (/<!--/.test(source)) throw new Error('script contains "<!--" and cannot be inlined safely in HTML');
  return source.replace(/^\/\/# sourceMappingURL=.*$/gm, '').replace(/<\/(script)/gi, '<\\/$1');
}
