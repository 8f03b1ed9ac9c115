import { onTestFailed, TestRunner } from 'vitest';

/**
 * Prints `text()` under `heading` on stderr if the test now running fails, so that a failure in CI shows
 * what the run logged or what the CLI said; `text` is read only then, so it may keep growing until the end.
 * Outside a test (in a beforeAll) there is no test to fail, and it does nothing: the hook prints what it has
 * itself when it throws.
 */
export function printIfTestFails(heading: string, text: () => string): void {
  if (TestRunner.getCurrentTest() === undefined) return;
  onTestFailed(() => {
    console.error(`--- ${heading}\n${text()}`);
  });
}
