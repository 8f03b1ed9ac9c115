export const USAGE = `callcheck: proves that every call's CDR row carries the CRM id its SIP headers sent.

Usage:
  callcheck run <scenario.ts> [--header-values FILE] [--reports-dir DIR]
  callcheck --help | --version

Commands:
  run    Boot Asterisk and the CDR database, place the scenario's calls from headless
         browsers, verify every CDR row and write reports/<run-id>/.

Options:
  --header-values FILE   JSON lines, one object of header values per call, e.g.
                         {"X-CRM-Id":"C-1001","X-Agent-Id":"a7"}
  --reports-dir DIR      where run directories are written (default: reports)

Environment:
  CALLCHECK_BROWSER      browser executable (default: a Chromium found on the machine)

Exit codes:
  0 all calls conform   1 conformance failure   2 bad usage or invalid scenario
  3 stack or browser could not start            130 interrupted
`;
