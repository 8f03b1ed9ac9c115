import { join } from 'node:path';
import type { CdrRow } from '../../contracts/cdr-row.ts';
import type { RunResults, VerifiedCall } from '../../contracts/results.ts';
import type { ThresholdResult } from '../../contracts/threshold-options.ts';
import type { UnknownRow } from '../../contracts/verdict.ts';
import { truncationInWords } from '../../logic/verify/column-expectation.ts';
import { writeFileAtomic } from '../../run-dir/atomic-write.ts';
import { isCallFailing, reportVerdict, keyValueOf } from '../call-conformance.ts';
import { NOT_VERIFIED_HINT, runConforms, thresholdsFailed } from '../run-verdict.ts';
import { formatObserved, thresholdLine } from '../text/threshold-summary.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.ts';
import { RUN_FILES } from '../../run-dir/run-directory.ts';

interface Failure {
  message: string;
  type: string;
  body: string;
}

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  failure?: Failure;
  /** Shown on a passing testcase: what conformed with a remark (a column truncated as the CDR backend truncates). */
  systemOut?: string;
}

interface TestSuite {
  name: string;
  /** Seconds the suite took: the run's duration for the calls, 0 for thresholds evaluated at its end. */
  seconds: number;
  properties: [string, string][];
  cases: TestCase[];
}

/**
 * Renders the run as JUnit XML. The first suite holds one testcase per call, one failing testcase per
 * unknown CDR row, and a failing testcase for anything that makes the run fail without belonging to a
 * call (no call placed, run interrupted). When the scenario has thresholds, a second suite holds one
 * testcase per threshold, failing with the threshold's line. The suites are green exactly when the run
 * exits 0: a CI dashboard tells a CDR failure (exit 1) from a threshold failure (exit 99) by the suite.
 */
export function renderJUnit(results: RunResults): string {
  const suites = [callsSuite(results), ...thresholdsSuite(results)];
  const all = suites.flatMap((s) => s.cases);
  const rootName = `callcheck ${results.run.scenario}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(rootName)}" ${counts(all, results.run.durationMs / 1000)}>`,
    ...suites.flatMap((suite) => renderSuite(suite, results)),
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

function counts(cases: readonly TestCase[], seconds: number): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${formatSeconds(seconds)}"`;
}

function renderSuite(suite: TestSuite, results: RunResults): string[] {
  return [
    `  <testsuite name="${attr(suite.name)}" ${counts(suite.cases, suite.seconds)} timestamp="${attr(results.run.startedAt)}" hostname="${attr(results.run.host)}">`,
    '    <properties>',
    ...suite.properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...suite.cases.map(renderTestCase),
    '  </testsuite>',
  ];
}

/** Writes `junit.xml` into `dir` atomically and returns its path. */
export async function writeJUnitReport(results: RunResults, dir: string): Promise<string> {
  const path = join(dir, RUN_FILES.junit);
  await writeFileAtomic(path, renderJUnit(results));
  return path;
}

function properties(results: RunResults): [string, string][] {
  const { run, stack } = results;
  const parts: [string, string][] = [];
  if (run.shard !== undefined) parts.push(['callcheck.shard', `${run.shard.index}/${run.shard.count}`]);
  if (run.mergedFrom !== undefined) parts.push(['callcheck.mergedFrom', run.mergedFrom.join(', ')]);
  return [
    ['callcheck.run.id', run.id],
    ['callcheck.scenario.file', run.scenarioFile],
    ['callcheck.version', run.callcheckVersion],
    ['node.version', run.nodeVersion],
    ['asterisk.version', stack.asteriskVersion],
    ['cdr.server', `${stack.cdrServerVersion} (${stack.cdrImage})`],
    ...parts,
    ...results.browsers.map((b): [string, string] => [`browser.${b.id}`, `${b.name} ${b.version}`]),
  ];
}

function renderTestCase(c: TestCase): string {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="${formatSeconds(c.seconds)}"`;
  if (c.failure === undefined) return c.systemOut === undefined ? `${open}/>` : [`${open}>`, `      <system-out>${text(c.systemOut)}</system-out>`, '    </testcase>'].join('\n');
  const { message, type, body } = c.failure;
  return [
    `${open}>`,
    `      <failure message="${attr(message)}" type="${attr(type)}">${text(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

function callsSuite(results: RunResults): TestSuite {
  return { name: `callcheck ${results.run.scenario}`, seconds: results.run.durationMs / 1000, properties: properties(results), cases: callTestCases(results) };
}

/**
 * One testcase per threshold, in the order written, failing with its line (`✗ key expr: observed over n
 * samples`); absent when the scenario has no threshold and the summary says none failed.
 */
function thresholdsSuite(results: RunResults): TestSuite[] {
  const thresholds = results.thresholds ?? [];
  const scenario = results.run.scenario;
  const cases = thresholds.map((t) => thresholdTestCase(t, scenario, results.summary.abortedByThreshold === true));
  // The producer may know of a failed threshold no result shows; the suite must not be green then.
  if (thresholdsFailed(results) && !cases.some((c) => c.failure !== undefined)) {
    cases.push({
      classname: `${scenario}.thresholds`,
      name: 'thresholds passed',
      seconds: 0,
      failure: { type: 'thresholds-failed', message: 'the run failed its thresholds although no threshold result failed', body: `summary: ${JSON.stringify(results.summary)}` },
    });
  }
  if (cases.length === 0) return [];
  const properties: [string, string][] = [['callcheck.abortedByThreshold', String(results.summary.abortedByThreshold === true)]];
  return [{ name: `callcheck ${scenario} thresholds`, seconds: 0, properties, cases }];
}

function thresholdTestCase(t: ThresholdResult, scenario: string, aborted: boolean): TestCase {
  const testCase: TestCase = { classname: `${scenario}.thresholds`, name: `${t.key} ${t.expression}`, seconds: 0 };
  if (t.passed) return testCase;
  const lines = t.noData
    ? [`No sample of ${t.key} matched (${t.samples} ${t.sampleNoun}): the threshold cannot be proven and counts as failed.`]
    : [`Observed ${t.aggregation} = ${formatObserved(t)} over ${t.samples} ${t.sampleNoun}; the threshold requires ${t.aggregation} ${t.operator} ${t.target}.`];
  lines.push(`abortOnFail: ${t.abortOnFail ? 'yes' : 'no'}.`);
  if (aborted) lines.push('The load was stopped early by a threshold with abortOnFail; the thresholds were evaluated on the calls that ran.');
  testCase.failure = { type: t.noData ? 'threshold-no-data' : 'threshold', message: thresholdLine(t), body: lines.join('\n') };
  return testCase;
}

function callTestCases(results: RunResults): TestCase[] {
  const scenario = results.run.scenario;
  const keyHeader = results.stack.keyHeader;
  const cases = results.calls.map((call) => callTestCase(call, scenario, keyHeader));
  cases.push(...results.unknownRows.map((row) => unknownRowTestCase(row, scenario)));

  const runCase = (name: string, failure: Failure): TestCase => ({ classname: `${scenario}.run`, name, seconds: 0, failure });
  if (results.calls.length === 0) {
    cases.push(runCase('no calls placed', {
      type: 'no-calls',
      message: 'the run placed no call, so nothing was verified',
      body: 'A run that places no call cannot show that the softphone and the CDR conform. Check the agents registered and the scenario plans at least one call.',
    }));
  }
  if (results.run.interrupted === true) {
    cases.push(runCase('run interrupted', {
      type: 'interrupted',
      message: 'the run was interrupted before it finished',
      body: `Only ${results.calls.length} call(s) were verified; the run was stopped at ${results.run.finishedAt}.`,
    }));
  }
  const unverified = results.summary.cdr.notVerified ?? 0;
  if (unverified > 0) {
    cases.push(runCase('CDR verified', {
      type: 'cdr-not-verified',
      message: `the CDR rows of ${unverified} call(s) were never read: the run ended before its verification`,
      body: `${NOT_VERIFIED_HINT}\nOnly the calls' own outcomes were checked.`,
    }));
  }
  // The producer may know of a failure no testcase shows; the suite must not be green then.
  if (!runConforms(results) && !cases.some((c) => c.failure !== undefined)) {
    cases.push(runCase('run conforms', {
      type: 'run-failed',
      message: 'the run does not conform although no call or CDR row failed',
      body: `summary: ${JSON.stringify(results.summary)}`,
    }));
  }
  return cases;
}

function callTestCase(call: VerifiedCall, scenario: string, keyHeader: string): TestCase {
  const key = keyValueOf(call, keyHeader);
  const { dialRequested, ended } = call.timeline;
  const testCase: TestCase = {
    // A matrix run's dashboards group the calls by build first: which build failed is the question.
    classname: call.build === undefined ? `${scenario}.${call.agent}` : `${scenario}.${call.build}.${call.agent}`,
    name: key === undefined ? call.id : `${call.id} ${key}`,
    seconds: dialRequested !== undefined && ended !== undefined ? (ended - dialRequested) / 1000 : 0,
  };
  if (isCallFailing(call)) testCase.failure = callFailure(call, key);
  else if (call.cdr.kind === 'matched' && call.cdr.truncated !== undefined) {
    testCase.systemOut = call.cdr.truncated.map((t) => `${t.field} (${t.header}) ${truncationInWords(t)}`).join('\n');
  }
  return testCase;
}

function callFailure(call: VerifiedCall, key: string | undefined): Failure {
  const type = reportVerdict(call);
  const keyText = key === undefined ? 'its key' : `key ${key}`;
  const lines: string[] = [];
  let message: string;
  const cdr = call.cdr;
  switch (cdr.kind) {
    case 'missing':
      message = `no CDR row for ${keyText}: ${cdr.reason}`;
      lines.push(`No CDR row carries ${keyText}.`, `Reason: ${cdr.reason}`);
      break;
    case 'duplicate':
      message = `${cdr.rows.length} CDR rows carry ${keyText}`;
      lines.push(`${cdr.rows.length} CDR rows carry ${keyText}; exactly one was expected:`, ...cdr.rows.map((r) => `- ${describeRow(r)}`));
      break;
    case 'mismatched':
      message = `${cdr.mismatches.length} CDR field(s) differ: ${cdr.mismatches.map((m) => m.field).join(', ')}`;
      lines.push('Fields that differ from what the call implies:');
      for (const m of cdr.mismatches) {
        lines.push(`- ${m.field}: expected ${JSON.stringify(m.expected)}, received ${m.received === null ? 'NULL' : JSON.stringify(m.received)} (${m.rule})`);
      }
      lines.push(`Row: ${describeRow(cdr.row)}`);
      break;
    case 'unexpected-row':
      message = `unexpected CDR row: ${cdr.reason}`;
      lines.push(`A CDR row exists although none should: ${cdr.reason}`, `Row: ${describeRow(cdr.row)}`);
      break;
    case 'lost':
      message = `CDR row lost in a CDR database outage: ${cdr.reason}`;
      lines.push(`No CDR row carries ${keyText}; the CDR database was out when the call hung up.`, `Reason: ${cdr.reason}`);
      break;
    case 'in-flight':
    case 'not-placed':
      message = `${cdr.kind === 'in-flight' ? 'call in flight when Asterisk went down' : 'call not placed: Asterisk was down'}: ${cdr.reason}`;
      lines.push(`No CDR row carries ${keyText}.`, `Reason: ${cdr.reason}`);
      break;
    case 'matched':
    case 'not-recorded':
    case 'not-verified':
      message = type === 'wrong-outcome'
        ? `call ended as ${call.outcome}; the number dialed asked for ${call.plannedOutcome}`
        : `call ${call.outcome}${call.error === undefined ? '' : `: ${call.error}`}`;
      lines.push(`The agent saw the call end as "${call.outcome}"; the number dialed asked for "${call.plannedOutcome}".`);
      if (cdr.kind === 'not-recorded') lines.push(`CDR: not recorded (${cdr.reason}), as expected.`);
      else if (cdr.kind === 'not-verified') lines.push(`CDR: not verified (${cdr.reason}).`);
      else lines.push(`CDR: matched (${describeRow(cdr.row)}).`);
      break;
  }
  lines.push('', ...callContext(call));
  return { message, type, body: lines.join('\n') };
}

/** What the agent observed, so a CI reader can tell a PBX fault from a softphone one without results.json. */
function callContext(call: VerifiedCall): string[] {
  const status = call.sipStatus === undefined ? 'none' : `${call.sipStatus} ${call.sipReason ?? ''}`.trimEnd();
  const lines = [`Agent ${call.agent} on ${call.browser} dialed ${call.dialed} (planned: ${call.plannedOutcome}); outcome ${call.outcome}, final SIP status ${status}.`];
  if (call.error !== undefined) lines.push(`Error: ${call.error}`);
  if (call.sip.length > 0) {
    lines.push('SIP:');
    const start = call.timeline.dialRequested ?? call.sip[0]?.at ?? 0;
    for (const m of call.sip) lines.push(`  +${Math.round(m.at - start)} ms ${m.direction === 'sent' ? '→' : '←'} ${m.firstLine}`);
  }
  return lines;
}

function unknownRowTestCase(unknown: UnknownRow, scenario: string): TestCase {
  const key = unknown.key ?? '(no key)';
  return {
    classname: `${scenario}.cdr`,
    name: `unknown row ${key}`,
    seconds: 0,
    failure: {
      type: 'unknown-row',
      message: `CDR row with key ${key} matches no call of this run`,
      body: `No call of this run sent key ${key}, yet this row carries it:\n${describeRow(unknown.row)}`,
    },
  };
}

function describeRow(row: CdrRow): string {
  const mapped = Object.entries(row.mapped).map(([column, value]) => `${column}=${value === null ? 'NULL' : JSON.stringify(value)}`);
  return [
    `uniqueid=${row.uniqueid}`,
    `calldate=${row.calldate}`,
    `src=${row.src}`,
    `dst=${row.dst}`,
    `disposition=${row.disposition}`,
    `duration=${row.duration}`,
    `billsec=${row.billsec}`,
    ...mapped,
  ].join(', ');
}

function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) && seconds > 0 ? seconds.toFixed(3) : '0';
}
