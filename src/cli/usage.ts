export const USAGE = `callcheck: proves that every call's CDR row carries the CRM id its SIP headers sent.

Usage:
  callcheck run <scenario.ts> [--header-values FILE] [--reports-dir DIR] [--shard i/n]
  callcheck merge <run-dir> <run-dir>... --out DIR
  callcheck --help | --version

Commands:
  run    Boot Asterisk and the CDR database, place the scenario's calls from headless
         browsers under the scenario's load profile, verify every CDR row,
         evaluate the thresholds and write reports/<run-id>/.
  merge  Join the run directories of a split run (--shard) into one run,
         verified afresh over every call and CDR row, with one report.

Options:
  --header-values FILE   JSON lines, one object of header values per call, e.g.
                         {"X-CRM-Id":"C-1001","X-Agent-Id":"a7"}
  --reports-dir DIR      where run directories are written (default: reports)
  --shard i/n            place shard i of n of the load (1-based); each shard writes
                         its own run directory, joined later with callcheck merge
  --out DIR              (merge) the directory the merged run is written to

Environment:
  CALLCHECK_BROWSER      browser executable (default: a Chromium found on the machine)
  CI                     when set, progress is printed as plain lines every 10 s

Exit codes:
  0 all calls conform   1 conformance failure   2 bad usage or invalid scenario
  3 stack or browser could not start            99 a threshold failed (calls conform)
  130 interrupted
`;
