export const USAGE = `callcheck: proves that every call's CDR row carries the CRM id its SIP headers sent.

Usage:
  callcheck run <scenario.ts> [--header-values FILE] [--reports-dir DIR] [--shard i/n]
                [--max-failures N] [--cdr-image IMAGE]
  callcheck merge <run-dir> <run-dir>... --out DIR
  callcheck compare <baseline-run-dir> <candidate-run-dir> [--out DIR]
                    [--baseline-build LABEL] [--candidate-build LABEL] [--seed N]
  callcheck show-report [report-dir] [--port N]
  callcheck report <run-dir>
  callcheck verify <run-dir> [--cdr mysql://user:password@host:port/database [--cdr-ca FILE]]
  callcheck setup
  callcheck --help | --version

Commands:
  run          Boot Asterisk and the CDR database, place the scenario's calls from
               headless browsers under the scenario's load profile, verify every
               CDR row, evaluate the thresholds and write reports/<run-id>/.
  merge        Join the run directories of a split run (--shard) into one run,
               verified afresh over every call and CDR row, with one report.
  compare      Compare one browser build's answered calls from each of two runs
               made at different times, phase by phase (p50 and p95 with bootstrap
               intervals, Mann-Whitney test); write comparison.json and
               comparison.html; print the summary and each significant change.
  show-report  Serve a report directory (default: the newest run under reports/)
               on 127.0.0.1 and open it in the browser (never when CI is set),
               until Ctrl-C.
  report       Write a run directory's reports again from what it kept (run.json,
               calls.jsonl, cdr-rows.json): after a run that was killed, or to
               rebuild them. Calls whose CDR rows were never read: not verified.
  verify       Check a run's calls again against the CDR rows of the database
               --cdr names (batch CDRs, a restored database), or without --cdr
               against the rows the run kept; write its reports again.
  setup        Prepare this machine (as root, or with sudo): Debian packages, the
               Docker engine, callcheck's images and the browser matrix's builds
               (what npm run setup does in a clone of callcheck).

Options:
  --header-values FILE   JSON lines, one object of header values per call, e.g.
                         {"X-CRM-Id":"C-1001","X-Agent-Id":"a7"}; an array sends
                         the header once per element: {"X-Tag":["a","b"]}
  --reports-dir DIR      where run directories are written, and where compare and
                         show-report look by default (default: reports)
  --shard i/n            place shard i of n of the load (1-based); each shard writes
                         its own run directory, joined later with callcheck merge
  --max-failures N       (run) once N calls have failed (an outcome other than the
                         planned one), start no new call: the calls in flight end,
                         every call placed is verified and reported; exit 1
  --cdr-image IMAGE      (run) the CDR database's image instead of the scenario's
                         cdr.image, e.g. callcheck/cdr-mariadb:local for MariaDB
                         (default mysql:8.4, else callcheck/cdr-mysql:local)
  --out DIR              (merge) the directory the merged run is written to;
                         (compare) where the comparison goes (default:
                         reports/compare-<baseline-id>-vs-<candidate-id>)
  --baseline-build L     (compare) the baseline run's build, e.g. chromium-150;
  --candidate-build L    the candidate run's; needed when a run has several
  --seed N               (compare) seed of the bootstrap (default 1): the same
                         runs and seed give the same comparison.json
  --port N               (show-report) port on 127.0.0.1 (default 0: any free)
  --cdr URL              (verify) the CDR database, on 127.0.0.1 or localhost
  --cdr-ca FILE          (verify) PEM file of the CA of that database's TLS
                         certificate: read it over TLS, the certificate checked

Environment:
  CALLCHECK_BROWSER      browser executable (default: a Chromium found on the machine)
  CI                     when set, progress is printed as plain lines every 10 s,
                         and show-report opens no browser
  CALLCHECK_DEBUG        when set, an unexpected error is printed with its stack

Exit codes:
  0 all calls conform   1 conformance failure   2 bad usage or invalid scenario
  3 stack or browser could not start            99 a threshold failed (calls conform)
  130 interrupted
  Each exit ends with one line on stderr starting with "callcheck:" that says why.
  compare and show-report: 0 done (show-report: stopped by Ctrl-C), 2 bad input
  report and verify: the verdict of the calls kept (0, 1, 99; 3 when some were
  never verified), 2 not a run directory, 3 the database cannot be used
`;
