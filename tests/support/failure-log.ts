import { onTestFailed, TestRunner } from 'vitest';

/** Prints `text` under `heading` on stderr, as the evidence of a failure. */
export function printLog(heading: string, text: string): void {
  console.error(`--- ${heading}\n${text}`);
}

/**
 * Prints `text()` under `heading` on stderr if the test now running fails, so that a failure in CI shows
 * what the run logged or what the CLI said; `text` is read only then, so it may keep growing until the end.
 * Outside a test (in a beforeAll) there is no test to fail: it registers nothing and returns false, and the
 * hook prints what it has with {@link printLog} if it throws.
 */
export function printIfTestFails(heading: string, text: () => string): boolean {
  if (TestRunner.getCurrentTest() === undefined) return false;
  onTestFailed(() => printLog(heading, text()));
  return true;
}
