import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CallcheckError } from '../contracts/errors.ts';
import { ExitCode } from '../contracts/exit-codes.ts';
import { COMPARISON_HTML_FILE } from '../report/comparison-report.ts';
import { newestReportDir, RUN_FILES } from '../run-dir/run-directory.ts';
import { ReportServer } from './report-server.ts';
import { findSystemOpener, openWithSystem, type SystemOpener } from './system-opener.ts';

export interface ShowReportOptions {
  /** The report directory. Default: the newest one under `reportsDir` with an index.html. */
  dir?: string;
  /** Default `reports`. */
  reportsDir?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Serving stops when it aborts (the CLI aborts it on Ctrl-C and SIGTERM). */
  signal: AbortSignal;
  /** Default process.env: `CI` decides whether a browser is opened. */
  env?: NodeJS.ProcessEnv;
  /** Default the system's opener, when there is one. */
  opener?: SystemOpener | undefined;
  /** Default process.stdout. */
  print?: (line: string) => void;
}

/**
 * `callcheck show-report`: serves a report directory on 127.0.0.1 until interrupted, and opens it in the
 * user's browser, except under CI, where nobody would look at it and a CI runner must never start one
 * (Playwright's rule). Returns 0 when stopped: Ctrl-C is how a reader says they are done.
 */
export async function showReport(options: ShowReportOptions): Promise<number> {
  const print = options.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const env = options.env ?? process.env;
  const dir = options.dir ?? (await newest(options.reportsDir ?? 'reports'));
  await checkReportDir(dir);

  await using server = await ReportServer.start({ root: dir, ...(options.port === undefined ? {} : { port: options.port }) });
  print(`serving ${dir} at ${server.url} (127.0.0.1 only; Ctrl-C to stop)`);
  const ci = env['CI'];
  if (ci !== undefined && ci !== '') {
    print(`CI is set, so no browser is opened: open ${server.url} yourself`);
  } else {
    const opener = 'opener' in options ? options.opener : findSystemOpener(process.platform, env);
    if (opener === undefined) {
      print(`no opener found (xdg-open is not on the PATH): open ${server.url} in a browser`);
    } else {
      await openWithSystem(opener, server.url).then(
        () => print(`opened in your browser (${opener.command})`),
        (error: unknown) => print(`could not start ${opener.command} (${error instanceof Error ? error.message : String(error)}): open ${server.url} in a browser`),
      );
    }
  }
  await new Promise<void>((done) => {
    if (options.signal.aborted) return done();
    options.signal.addEventListener('abort', () => done(), { once: true });
  });
  print('stopped serving the report');
  return ExitCode.Ok;
}

async function newest(reportsDir: string): Promise<string> {
  const dir = await newestReportDir(reportsDir);
  if (dir !== undefined) return dir;
  throw new CallcheckError('INVALID_ARGUMENTS', `no report found under ${reportsDir}: none of its directories has an ${RUN_FILES.html}`, {
    hint: 'run callcheck run first, or pass the report directory: callcheck show-report reports/<run-id>',
  });
}

async function checkReportDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  const hint = 'pass a run directory (with index.html) or a comparison directory (with comparison.html), e.g. callcheck show-report reports/<run-id>';
  if (info === undefined) throw new CallcheckError('INVALID_ARGUMENTS', `report directory ${dir} does not exist`, { hint });
  if (!info.isDirectory()) throw new CallcheckError('INVALID_ARGUMENTS', `${dir} is a file; show-report serves a report directory`, { hint });
  const pages = await Promise.all([RUN_FILES.html, COMPARISON_HTML_FILE].map((name) => stat(join(dir, name)).then((s) => s.isFile(), () => false)));
  if (!pages.some(Boolean)) throw new CallcheckError('INVALID_ARGUMENTS', `${dir} holds no report: it has neither ${RUN_FILES.html} nor ${COMPARISON_HTML_FILE}`, { hint });
}
