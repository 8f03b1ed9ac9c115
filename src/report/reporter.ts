import type { RunResults } from '../contracts/results.ts';
import { writeHtmlReport } from './html/html-report.ts';
import { writeJsonReport } from './json-report.ts';
import { writeJUnitReport } from './junit/junit-report.ts';

/** Writes one report format of a run into a directory. */
export interface Reporter {
  name: string;
  /** Writes the report into `dir` (created if missing) and returns the written file's path. */
  write(results: RunResults, dir: string): Promise<string>;
}

export type ReportFormat = 'json' | 'junit' | 'html';

export const REPORTERS: Record<ReportFormat, Reporter> = {
  json: { name: 'json', write: writeJsonReport },
  junit: { name: 'junit', write: writeJUnitReport },
  html: { name: 'html', write: writeHtmlReport },
};

/**
 * Writes every report, results.json first since the others can be rebuilt from it. One failing writer
 * does not stop the others: all are attempted, then an AggregateError names the ones that failed and
 * the files that were written. Returns the written paths in the order json, junit, html.
 */
export async function writeAllReports(results: RunResults, dir: string): Promise<string[]> {
  const written: string[] = [];
  const errors: Error[] = [];
  for (const reporter of Object.values(REPORTERS)) {
    try {
      written.push(await reporter.write(results, dir));
    } catch (error) {
      errors.push(new Error(`${reporter.name} report: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
    }
  }
  if (errors.length > 0) {
    const kept = written.length === 0 ? 'no report was written' : `written: ${written.join(', ')}`;
    throw new AggregateError(errors, `${errors.length} report(s) could not be written (${errors.map((e) => e.message).join('; ')}); ${kept}`);
  }
  return written;
}
