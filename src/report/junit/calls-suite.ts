import type { RunResults, VerifiedCall } from '../../contracts/results.ts';
import type { UnknownRow } from '../../contracts/verdict.ts';
import { truncationInWords } from '../../logic/verify/column-expectation.ts';
import { isCallFailing, keyValueOf } from '../call-conformance.ts';
import { NOT_VERIFIED_HINT, runConforms } from '../run-verdict.ts';
import { callFailure, describeRow } from './call-failure.ts';
import type { Failure, TestCase, TestSuite } from './junit-xml.ts';
import { cdrServerName } from '../../contracts/cdr-engine.ts';

function properties(results: RunResults): [string, string][] {
  const { run, stack } = results;
  const parts: [string, string][] = [];
  if (run.shard !== undefined) parts.push(['callcheck.shard', `${run.shard.index}/${run.shard.count}`]);
  if (run.mergedFrom !== undefined) parts.push(['callcheck.mergedFrom', run.mergedFrom.join(', ')]);
  if (stack.userConfig !== undefined) {
    parts.push(['asterisk.config', stack.userConfig.folders.join(', ')], ['asterisk.config.changes', String(stack.userConfig.changes.length)]);
  }
  return [
    ['callcheck.run.id', run.id],
    ['callcheck.scenario.file', run.scenarioFile],
    ['callcheck.version', run.callcheckVersion],
    ['node.version', run.nodeVersion],
    ['asterisk.version', stack.asteriskVersion],
    ['cdr.server', `${cdrServerName(stack.cdrEngine, stack.cdrServerVersion)} (${stack.cdrImage})`],
    ...parts,
    ...results.browsers.map((b): [string, string] => [`browser.${b.id}`, `${b.name} ${b.version}`]),
  ];
}

/**
 * The suite of the calls: one testcase per call and per unknown CDR row, and a failing testcase for what
 * fails the run without belonging to a call; the run's versions as its properties.
 */
export function callsSuite(results: RunResults): TestSuite {
  return { name: `callcheck ${results.run.scenario}`, seconds: results.run.durationMs / 1000, properties: properties(results), cases: callTestCases(results) };
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

